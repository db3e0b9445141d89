"""/ogc/: OGC API - Features (landing page, conformance, collections)."""

from django.urls import path

from . import ogc

app_name = "ogc"
urlpatterns = [
    path("", ogc.Landing.as_view(), name="landing"),
    path("conformance", ogc.Conformance.as_view(), name="conformance"),
    path("collections", ogc.Collections.as_view(), name="collections"),
    path(
        "collections/<str:collection_id>",
        ogc.CollectionDetail.as_view(),
        name="collection",
    ),
    path("collections/<str:collection_id>/items", ogc.Items.as_view(), name="items"),
    path(
        "collections/<str:collection_id>/items/<str:feature_id>",
        ogc.Item.as_view(),
        name="item",
    ),
]
