from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("bilag/<int:pk>/", views.attachment_download, name="attachment_download"),
]
