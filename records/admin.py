"""Bulk actions in the admin: a service applied to each selected row."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext


def apply_to_selected(modeladmin, request, queryset, service, *, argument):
    """Call service(argument=row) for each row; report refusals one by one
    and the number of rows changed."""
    done = 0
    for row in queryset:
        try:
            service(**{argument: row})
            done += 1
        except ValidationError as error:
            modeladmin.message_user(
                request, f"{row}: {' '.join(error.messages)}", messages.ERROR
            )
    if done:
        message = ngettext("%(count)d changed.", "%(count)d changed.", done)
        modeladmin.message_user(request, message % {"count": done}, messages.SUCCESS)
