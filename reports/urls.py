from django.urls import path

from reports import views

app_name = "reports"

# Served under /letters/ (where reports were first kept): /letters/reports/<pk>/original/
urlpatterns = [
    path("reports/<int:pk>/original/", views.report_original, name="report-original"),
]
