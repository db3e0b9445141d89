from django.urls import path
from django.views.generic import TemplateView

from . import views

app_name = "initiatives"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("initiatieven/", views.InitiativeListView.as_view(), name="list"),
    path(
        "initiatieven/<slug:slug>/", views.InitiativeDetailView.as_view(), name="detail"
    ),
    path("meld-aan/", views.SubmitView.as_view(), name="submit"),
    path(
        "meld-aan/bedankt/",
        TemplateView.as_view(template_name="initiatives/thanks.html"),
        name="thanks",
    ),
    path(
        "wijzigen/klaar/",
        TemplateView.as_view(template_name="initiatives/update_done.html"),
        name="update-done",
    ),
    path("nieuwe-link/", views.NewLinkView.as_view(), name="new-link"),
    path("wijzigen/<str:token>/", views.UpdateView.as_view(), name="update"),
    path(
        "wijzigen/<str:token>/intrekken/",
        views.RevokeView.as_view(),
        name="revoke",
    ),
    path("nog-actueel/<str:token>/", views.ConfirmView.as_view(), name="confirm"),
    path("archiveren/<str:token>/", views.ArchiveView.as_view(), name="archive"),
    path("plaatsen/zoek/", views.PlaceSearchView.as_view(), name="places"),
    path(
        "privacy/",
        TemplateView.as_view(template_name="initiatives/privacy.html"),
        name="privacy",
    ),
]
