from django.urls import path

from letters import views

app_name = "letters"

urlpatterns = [
    path("upload/", views.upload, name="upload"),
    path("upload/<uuid:token>/", views.upload_preview, name="upload-preview"),
    path("<int:pk>/", views.letter_detail, name="letter-detail"),
    path("<int:pk>/original/", views.letter_original, name="letter-original"),
    path("reports/<int:pk>/original/", views.report_original, name="report-original"),
]
