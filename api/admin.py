"""Partners' API tokens and usage in the Django admin."""

from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, ApiUsage


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """A new token's key is shown once, in the response to the save; the
    database and every later page hold only its digest and first letters."""

    list_display = ("user", "prefix", "created_at")
    search_fields = ("user__username",)

    def get_fields(self, request, obj=None):
        return ("user", "prefix", "created_at") if obj else ("user",)

    def get_readonly_fields(self, request, obj=None):
        return ("user", "prefix", "created_at") if obj else ()

    def has_change_permission(self, request, obj=None):
        return False  # a key cannot be edited: delete the token, add a new one

    def save_model(self, request, obj, form, change):
        request.new_api_key = obj.set_new_key()
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("New API key"),
            "token": obj,
            "key": request.new_api_key,
        }
        return TemplateResponse(request, "admin/api/apitoken/key_once.html", context)


@admin.register(ApiUsage)
class ApiUsageAdmin(admin.ModelAdmin):
    list_display = ("day", "user", "requests")
    list_filter = ("day", "user")
    date_hierarchy = "day"
    readonly_fields = ("user", "day", "requests")

    def has_add_permission(self, request):
        return False
