from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from api import docs as api_docs

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("omzien/favicon.svg")),
    ),
    path("api/v1", api_docs.Root.as_view(), name="api-root"),  # no slash: ADR
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
