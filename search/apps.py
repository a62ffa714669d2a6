from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        # The apps below do not know about search: it listens to their saves and deletes,
        # and to meetings' signal for the bulk paths that bypass save() (decision 0026).
        from search import receivers

        receivers.connect()
        # The profile page lists the user's saved searches (accounts imports no app).
        from accounts.pages import PROFILE_PAGE
        from search.selectors import saved_searches

        PROFILE_PAGE.provide("saved_searches", saved_searches)
        # The meetings and agreements APIs' ?q= are answered here (neither imports search).
        from core.contributions import API_SEARCH
        from search.selectors import agreement_ids, meeting_ids, request_ids

        API_SEARCH.provide("meetings", meeting_ids)
        API_SEARCH.provide("agreements", agreement_ids)
        API_SEARCH.provide("requests-for-input", request_ids)
