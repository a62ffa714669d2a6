from django.urls import path

from search import api, views

app_name = "search"

urlpatterns = [
    path("soeg/", views.search_results, name="results"),
    path("api/search/", api.SearchApi.as_view(), name="api"),
]
