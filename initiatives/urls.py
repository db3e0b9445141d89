from django.urls import path

from . import views

app_name = "initiatives"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("initiatieven/", views.InitiativeListView.as_view(), name="list"),
    path(
        "initiatieven/<slug:slug>/", views.InitiativeDetailView.as_view(), name="detail"
    ),
]
