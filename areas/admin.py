"""The areas in the Django admin: shapes are read-only, loaded from the
fixtures; only the grouping of provinces into regions is edited here."""

from django.contrib import admin
from leaflet.admin import LeafletGeoAdminMixin

from . import services
from .models import Municipality, Place, Postcode, Province, Region


class AreasJoined:
    """Lists join the `areas` they show by name, without their shapes. A
    change page reads its own shapes when it shows them."""

    areas = ()

    def get_queryset(self, request):
        return super().get_queryset(request).with_areas(*self.areas)


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
class ProvinceAdmin(AreasJoined, LeafletGeoAdminMixin, admin.ModelAdmin):
    areas = list_select_related = ("region",)
    list_display = ("name", "code", "region")
    list_editable = ("region",)
    readonly_fields = ("code", "boundary", "outline")

    def save_model(self, request, obj, form, change):
        """Another region moves what lies in the province too: the service
        does that, from the province as stored."""
        region = obj.region
        obj.region_id = form.initial.get("region")
        super().save_model(request, obj, form, change)
        services.move_province(province=obj, region=region)


@admin.register(Municipality)
class MunicipalityAdmin(AreasJoined, LeafletGeoAdminMixin, admin.ModelAdmin):
    areas = list_select_related = ("province",)
    list_display = ("name", "code", "province")
    list_filter = ("province",)
    search_fields = ("name", "code")
    readonly_fields = ("code", "province", "boundary")


@admin.register(Place)
class PlaceAdmin(AreasJoined, LeafletGeoAdminMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "municipality", "province")
    list_filter = ("kind", "province")
    search_fields = ("name", "alt_names")
    areas = list_select_related = ("municipality", "province")
    raw_id_fields = ("municipality", "province")


@admin.register(Postcode)
class PostcodeAdmin(LeafletGeoAdminMixin, admin.ModelAdmin):
    list_display = ("code", "place_names", "municipality")
    search_fields = ("code", "place_names")
    raw_id_fields = ("municipality",)
