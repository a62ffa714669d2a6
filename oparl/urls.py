from django.urls import path

from oparl import views

app_name = "oparl"

urlpatterns = [
    path("", views.system, name="system"),
    path("body/", views.body_index, name="body_index"),
    path("body/<int:pk>/", views.body, name="body"),
    path("body/<int:pk>/<str:kind>/", views.body_list, name="body_list"),
    path("organization/body/<int:pk>/", views.organization_body, name="organization_body"),
    path("organization/<int:pk>/", views.organization, name="organization"),
    path("person/<int:pk>/", views.person, name="person"),
    path("paper/<int:pk>/", views.paper, name="paper"),
    path("paper/input/<int:pk>/", views.paper_request, name="paper_request"),
    path("membership/<int:pk>/", views.membership, name="membership"),
    path("legislativeterm/<int:pk>/", views.legislative_term, name="legislative_term"),
    path("meeting/<int:pk>/", views.meeting, name="meeting"),
    path("location/<int:pk>/", views.location, name="location"),
    path("agendaitem/<int:pk>/", views.agenda_item, name="agenda_item"),
    path("file/<int:pk>/", views.file, name="file"),
    path("file/<int:pk>/access/", views.file_access, name="file_access"),
    path("file/<int:pk>/download/", views.file_download, name="file_download"),
    path("file/pdf/<int:pk>/", views.file_pdf, name="file_pdf"),
    path("file/pdf/<int:pk>/access/", views.file_pdf_access, name="file_pdf_access"),
    path("file/pdf/<int:pk>/download/", views.file_pdf_download, name="file_pdf_download"),
    # Anything else below the endpoint: an OParl error object, not the portal's HTML page.
    path("<path:rest>", views.not_found, name="not_found"),
]
