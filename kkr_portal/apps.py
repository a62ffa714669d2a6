from django.apps import AppConfig


class KkrPortalConfig(AppConfig):
    name = "kkr_portal"
    verbose_name = "KKR-portalen"
