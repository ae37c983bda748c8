from django.urls import path

from places import views

app_name = "places"

urlpatterns = [
    path("compare/councils/", views.compare_councils, name="compare"),
    path("map/", views.england_map, name="map"),
]
