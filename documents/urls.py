from django.urls import path

from documents import views

app_name = "documents"

# Served under /letters/ (the address officers know): /letters/upload/...
urlpatterns = [
    path("upload/", views.upload, name="upload"),
    path("upload/<uuid:token>/", views.upload_preview, name="upload-preview"),
]
