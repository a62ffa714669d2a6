"""Keeping the index current: every save and delete of an indexed model, and meetings'
``agenda_changed`` signal (sent by the services' bulk paths, which bypass save()), schedule
a reindex of the thing affected once the transaction commits.

The reindex runs inline after the commit (decision 0026): the thing is small (one meeting
is a dozen queries), so the person who saved finds their change the moment the page
returns, and no broker or worker has to be up for the index to be right. Several writes in
one transaction (publishing, renumbering) reindex the meeting once. A failure is logged and
leaves the write standing (``robust``); ``manage.py rebuild_search_index`` repairs.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)


class _Reindex:
    """One scheduled reindex; equal ones in a transaction's on-commit list are merged."""

    def __init__(self, kind: str, pk: int) -> None:
        self.kind, self.pk = kind, pk
        # Django names a failed robust on-commit callback by its __qualname__ when it logs
        # the failure: without one the logging itself raised.
        self.__qualname__ = f"search reindex of {kind} {pk}"

    def __call__(self) -> None:
        from search import kept
        from search.services import reindex

        try:
            reindex(kind=self.kind, pk=self.pk)
        except Exception:
            # The write that scheduled this has committed: results kept before it are not
            # served again, even when its reindex failed (a write to another table, such as
            # a deadline moved, can change what is visible without a row of the index). A
            # reindex that succeeds moves the version itself.
            kept.index_changed()
            raise


def schedule(kind: str, pk: int | None) -> None:
    """Reindex ``kind`` ``pk`` after the current transaction commits (at once outside one)."""
    if pk is None:
        return
    conn = transaction.get_connection()
    # Merge with a reindex already waiting for this commit. Django drops the callbacks of a
    # rolled-back savepoint from this list, so a merge never loses an update.
    for _sids, func, _robust in getattr(conn, "run_on_commit", []):
        if isinstance(func, _Reindex) and (func.kind, func.pk) == (kind, pk):
            return
    transaction.on_commit(_Reindex(kind, pk), robust=True)


def _meeting_of_item(instance: Any) -> int | None:
    return getattr(instance, "meeting_id", None)


def _meeting_of_attachment(instance: Any) -> int | None:
    from meetings.models import AgendaItem

    return (
        AgendaItem.all_objects.filter(pk=instance.item_id)
        .values_list("meeting_id", flat=True)
        .first()
    )


def _agreement_of_goal(instance: Any) -> int | None:
    return getattr(instance, "agreement_id", None)


def _agreement_of_indicator(instance: Any) -> int | None:
    from agreements.models import Goal

    return Goal.objects.filter(pk=instance.goal_id).values_list("agreement_id", flat=True).first()


def _agreement_of_activity(instance: Any) -> int | None:
    from agreements.models import Track

    return Track.objects.filter(pk=instance.track_id).values_list("agreement_id", flat=True).first()


def _agreement_of_matrix_part(instance: Any) -> int | None:
    """A theme, level, section or footnote: its matrix's agreement."""
    from agreements.models import PlanMatrix

    return (
        PlanMatrix.objects.filter(pk=instance.matrix_id)
        .values_list("agreement_id", flat=True)
        .first()
    )


def _agreement_of_cell(instance: Any) -> int | None:
    from agreements.models import MatrixTheme

    return (
        MatrixTheme.objects.filter(pk=instance.theme_id)
        .values_list("matrix__agreement_id", flat=True)
        .first()
    )


def _response_of_answer(instance: Any) -> int | None:
    return getattr(instance, "response_id", None)


def _own_pk(instance: Any) -> int | None:
    return instance.pk


def _watched() -> list[tuple[Any, str, Any]]:
    """(model, what to reindex, how to find its id from the saved instance)."""
    from agreements.models import (
        Activity,
        Agreement,
        AgreementDocument,
        Evaluation,
        Goal,
        Indicator,
        MatrixCell,
        MatrixFootnote,
        MatrixLevel,
        MatrixSection,
        MatrixTheme,
        PlanMatrix,
        Track,
    )
    from consultations.models import Answer, RequestForInput, Response
    from councils.models import Body, Municipality, Person
    from meetings.models import AgendaItem, Attachment, Meeting, Newsletter, PublishedVersion

    return [
        (Meeting, "meeting", _own_pk),
        (AgendaItem, "meeting", _meeting_of_item),
        (Attachment, "meeting", _meeting_of_attachment),
        (PublishedVersion, "meeting", _meeting_of_item),
        (Newsletter, "newsletter", _own_pk),
        (Agreement, "agreement", _own_pk),
        (Goal, "agreement", _agreement_of_goal),
        (AgreementDocument, "agreement", _agreement_of_goal),
        (Evaluation, "agreement", _agreement_of_goal),
        (Indicator, "agreement", _agreement_of_indicator),
        (Track, "agreement", _agreement_of_goal),
        (Activity, "agreement", _agreement_of_activity),
        (PlanMatrix, "agreement", _agreement_of_goal),
        (MatrixTheme, "agreement", _agreement_of_matrix_part),
        (MatrixLevel, "agreement", _agreement_of_matrix_part),
        (MatrixSection, "agreement", _agreement_of_matrix_part),
        (MatrixFootnote, "agreement", _agreement_of_matrix_part),
        (MatrixCell, "agreement", _agreement_of_cell),
        (RequestForInput, "request", _own_pk),
        (Response, "response", _own_pk),
        (Answer, "response", _response_of_answer),
        (Body, "body", _own_pk),
        (Person, "person", _own_pk),
        (Municipality, "municipality", _own_pk),
    ]


