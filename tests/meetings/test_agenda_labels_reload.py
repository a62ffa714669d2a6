"""The agenda's labels are translated once per language (``meetings.agenda._labels``); the
development server reloads changed translation files without a restart, and the labels
must follow."""

from __future__ import annotations

from pathlib import Path

from django.utils.autoreload import file_changed

from meetings import agenda
from meetings.apps import _translations_changed


def test_a_changed_translation_file_forgets_the_translated_labels() -> None:
    # Connected to the reloader's signal (called directly below: sending the signal would
    # also make Django drop every translation of this test process).
    sync_receivers, _async = file_changed._live_receivers(None)
    assert _translations_changed in sync_receivers
    agenda._labels("da")
    assert agenda._labels.cache_info().currsize >= 1
    _translations_changed(sender=None, file_path=Path("locale/da/LC_MESSAGES/django.po"))
    assert agenda._labels.cache_info().currsize >= 1  # not a compiled translation file
    _translations_changed(sender=None, file_path=Path("locale/da/LC_MESSAGES/django.mo"))
    assert agenda._labels.cache_info().currsize == 0
