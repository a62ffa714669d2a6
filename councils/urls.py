from django.urls import path

from councils import views

app_name = "councils"

urlpatterns = [
    path("organer/<slug:slug>/", views.body_detail, name="body_detail"),
    path("organer/<slug:slug>/rediger/", views.body_edit, name="body_edit"),
    path("organer/<slug:slug>/historik/", views.body_history, name="body_history"),
    path("kommuner/", views.municipality_list, name="municipality_list"),
]
