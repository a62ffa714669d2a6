from django.urls import path

from search import api, views

app_name = "search"

urlpatterns = [
    path("soeg/", views.search_results, name="results"),
    path("api/search/", api.SearchApi.as_view(), name="api"),
    path("soeg/gem/", views.saved_search_save, name="save"),
    path("soeg/gemte/", views.saved_search_list, name="saved"),
    path("soeg/gemte/<int:pk>/slet/", views.saved_search_delete, name="saved_delete"),
    path("soeg/gem/e-mail/", views.saved_search_email, name="email_save"),
    path("soeg/bekraeft/<str:token>/", views.saved_search_email_confirm, name="email_confirm"),
    path("soeg/stop/<str:token>/", views.saved_search_email_stop, name="email_unsubscribe"),
]
