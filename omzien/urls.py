from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("initiatives.api.urls")),
    path("ogc/", include("initiatives.api.ogc_urls")),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("initiatives.urls")),
    prefix_default_language=False,
)
