from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("organ/<slug:slug>/", views.subscribe, name="subscribe"),
    path("organ/<slug:slug>/udsendelser/", views.outbox, name="outbox"),
    path("bekraeft/<str:token>/", views.confirm, name="confirm"),
    path("afmeld/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("email/<int:pk>/send-igen/", views.email_retry, name="email_retry"),
]