def _receiver(kind: str, find: Any) -> Any:
    def receive(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
        if raw:  # loading fixtures: the rebuild command indexes afterwards
            return
        try:
            schedule(kind, find(instance))
        except Exception:  # a failure to schedule must not fail the write
            logger.exception("search: could not schedule a reindex of %s", kind)

    return receive


_receivers: list[Any] = []  # signals hold weak references: keep ours alive


def agenda_changed(sender: Any, meeting_id: int, **kwargs: Any) -> None:
    schedule("meeting", meeting_id)


def question_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """A question's wording is part of every answer's row: each submitted answer to its
    request is reindexed (questions change seldom; a request has up to ~100 answers)."""
    if raw:
        return
    from consultations.models import Response

    try:
        for response_id in Response.objects.filter(
            recipient__request_id=instance.request_id, submitted_at__isnull=False
        ).values_list("pk", flat=True):
            schedule("response", response_id)
    except Exception:  # the question stands; rebuild_search_index repairs
        logger.exception("search: could not schedule the answers of question %s", instance.pk)


def request_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """An answer's title names its request: when the request's title changed, the answers
    whose rows still carry another title are reindexed (one query per save of a request;
    its many other saves reindex nothing here)."""
    if raw:
        return
    from consultations.models import Response
    from search.models import Scope, SearchEntry

    try:
        responses = Response.objects.filter(recipient__request_id=instance.pk).values("pk")
        stale = (
            SearchEntry.objects.filter(scope=Scope.RESPONSES, owner_id__in=responses)
            .exclude(title__endswith=f": {instance.title}")
            .values_list("owner_id", flat=True)
        )
        for response_id in stale:
            schedule("response", response_id)
    except Exception:  # the request stands; rebuild_search_index repairs
        logger.exception("search: could not schedule the answers of request %s", instance.pk)


def _reindex_owner(kind: str, rows: Any, column: str, what: str) -> None:
    try:
        schedule(kind, rows.values_list(column, flat=True).first())
    except Exception:  # the text stands; rebuild_search_index repairs
        logger.exception("search: could not schedule a reindex for %s", what)


def attachment_text_ready(sender: Any, attachment_id: int, **kwargs: Any) -> None:
    """The extraction app stored an attachment's text (after its commit): the attachment's
    meeting is reindexed, so every audience that sees the file finds its words."""
    from meetings.models import Attachment

    rows = Attachment.all_objects.filter(pk=attachment_id)
    _reindex_owner("meeting", rows, "item__meeting_id", f"attachment {attachment_id}")


def agreement_document_text_ready(sender: Any, document_id: int, **kwargs: Any) -> None:
    """The extraction app stored an agreement document's text: its agreement is reindexed
    (the document's row is one of the agreement's)."""
    from agreements.models import AgreementDocument

    rows = AgreementDocument.objects.filter(pk=document_id)
    _reindex_owner("agreement", rows, "agreement_id", f"agreement document {document_id}")


def evaluation_text_ready(sender: Any, evaluation_id: int, **kwargs: Any) -> None:
    """The extraction app stored the text of an evaluation's document: its agreement is
    reindexed."""
    from agreements.models import Evaluation

    rows = Evaluation.objects.filter(pk=evaluation_id)
    _reindex_owner("agreement", rows, "agreement_id", f"evaluation {evaluation_id}")


def connect() -> None:
    from extraction import signals as extraction_signals
    from meetings import signals

    for model, kind, find in _watched():
        receive = _receiver(kind, find)
        _receivers.append(receive)
        uid = f"search.{model._meta.label_lower}"
        post_save.connect(receive, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(receive, sender=model, dispatch_uid=f"{uid}.delete")
    from consultations.models import Question

    post_save.connect(question_changed, sender=Question, dispatch_uid="search.question.save")
    post_delete.connect(question_changed, sender=Question, dispatch_uid="search.question.delete")
    from consultations.models import RequestForInput

    post_save.connect(request_saved, sender=RequestForInput, dispatch_uid="search.request.answers")
    signals.agenda_changed.connect(agenda_changed, dispatch_uid="search.agenda_changed")
    extraction_signals.attachment_text_ready.connect(
        attachment_text_ready, dispatch_uid="search.attachment_text_ready"
    )
    extraction_signals.agreement_document_text_ready.connect(
        agreement_document_text_ready, dispatch_uid="search.agreement_document_text_ready"
    )
    extraction_signals.evaluation_text_ready.connect(
        evaluation_text_ready, dispatch_uid="search.evaluation_text_ready"
    )
