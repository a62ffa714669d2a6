from django.urls import path, re_path

from quotas import views, views_history

app_name = "quotas"

urlpatterns = [
    path("", views.year_list, name="year_list"),
    path("<int:year>/", views.year_detail, name="year_detail"),
    re_path(
        r"^(?P<year>\d{4})/kommunekvoter\.(?P<extension>csv|xlsx)$",
        views.year_export,
        name="year_export",
    ),
    path("<int:year>/beregning/", views.calculation, name="calculation"),
    path("<int:year>/historik/", views_history.year_history, name="year_history"),
    path("<int:year>/version/<int:version>/", views.version_detail, name="version_detail"),
    path("<int:year>/inddata/", views.input_import, name="input_import"),
    path("<int:year>/landstal/", views.figure_form, name="figure_form"),
    path("<int:year>/indtastet/", views.manual_quotas, name="manual_quotas"),
    path("<int:year>/placeringer/", views.placements, name="placements"),
    path(
        "<int:year>/aftale/<str:region_code>/",
        views.distribution_agreement_detail,
        name="distribution_agreement_detail",
    ),
    path(
        "<int:year>/aftale/<str:region_code>/<str:action>/",
        views.distribution_agreement_action,
        name="distribution_agreement_action",
    ),
    path(
        "dokument/<int:pk>/",
        views.distribution_agreement_document,
        name="distribution_agreement_document",
    ),
]
