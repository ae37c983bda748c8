from django.urls import path

from councils import views

app_name = "councils"

urlpatterns = [
    path("", views.home, name="home"),
    path("councils/<slug:slug>/", views.council_detail, name="council-detail"),
]
