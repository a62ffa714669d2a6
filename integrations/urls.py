from django.urls import path

from integrations import views

app_name = "integrations"

urlpatterns = [
    path("aabne-data/", views.api_documentation, name="api_documentation"),
    path("aabne-data/download/<str:name>", views.dump_download, name="dump_download"),
    path("aabne-data/noegler/", views.tokens, name="tokens"),
    path("aabne-data/noegler/<int:pk>/", views.token_created, name="token_created"),
    path("aabne-data/noegler/<int:pk>/tilbagekald/", views.token_revoke, name="token_revoke"),
    path("aabne-data/webhooks/", views.webhooks_page, name="webhooks"),
    path("aabne-data/webhooks/<int:pk>/", views.webhook_detail, name="webhook_detail"),
    path("aabne-data/webhooks/<int:pk>/slet/", views.webhook_delete, name="webhook_delete"),
]
