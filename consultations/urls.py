from django.urls import path

from consultations import views, views_reports

app_name = "consultations"

urlpatterns = [
    path("", views.request_list, name="request_list"),
    path("offentlige/", views_reports.public_requests, name="public_requests"),
    path("organ/<slug:slug>/", views.body_requests, name="body_requests"),
    path("organ/<slug:slug>/ny/", views.request_create, name="request_create"),
    path("<int:pk>/", views.request_detail, name="request_detail"),
    path("<int:pk>/rediger/", views.request_edit, name="request_edit"),
    path("<int:pk>/spoergsmaal/ny/", views.question_add, name="question_add"),
    path("<int:pk>/spoergsmaal/<int:question_id>/", views.question_edit, name="question_edit"),
    path("<int:pk>/send/", views.request_send, name="request_send"),
    path("<int:pk>/frist/", views.request_deadline, name="request_deadline"),
    path("<int:pk>/luk/", views.request_close, name="request_close"),
    path("<int:pk>/svar/", views.response_matrix, name="response_matrix"),
    path(
        "<int:pk>/svar/spoergsmaal/",
        views_reports.answers_by_question,
        name="answers_by_question",
    ),
    path("<int:pk>/svar/pdf/", views_reports.compiled_pdf_create, name="compiled_pdf_create"),
    path("<int:pk>/svar/samlet.pdf", views_reports.compiled_pdf_download, name="compiled_pdf"),
    path(
        "<int:pk>/svar/pdf/bilag/",
        views_reports.compiled_pdf_attach,
        name="compiled_pdf_attach",
    ),
    path("<int:pk>/svar.<str:extension>", views.response_export, name="response_export"),
    # A recipient's answer (decision 0023); the answer's address before it named the
    # municipality and still answers, with a permanent redirect.
    path(
        "<int:pk>/svar/modtager/<int:recipient_id>/",
        views.response_form,
        name="response_form",
    ),
    path(
        "<int:pk>/svar/<int:municipality_id>/",
        views.response_form_by_municipality,
        name="response_form_by_municipality",
    ),
    path("<int:pk>/svar/paamind/", views.reminders_send_now, name="reminders_send_now"),
    path("<int:pk>/svar/fil/<int:file_id>/", views.answer_file_download, name="answer_file"),
    path("<int:pk>/bilag/", views.request_attachment_add, name="attachment_add"),
    path(
        "<int:pk>/bilag/<int:attachment_id>/",
        views.request_attachment_download,
        name="attachment_download",
    ),
    path(
        "<int:pk>/bilag/<int:attachment_id>/titel/",
        views.request_attachment_update,
        name="attachment_update",
    ),
    path(
        "<int:pk>/bilag/<int:attachment_id>/fjern/",
        views.request_attachment_remove,
        name="attachment_remove",
    ),
    path(
        "<int:pk>/svar/modtager/<int:recipient_id>/genaabn/",
        views.response_reopen,
        name="response_reopen",
    ),
]
