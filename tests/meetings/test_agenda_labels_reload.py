"""The agenda's labels are translated once per language (``meetings.agenda._labels``); the
development server reloads changed translation files without a restart, and the labels
must follow."""

from __future__ import annotations

from pathlib import Path

from django.utils.autoreload import file_changed

from meetings import agenda


def test_a_changed_translation_file_forgets_the_translated_labels() -> None:
    agenda._labels("da")
    assert agenda._labels.cache_info().currsize >= 1
    file_changed.send(sender=None, file_path=Path("locale/da/LC_MESSAGES/django.py"))
    assert agenda._labels.cache_info().currsize >= 1  # not a translation file
    file_changed.send(sender=None, file_path=Path("locale/da/LC_MESSAGES/django.mo"))
    assert agenda._labels.cache_info().currsize == 0
