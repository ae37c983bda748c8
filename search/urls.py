from django.urls import path

from search import views

app_name = "search"

# Included at the site's root: the search page, and a council report's text (beside the
# report's original at /letters/reports/<pk>/original/).
urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("letters/reports/<int:pk>/text/", views.report_text, name="report-text"),
]
