"""The admin's change history in words a moderator reads: the labels of
choices ("Gepubliceerd", not "published"), yes and no, and a dash for
nothing."""

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

EMPTY = "—"


def readable(field, value):
    """One stored value of a model field as the admin shows it."""
    if value is None or value == "":
        return EMPTY
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    return value


class ReadableHistoryHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        prepared = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if isinstance(prepared, list):
            return [str(item) for item in prepared] or EMPTY
        return readable(field, prepared)


class ReadableHistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose history shows labels, not stored values."""

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistoryHelper(self.model, historical_record)

    def history_view(self, request, object_id, extra_context=None):
        # django-simple-history looks up any text as a primary key: a path
        # such as "1/change" must be a 404, not a 500.
        try:
            self.model._meta.pk.to_python(object_id)
        except ValidationError:
            raise Http404 from None
        return super().history_view(request, object_id, extra_context)

    def render_history_view(self, request, template, context, **kwargs):
        for record in context.get("page_obj") or ():
            # Shown as it is: "None" when no reason was given.
            record.history_change_reason = record.history_change_reason or EMPTY
        return super().render_history_view(request, template, context, **kwargs)
