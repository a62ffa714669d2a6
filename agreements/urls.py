from django.urls import path

from agreements import views

app_name = "agreements"

urlpatterns = [
    path("", views.agreement_list, name="agreement_list"),
    path("ny/", views.agreement_create, name="agreement_create"),
    path("<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("<int:pk>/rediger/", views.agreement_edit, name="agreement_edit"),
    path("<int:pk>/ikraft/", views.agreement_put_in_force, name="agreement_put_in_force"),
    path("<int:pk>/forny/", views.agreement_renew, name="agreement_renew"),
    path("<int:pk>/afslut/", views.agreement_end, name="agreement_end"),
    path("<int:pk>/parter/ny/", views.party_add, name="party_add"),
    path("<int:pk>/parter/<int:party_id>/fjern/", views.party_remove, name="party_remove"),
    path("<int:pk>/oekonomi/ny/", views.economy_add, name="economy_add"),
    path("<int:pk>/oekonomi/<int:line_id>/fjern/", views.economy_remove, name="economy_remove"),
    path("<int:pk>/dokumenter/ny/", views.document_add, name="document_add"),
    path(
        "<int:pk>/dokumenter/<int:document_id>/",
        views.document_download,
        name="document_download",
    ),
    path("<int:pk>/maal/ny/", views.goal_add, name="goal_add"),
    path("<int:pk>/maal/<int:goal_id>/", views.goal_edit, name="goal_edit"),
    path("<int:pk>/maal/<int:goal_id>/fjern/", views.goal_remove, name="goal_remove"),
    path(
        "<int:pk>/maal/<int:goal_id>/indikatorer/ny/",
        views.indicator_add,
        name="indicator_add",
    ),
    path(
        "<int:pk>/indikatorer/<int:indicator_id>/",
        views.indicator_edit,
        name="indicator_edit",
    ),
    path(
        "<int:pk>/indikatorer/<int:indicator_id>/maaling/",
        views.measurement_add,
        name="measurement_add",
    ),
]
