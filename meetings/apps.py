from pathlib import Path
from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        # What this app shows on the pages of the apps below it (decision 0020).
        from meetings import contributions

        contributions.register()
        # The development server reloads changed translations without a restart; the
        # agenda's labels, translated once per language, must then be translated again.
        from django.utils.autoreload import file_changed

        file_changed.connect(_translations_changed, dispatch_uid="meetings-agenda-labels")


def _translations_changed(sender: Any, file_path: Path, **kwargs: Any) -> None:
    """Forget the agenda's translated labels when a ``.mo`` file changes (``None``: whether
    to restart is left to Django's own receivers)."""
    if file_path.suffix == ".mo":
        from meetings.agenda import forget_translated_labels

        forget_translated_labels()
