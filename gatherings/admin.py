"""Gatherings in the Django admin. Actions call the services."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdminMixin

from records.admin import apply_to_selected

from . import display, services
from .models import Gathering


class TimingFilter(admin.SimpleListFilter):
    """Upcoming or past, decided at request time."""

    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", _("Upcoming")), ("past", _("Past"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "upcoming":
            return queryset.upcoming(now)
        if self.value() == "past":
            return queryset.past(now)
        return queryset


@admin.register(Gathering)
class GatheringAdmin(LeafletGeoAdminMixin, admin.ModelAdmin):
    list_display = ("title", "start_date", "kind", "where", "region", "status")
    list_filter = (TimingFilter, "region", "kind", "status", "online")
    search_fields = ("title", "description", "place_name")
    date_hierarchy = "start_date"
    autocomplete_fields = ("host_initiative",)
    actions = ["duplicate", "publish", "cancel"]
    # The status changes only through the actions, which call the services;
    # a new gathering starts as a draft.
    readonly_fields = (
        "status",
        "municipality",
        "province",
        "sequence",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("title", "slug", "kind", "description", "status")}),
        (
            _("Date and time (Europe/Amsterdam)"),
            {"fields": ("start_date", "start_time", "end_date", "end_time")},
        ),
        (
            _("Place"),
            {
                "fields": (
                    "online",
                    "host_initiative",
                    "location",
                    "place_name",
                    "region",
                    "municipality",
                    "province",
                )
            },
        ),
        (_("Sign-up"), {"fields": ("signup_url", "signup_email")}),
        (_("Record"), {"fields": ("sequence", "created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).for_list()

    def get_readonly_fields(self, request, obj=None):
        """A slug is part of the calendar UID: it never changes once saved."""
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "slug") if obj is not None else fields

    @admin.display(description=_("where"))
    def where(self, gathering):
        return display.place_text(gathering)

    @admin.action(description=_("Duplicate as drafts (for a series)"))
    def duplicate(self, request, queryset):
        self._apply(request, queryset, services.duplicate)

    @admin.action(description=_("Publish the selected gatherings"))
    def publish(self, request, queryset):
        self._apply(request, queryset, services.publish)

    @admin.action(description=_("Cancel the selected gatherings"))
    def cancel(self, request, queryset):
        self._apply(request, queryset, services.cancel)

    def _apply(self, request, queryset, service):
        apply_to_selected(self, request, queryset, service, argument="gathering")
