"""The periodic jobs (``kkr_portal/celery.py``): every entry names a task that exists, and a
compiled PDF of a request's answers or an agreement's PDF that was left behind is picked up
on a schedule, not only when a worker starts."""

from __future__ import annotations

import pytest

from kkr_portal.celery import app


def _registered() -> set[str]:
    app.loader.import_default_modules()
    return set(app.tasks)


def test_every_periodic_job_names_a_task_that_exists():
    registered = _registered()
    missing = {
        name: entry["task"]
        for name, entry in app.conf.beat_schedule.items()
        if entry["task"] not in registered
    }
    assert not missing


@pytest.mark.parametrize(
    "task",
    [
        "consultations.tasks.resume_compiled_answers_pdfs",
        "agreements.tasks_pdf.resume_agreement_pdfs",
    ],
)
def test_left_behind_pdfs_are_resumed_every_few_minutes(task: str) -> None:
    entries = [entry for entry in app.conf.beat_schedule.values() if entry["task"] == task]
    assert len(entries) == 1
    assert entries[0]["task"] in _registered()
    # Like the meeting PDFs' resume job: often enough that nobody waits long.
    assert entries[0]["schedule"].minute == set(range(0, 60, 5))


def test_saved_search_digests_run_once_a_day() -> None:
    entries = [
        entry
        for entry in app.conf.beat_schedule.values()
        if entry["task"] == "search.tasks.send_saved_search_digests"
    ]
    assert len(entries) == 1
    assert entries[0]["task"] in _registered()
    assert len(entries[0]["schedule"].hour) == 1 and len(entries[0]["schedule"].minute) == 1
