from django.urls import path

from councils import views, views_composition

app_name = "councils"

urlpatterns = [
    path("organer/<slug:slug>/", views.body_detail, name="body_detail"),
    path("organer/<slug:slug>/rediger/", views.body_edit, name="body_edit"),
    path("organer/<slug:slug>/historik/", views.body_history, name="body_history"),
    path("kommuner/", views.municipality_list, name="municipality_list"),
    path("kommuner/<str:key>/", views.municipality_detail, name="municipality_detail"),
    path(
        "organer/<slug:slug>/pladser/<int:seat_id>/indstil/",
        views_composition.nomination_create,
        name="nomination_create",
    ),
    path("udpegninger/", views_composition.appointments_overview, name="appointments"),
    path(
        "udpegninger/udpegninger.<str:extension>",
        views_composition.appointments_overview,
        name="appointments_export",
    ),
    path("udpegninger/indstillinger/", views_composition.nomination_list, name="nomination_list"),
    path(
        "udpegninger/indstillinger/<int:pk>/<str:decision>/",
        views_composition.nomination_decide,
        name="nomination_decide",
    ),
    path("personer/<slug:slug>/", views_composition.person_detail, name="person_detail"),
]
