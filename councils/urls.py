from django.urls import path

from councils import views

app_name = "councils"

urlpatterns = [
    path("", views.home, name="home"),
    path("councils/", views.council_list, name="council-list"),
    path("councils/<slug:slug>/", views.council_detail, name="council-detail"),
    path("compare/<str:type_slug>/<int:year>/", views.compare, name="compare"),
]
