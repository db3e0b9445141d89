from django.urls import path

from . import views

app_name = "gatherings"
urlpatterns = [
    path("", views.GatheringListView.as_view(), name="list"),
    path("agenda.ics", views.FeedView.as_view(), name="feed"),
    path("<slug:region>/agenda.ics", views.FeedView.as_view(), name="region-feed"),
    path("<slug:slug>.ics", views.EventCalendarView.as_view(), name="event-calendar"),
    path("<slug:slug>/", views.GatheringDetailView.as_view(), name="detail"),
]
