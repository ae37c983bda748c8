from django.urls import path

from letters import views

app_name = "letters"

urlpatterns = [
    path("<int:pk>/", views.letter_detail, name="letter-detail"),
    path("<int:pk>/original/", views.letter_original, name="letter-original"),
]
