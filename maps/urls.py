from django.urls import path

from . import views

app_name = "maps"
urlpatterns = [
    path("", views.MapView.as_view(), name="country"),
    path("embed/", views.EmbedView.as_view(), name="country-embed"),
    path("<slug:region>/", views.MapView.as_view(), name="region"),
    path("<slug:region>/embed/", views.EmbedView.as_view(), name="region-embed"),
]
