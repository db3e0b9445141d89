"""Moderation in the Django admin. Actions call the services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdminMixin

from records.admin import apply_to_selected
from records.history import ReadableHistoryAdmin

from . import images, services
from .models import (
    Initiative,
    Tag,
    Tombstone,
)
from .permissions import can_moderate


class ModerationFilter(admin.SimpleListFilter):
    title = _("moderation")
    parameter_name = "moderation"

    def lookups(self, request, model_admin):
        return [
            ("todo", _("Awaiting moderation")),
            ("new", _("New submissions")),
            ("changed", _("Changes to published initiatives")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "todo":
            return queryset.needs_moderation()
        if self.value() == "new":
            return queryset.new_submissions()
        if self.value() == "changed":
            return queryset.changes_awaiting()
        return queryset


class ModerationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the initiator when you reject)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
    )


# Decision buttons on the moderation page: name -> (service, needs a reason).
DECISIONS = {
    "publish": (services.publish, False),
    "reject": (services.reject, True),
    "approve_changes": (services.approve_changes, False),
    "reject_changes": (services.reject_changes, True),
}

PENDING_FIELDS = (
    ("name", _("name")),
    ("summary", _("summary")),
    ("description", _("description")),
    ("tags", _("themes")),
    ("website", _("website")),
    ("public_email", _("public e-mail address")),
    ("public_phone", _("public phone number")),
    ("social_links", _("social media links")),
    ("address", _("address")),
    ("show_address", _("show the address")),
    ("opening_hours", _("meeting or opening times")),
    ("image", _("image")),
    ("image_alt", _("image description")),
    ("place_name", _("place")),
    ("location", _("location")),
    ("contact_name", _("contact name")),
    ("contact_email", _("contact e-mail")),
    ("contact_consent", _("show contact details")),
)


def pending_changes_table(initiative):
    """The waiting update beside the published values, changed rows only."""
    changes = initiative.pending_changes or {}
    current = {name: getattr(initiative, name, "") for name, _label in PENDING_FIELDS}
    current["tags"] = sorted(t.slug for t in initiative.tags.all())
    current["location"] = [round(c, 6) for c in initiative.location.coords]
    rows = [
        (label, _shown(name, current[name]), _shown(name, changes[name]))
        for name, label in PENDING_FIELDS
        if name in changes and changes[name] != current[name]
    ]
    if not rows:
        return _("No changes awaiting review.")
    return format_html(
        "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
        "<tbody>{}</tbody></table>",
        _("field"),
        _("published now"),
        _("proposed"),
        format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
    )


def location_check(initiative):
    """A clear flag when the location lies outside its place, with the
    distance; the initiator had to confirm it on the form."""
    if not initiative.location_outside_place:
        return "—"
    return format_html(
        '<strong class="location-flag">⚠ {}</strong>',
        _("%(km)s km from %(place)s, outside it; confirmed by the initiator")
        % {
            "km": number_format(initiative.place_distance_km or 0, 1),
            "place": initiative.place_name,
        },
    )


def _shown(name, value):
    """A value of the pending-changes table: an image as itself."""
    if name == "image":
        return image_preview(value)
    return value


def image_preview(name):
    if not name:
        return "—"
    return format_html('<img src="{}" alt="" width="240">', images.urls(name)[240])


@admin.register(Initiative)
class InitiativeAdmin(LeafletGeoAdminMixin, ReadableHistoryAdmin):
    list_display = (
        "name",
        "place_name",
        "municipality",
        "region",
        "status",
        "has_pending_changes",
        "location_check",
        "updated_at",
    )
    list_filter = (
        ModerationFilter,
        "status",
        "location_outside_place",
        "region",
        "province",
        "tags",
        "is_demo",
    )
    search_fields = ("name", "summary", "place_name", "contact_name", "contact_email")
    # The status changes only through the actions and the moderation page,
    # which call the services (their guards, e-mails and tombstones).
    readonly_fields = (
        "status",
        "slug",
        "municipality",
        "province",
        "region",
        "created_at",
        "updated_at",
        "pending_changes_table",
        "location_check",
        "image_shown",
        "confirmed_at",
        "reminder_sent_at",
        "reminder_reported_at",
    )
    filter_horizontal = ("tags",)
    list_select_related = ("municipality", "region")
    actions = ["publish", "archive"]
    change_form_template = "admin/initiatives/initiative/change_form.html"
    change_list_template = "admin/initiatives/initiative/change_list.html"
    fieldsets = (
        (
            None,
            {"fields": ("name", "slug", "summary", "description", "tags", "website")},
        ),
        (
            _("Location"),
            {
                "fields": (
                    "place_name",
                    "location_check",
                    "location",
                    "municipality",
                    "province",
                    "region",
                )
            },
        ),
        (
            _("Contact for visitors"),
            {
                # The stored image's name is not editable: its preview instead.
                "fields": tuple(
                    "image_shown" if name == "image" else name
                    for name in Initiative.PUBLIC_CONTACT
                )
            },
        ),
        (
            _("Contact"),
            {"fields": ("contact_name", "contact_email", "contact_consent")},
        ),
        (
            _("Moderation"),
            {
                "fields": (
                    "status",
                    "pending_changes_table",
                    "moderation_note",
                    "is_demo",
                    "created_at",
                    "updated_at",
                    "confirmed_at",
                    "reminder_sent_at",
                    "reminder_reported_at",
                )
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_areas()  # names, not shapes

    @admin.display(boolean=True, description=_("changes waiting"))
    def has_pending_changes(self, initiative):
        return initiative.pending_changes is not None

    @admin.display(description=_("location check"), ordering="place_distance_km")
    def location_check(self, initiative):
        return location_check(initiative)

    @admin.display(description=_("image"))
    def image_shown(self, initiative):
        return image_preview(initiative.image)

    @admin.display(description=_("changes awaiting review"))
    def pending_changes_table(self, initiative):
        return pending_changes_table(initiative)

    def get_urls(self):
        moderate = self.admin_site.admin_view(self.moderate_view)
        return [
            path(
                "<path:object_id>/moderate/",
                moderate,
                name="initiatives_initiative_moderate",
            ),
            *super().get_urls(),
        ]

    def moderate_view(self, request, object_id):
        """Approve or reject a submission or an update, with a reason."""
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        initiative = get_object_or_404(Initiative, pk=object_id)
        form = ModerationForm(request.POST or None)
        decision = next((name for name in DECISIONS if name in request.POST), None)
        if request.method == "POST" and decision and form.is_valid():
            service, needs_reason = DECISIONS[decision]
            reason = {"reason": form.cleaned_data["reason"]} if needs_reason else {}
            try:
                service(initiative=initiative, **reason)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                self.message_user(request, _("Decision saved."), messages.SUCCESS)
                return redirect("admin:index")  # the queue: on to the next
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": initiative,
            "title": _("Moderate %(name)s") % {"name": initiative.name},
            "form": form,
            "changes": pending_changes_table(initiative),
            "location_check": location_check(initiative),
            "image": image_preview(initiative.image),
            "change_url": reverse(
                "admin:initiatives_initiative_change", args=[initiative.pk]
            ),
        }
        return TemplateResponse(
            request, "admin/initiatives/initiative/moderate.html", context
        )

    def has_moderate_permission(self, request):
        return can_moderate(request.user)

    @admin.action(
        description=_("Publish the selected initiatives"), permissions=["moderate"]
    )
    def publish(self, request, queryset):
        self._moderate(request, queryset, services.publish)

    @admin.action(
        description=_("Archive the selected initiatives"), permissions=["moderate"]
    )
    def archive(self, request, queryset):
        self._moderate(request, queryset, services.archive)

    def _moderate(self, request, queryset, service):
        apply_to_selected(self, request, queryset, service, argument="initiative")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "contact_email" in form.changed_data:
            previous = form.initial.get("contact_email", "")
            services.hand_over_links(initiative=obj, previous=previous)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Tombstone)
class TombstoneAdmin(admin.ModelAdmin):
    list_display = ("initiative_id", "status", "left_at")
    readonly_fields = ("initiative_id", "status", "left_at")

    def has_add_permission(self, request):
        return False
