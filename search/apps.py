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
        # The meetings API's ?q= is answered here (meetings cannot import search).
        from meetings.api.views import register_meeting_search
        from search.selectors import meeting_ids

        register_meeting_search(meeting_ids)
