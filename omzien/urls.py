from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.utils.functional import lazy
from django.views.generic import RedirectView
from django.views.static import serve

from api import docs as api_docs

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("omzien/favicon.svg")),
    ),
    path("api/v1", api_docs.Root.as_view(), name="api-root"),  # no slash: ADR
    path("api/v1/", include("api.urls")),
    path("", include("api.ogc_urls")),  # /ogc and below
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("kaart/", include("maps.urls")),
    path("bijeenkomsten/", include("gatherings.urls")),
    path("", include("initiatives.urls")),
    prefix_default_language=False,
)


def media(request, name):
    """Uploaded images outside production (nginx serves them there)."""
    return serve(request, name, document_root=settings.MEDIA_ROOT)


if not settings.PRODUCTION:
    urlpatterns.append(re_path(r"^media/(?P<name>.+)$", media))
