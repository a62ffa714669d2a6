from django.urls import path

from agreements import views, views_follow_up, views_outputs, views_plans, views_versions

app_name = "agreements"

urlpatterns = [
    path("", views.agreement_list, name="agreement_list"),
    path("ny/", views.agreement_create, name="agreement_create"),
    path("<int:pk>/", views.agreement_detail, name="agreement_detail"),
    # What comes out: the PDF with the follow-up status, CSV and Excel (views_outputs.py)
    path(
        "aftaler.<str:extension>", views_outputs.agreement_list_export, name="agreement_list_export"
    ),
    path(
        "maalinger.<str:extension>", views_outputs.measurements_export, name="measurements_export"
    ),
    path(
        "<int:pk>/maalinger.<str:extension>",
        views_outputs.agreement_measurements_export,
        name="agreement_measurements_export",
    ),
    path("<int:pk>/pdf/", views_outputs.agreement_pdf_create, name="agreement_pdf_create"),
    path("<int:pk>/aftale.pdf", views_outputs.agreement_pdf_download, name="agreement_pdf"),
    path("<int:pk>/rediger/", views.agreement_edit, name="agreement_edit"),
    # Versions (each change after it came into force, with a note) and history
    path("<int:pk>/versioner/", views_versions.agreement_versions, name="agreement_versions"),
    path(
        "<int:pk>/versioner/<int:number>/",
        views_versions.agreement_version,
        name="agreement_version",
    ),
    path(
        "<int:pk>/versioner/sammenlign/",
        views_versions.agreement_version_compare,
        name="agreement_version_compare",
    ),
    path("<int:pk>/historik/", views_versions.agreement_history, name="agreement_history"),
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
    # Follow-up rounds (agreements/views_follow_up.py)
    path("<int:pk>/opfoelgning/ny/", views_follow_up.follow_up_round_open, name="follow_up_open"),
    path(
        "<int:pk>/opfoelgning/<int:round_id>/",
        views_follow_up.follow_up_round,
        name="follow_up_round",
    ),
    path(
        "<int:pk>/opfoelgning/<int:round_id>/godkend/",
        views_follow_up.follow_up_accept,
        name="follow_up_accept",
    ),
    path(
        "<int:pk>/opfoelgning/<int:round_id>/organisation/<int:organisation_id>/",
        views_follow_up.follow_up_enter,
        name="follow_up_enter",
    ),
    path(
        "<int:pk>/opfoelgning/<int:round_id>/luk/",
        views_follow_up.follow_up_close,
        name="follow_up_close",
    ),
    # Action plans: tracks, activities, milestones
    path("<int:pk>/spor/ny/", views_plans.track_add, name="track_add"),
    path("<int:pk>/spor/<int:track_id>/", views_plans.track_edit, name="track_edit"),
    path("<int:pk>/spor/<int:track_id>/fjern/", views_plans.track_remove, name="track_remove"),
    path(
        "<int:pk>/spor/<int:track_id>/aktiviteter/ny/",
        views_plans.activity_add,
        name="activity_add",
    ),
    path(
        "<int:pk>/aktiviteter/<int:activity_id>/",
        views_plans.activity_edit,
        name="activity_edit",
    ),
    path(
        "<int:pk>/aktiviteter/<int:activity_id>/fjern/",
        views_plans.activity_remove,
        name="activity_remove",
    ),
    path(
        "<int:pk>/aktiviteter/<int:activity_id>/milepaele/ny/",
        views_plans.milestone_add,
        name="milestone_add",
    ),
    path(
        "<int:pk>/milepaele/<int:milestone_id>/naaet/",
        views_plans.milestone_done,
        name="milestone_done",
    ),
    path(
        "<int:pk>/milepaele/<int:milestone_id>/fjern/",
        views_plans.milestone_remove,
        name="milestone_remove",
    ),
    # Evaluations
    path("<int:pk>/evalueringer/ny/", views_plans.evaluation_add, name="evaluation_add"),
    path(
        "<int:pk>/evalueringer/<int:evaluation_id>/",
        views_plans.evaluation_edit,
        name="evaluation_edit",
    ),
    path(
        "<int:pk>/evalueringer/<int:evaluation_id>/dokument/",
        views_plans.evaluation_document,
        name="evaluation_document",
    ),
    # Meeting items linked to the agreement or a track
    path("<int:pk>/moedepunkter/ny/", views_plans.item_link_add, name="item_link_add"),
    path(
        "<int:pk>/moedepunkter/<int:link_id>/fjern/",
        views_plans.item_link_remove,
        name="item_link_remove",
    ),
    # Plan matrices
    path("<int:pk>/matricer/ny/", views_plans.matrix_add, name="matrix_add"),
    path(
        "<int:pk>/matricer/<int:matrix_id>/",
        views_plans.matrix_detail,
        name="matrix_detail",
    ),
    path(
        "<int:pk>/matricer/<int:matrix_id>/temaer/ny/",
        views_plans.matrix_theme_add,
        name="matrix_theme_add",
    ),
    path(
        "<int:pk>/matricer/<int:matrix_id>/celler/<int:cell_id>/",
        views_plans.matrix_cell_edit,
        name="matrix_cell_edit",
    ),
    path(
        "<int:pk>/matricer/<int:matrix_id>/fodnoter/",
        views_plans.matrix_footnote_set,
        name="matrix_footnote_set",
    ),
]
