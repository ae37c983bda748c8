from django.urls import path

from briefings import views

app_name = "briefings"

urlpatterns = [
    path("councils/<slug:slug>/briefing/", views.briefing, name="briefing"),
    path("councils/<slug:slug>/briefing.docx", views.briefing_word, name="briefing-docx"),
]
