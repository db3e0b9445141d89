"""/api/v1/: English, kebab-case paths without trailing slashes."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularJSONAPIView

from . import docs, reference, viewport, views

app_name = "api"
urlpatterns = [
    path("initiatives", views.InitiativeList.as_view(), name="initiative-list"),
    path(
        "initiatives/<slug:slug>",
        views.InitiativeDetail.as_view(),
        name="initiative-detail",
    ),
    path("map/initiatives", viewport.InitiativeMap.as_view(), name="initiative-map"),
    path("gatherings", views.GatheringList.as_view(), name="gathering-list"),
    path(
        "gatherings/<slug:slug>",
        views.GatheringDetail.as_view(),
        name="gathering-detail",
    ),
    path("submissions", views.SubmissionCreate.as_view(), name="submission-create"),
    path(
        "submissions/<int:pk>/publish",
        views.Moderate.as_view(decision="publish"),
        name="submission-publish",
    ),
    path(
        "submissions/<int:pk>/reject",
        views.Moderate.as_view(decision="reject"),
        name="submission-reject",
    ),
    path("regions", reference.RegionList.as_view(), name="region-list"),
    path("provinces", reference.ProvinceList.as_view(), name="province-list"),
    path(
        "municipalities",
        reference.MunicipalityList.as_view(),
        name="municipality-list",
    ),
    path("tags", reference.TagList.as_view(), name="tag-list"),
    path("places", reference.PlaceList.as_view(), name="place-list"),
    path("stats", reference.Stats.as_view(), name="stats"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi-json"),
    path("docs", docs.SwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc", docs.RedocView.as_view(url_name="api:schema"), name="redoc"),
]
