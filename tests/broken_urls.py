from django.urls import path

from tests.test_middleware import broken_view

urlpatterns = [path("broken", broken_view)]
