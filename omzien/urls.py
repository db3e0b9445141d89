from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static as serve_files
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("omzien/favicon.svg")),
    ),
    path("api/v1/", include("api.urls")),
    path("ogc/", include("api.ogc_urls")),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("kaart/", include("maps.urls")),
    path("bijeenkomsten/", include("gatherings.urls")),
    path("", include("initiatives.urls")),
    prefix_default_language=False,
)
# Uploaded images in development; nginx serves them in production.
urlpatterns += serve_files(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
