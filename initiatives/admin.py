"""Moderation in the Django admin. Actions call the services."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from leaflet.admin import LeafletGeoAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import (
    ApiUsage,
    Initiative,
    Municipality,
    Place,
    Postcode,
    Province,
    Region,
    Tag,
    Tombstone,
)


@admin.register(Initiative)
class InitiativeAdmin(LeafletGeoAdminMixin, SimpleHistoryAdmin):
    list_display = (
        "name",
        "place_name",
        "municipality",
        "region",
        "status",
        "updated_at",
    )
    list_filter = ("status", "region", "province", "tags", "is_demo")
    search_fields = ("name", "summary", "place_name", "contact_name", "contact_email")
    readonly_fields = (
        "slug",
        "municipality",
        "province",
        "region",
        "created_at",
        "updated_at",
    )
    filter_horizontal = ("tags",)
    list_select_related = ("municipality", "region")
    actions = ["publish", "reject", "archive"]
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
                    "location",
                    "municipality",
                    "province",
                    "region",
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
                    "moderation_note",
                    "is_demo",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )

    @admin.action(description=_("Publish the selected initiatives"))
    def publish(self, request, queryset):
        self._moderate(request, queryset, services.publish)

    @admin.action(description=_("Reject the selected initiatives"))
    def reject(self, request, queryset):
        self._moderate(request, queryset, services.reject)

    @admin.action(description=_("Archive the selected initiatives"))
    def archive(self, request, queryset):
        self._moderate(request, queryset, services.archive)

    def _moderate(self, request, queryset, service):
        done = 0
        for initiative in queryset:
            try:
                service(initiative=initiative)
                done += 1
            except ValidationError as error:
                self.message_user(
                    request, f"{initiative}: {' '.join(error.messages)}", messages.ERROR
                )
        if done:
            message = ngettext(
                "%(count)d initiative changed.", "%(count)d initiatives changed.", done
            )
            self.message_user(request, message % {"count": done}, messages.SUCCESS)


class ProvinceInline(admin.TabularInline):
    model = Province
    fields = ("code", "name")
    readonly_fields = ("code", "name")
    extra = 0
    can_delete = False


@admin.register(Region)
class RegionAdmin(LeafletGeoAdminMixin, admin.ModelAdmin):
    list_display = ("name", "slug", "order")
    readonly_fields = ("boundary", "outline")
    inlines = [ProvinceInline]


@admin.register(Province)
class ProvinceAdmin(LeafletGeoAdminMixin, admin.ModelAdmin):
    list_display = ("name", "code", "region")
    list_editable = ("region",)
    readonly_fields = ("code", "boundary", "outline")

    def save_model(self, request, obj, form, change):
        previous = (
            Province.objects.filter(pk=obj.pk).values_list("region", flat=True).first()
        )
        super().save_model(request, obj, form, change)
        for region in Region.objects.filter(pk__in={previous, obj.region_id} - {None}):
            services.refresh_region(region=region)


@admin.register(Municipality)
class MunicipalityAdmin(LeafletGeoAdminMixin, admin.ModelAdmin):
    list_display = ("name", "code", "province")
    list_filter = ("province",)
    search_fields = ("name", "code")
    readonly_fields = ("code", "province", "boundary")


@admin.register(Place)
class PlaceAdmin(LeafletGeoAdminMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "municipality", "province")
    list_filter = ("kind", "province")
    search_fields = ("name", "alt_names")
    list_select_related = ("municipality", "province")
    raw_id_fields = ("municipality", "province")


@admin.register(Postcode)
class PostcodeAdmin(LeafletGeoAdminMixin, admin.ModelAdmin):
    list_display = ("code", "place_names", "municipality")
    search_fields = ("code", "place_names")
    raw_id_fields = ("municipality",)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(ApiUsage)
class ApiUsageAdmin(admin.ModelAdmin):
    list_display = ("day", "user", "requests")
    list_filter = ("day", "user")
    date_hierarchy = "day"
    readonly_fields = ("user", "day", "requests")

    def has_add_permission(self, request):
        return False


@admin.register(Tombstone)
class TombstoneAdmin(admin.ModelAdmin):
    list_display = ("initiative_id", "deleted_at")
    readonly_fields = ("initiative_id", "deleted_at")

    def has_add_permission(self, request):
        return False
