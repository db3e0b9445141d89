"""/ogc: OGC API - Features. The landing page is /ogc itself (QGIS does not
follow a redirect there); /ogc/ redirects to it."""

from django.urls import path
from django.views.generic import RedirectView

from . import ogc

app_name = "ogc"
urlpatterns = [
    path("ogc", ogc.Landing.as_view(), name="landing"),
    path(
        "ogc/",
        RedirectView.as_view(pattern_name="ogc:landing", query_string=True),
        name="landing-slash",
    ),
    path("ogc/api", ogc.OpenApi.as_view(), name="openapi"),
    path("ogc/conformance", ogc.Conformance.as_view(), name="conformance"),
    path("ogc/collections", ogc.Collections.as_view(), name="collections"),
    path(
        "ogc/collections/<str:collection_id>",
        ogc.CollectionDetail.as_view(),
        name="collection",
    ),
    path(
        "ogc/collections/<str:collection_id>/queryables",
        ogc.Queryables.as_view(),
        name="queryables",
    ),
    path(
        "ogc/collections/<str:collection_id>/items", ogc.Items.as_view(), name="items"
    ),
    path(
        "ogc/collections/<str:collection_id>/items/<str:feature_id>",
        ogc.Item.as_view(),
        name="item",
    ),
]
