"""Writes for action plans (tracks, activities, milestones), evaluations, meeting items
linked to an agreement or a track, and plan matrices. As ``agreements.services``: keyword
arguments, the ``actor``, one transaction, ``save_as`` for the history; who may call them
is checked by the views through ``agreements.access``.

The rules:

* an activity does not end before it starts; a milestone may fall outside its activity's
  dates (plans slip, and a milestone is often set after the activity's end): allowed, and
  the page marks it;
* a track's owner is a body or an organisation, not both; a track with activities is not
  removed (remove its activities first);
* an evaluation's document is checked as every upload is (``core.uploads``); it is done on
  a date, and its conclusion is sanitised rich text;
* a meeting item is linked once per agreement (or track), and a track link belongs to the
  agreement of the track;
* a matrix cell is edited one at a time against the version it was loaded at (a conflict
  names what the other writer saved); its text is sanitised (``core.html``).
"""

from __future__ import annotations

import datetime as dt
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agreements.models import (
    Activity,
    Agreement,
    AgreementItemLink,
    Evaluation,
    MatrixCell,
    MatrixFootnote,
    MatrixLevel,
    MatrixSection,
    MatrixTheme,
    Milestone,
    PlanMatrix,
    Track,
)
from core.errors import ConflictError
from core.history import history_user_set, save_as
from core.html import sanitize_html
from core.uploads import UploadRefused, upload_check

TRACK_FIELDS = ("title", "description", "owner_body", "owner_organisation")
ACTIVITY_FIELDS = (
    "title",
    "description",
    "responsible_organisation",
    "responsible_text",
    "start",
    "end",
    "status",
)
EVALUATION_FIELDS = ("title", "due_on", "conclusion", "done_on")


def _date(value: dt.date) -> str:
    return date_format(value, "DATE_FORMAT")


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, dt.date):
        return _date(value)
    return str(value)


def _conflict(instance: Any, fields: tuple[str, ...], message: str) -> ConflictError:
    return ConflictError(
        message,
        changes=[
            (
                str(type(instance)._meta.get_field(name).verbose_name),
                _shown(getattr(instance, name)),
            )
            for name in fields
        ],
    )


def _one_line(value: str | None) -> str:
    return " ".join((value or "").split())


def _next_position(queryset: Any) -> int:
    return (queryset.aggregate(m=Max("position"))["m"] or 0) + 1


def _delete_as(instance: Any, *, actor: Any) -> None:
    history_user_set(instance, actor=actor)
    instance.delete()


# --- Tracks ----------------------------------------------------------------------------------


def _clean_track(fields: dict[str, Any]) -> dict[str, Any]:
    if "title" in fields:
        fields["title"] = _one_line(fields["title"])
        if not fields["title"]:
            raise ValidationError({"title": _("A track needs a title.")})
    if "description" in fields:
        fields["description"] = sanitize_html(fields["description"] or "", top_heading=4)
    if fields.get("owner_body") is not None and fields.get("owner_organisation") is not None:
        raise ValidationError(
            {
                "owner_organisation": _(
                    "A track has one owner: choose a body or an organisation, not both."
                )
            }
        )
    return fields


@transaction.atomic
def track_add(
    *,
    actor: Any,
    agreement: Agreement,
    title: str,
    description: str = "",
    owner_body: Any = None,
    owner_organisation: Any = None,
    followed_by: Any = (),
) -> Track:
    """A track (aktivitetsspor), placed after the agreement's other tracks."""
    fields = _clean_track(
        {
            "title": title,
            "description": description,
            "owner_body": owner_body,
            "owner_organisation": owner_organisation,
        }
    )
    track = Track(agreement=agreement, position=_next_position(agreement.tracks), **fields)
    save_as(track, actor=actor)
    track.followed_by.set(list(followed_by))
    return track


@transaction.atomic
def track_update(
    *,
    actor: Any,
    track_id: int,
    expected_version: int,
    followed_by: Any = None,
    **fields: Any,
) -> Track:
    """Change a track; a stale version is a conflict naming what the other writer saved."""
    unknown = set(fields) - set(TRACK_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    track = Track.objects.select_for_update().get(pk=track_id)
    if track.version != expected_version:
        raise _conflict(
            track,
            TRACK_FIELDS,
            _(
                "Someone else changed this track while you were editing it. Their version is "
                "shown below; your changes were not saved. Check them and save again."
            ),
        )
    current = {name: getattr(track, name) for name in ("owner_body", "owner_organisation")}
    for name, value in _clean_track({**current, **fields}).items():
        setattr(track, name, value)
    track.version += 1
    save_as(track, actor=actor)
    if followed_by is not None:
        track.followed_by.set(list(followed_by))
    return track


@transaction.atomic
def track_remove(*, actor: Any, track_id: int) -> None:
    """Remove a track; refused while it has activities (they would be lost with it)."""
    track = Track.objects.select_for_update().get(pk=track_id)
    if track.activities.exists():
        raise ValidationError(
            _("“%(title)s” has activities, so it cannot be removed. Remove its activities first.")
            % {"title": track.title}
        )
    _delete_as(track, actor=actor)


# --- Activities ------------------------------------------------------------------------------


def _clean_activity(fields: dict[str, Any]) -> dict[str, Any]:
    if "title" in fields:
        fields["title"] = _one_line(fields["title"])
        if not fields["title"]:
            raise ValidationError({"title": _("An activity needs a title.")})
    if "responsible_text" in fields:
        fields["responsible_text"] = _one_line(fields["responsible_text"])
    if "description" in fields:
        fields["description"] = (fields["description"] or "").strip()
    start, end = fields.get("start"), fields.get("end")
    if start is not None and end is not None and end < start:
        raise ValidationError(
            {
                "end": _(
                    "The activity ends (%(end)s) before it starts (%(start)s). Correct one of "
                    "the dates."
                )
                % {"end": _date(end), "start": _date(start)}
            }
        )
    if fields.get("status", Activity.Status.PLANNED) not in Activity.Status.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    return fields


@transaction.atomic
def activity_add(
    *,
    actor: Any,
    track: Track,
    title: str,
    description: str = "",
    responsible_organisation: Any = None,
    responsible_text: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
    status: str = Activity.Status.PLANNED,
) -> Activity:
    """An activity of a track. Refused: an end before the start."""
    fields = _clean_activity(
        {
            "title": title,
            "description": description,
            "responsible_organisation": responsible_organisation,
            "responsible_text": responsible_text,
            "start": start,
            "end": end,
            "status": status,
        }
    )
    activity = Activity(track=track, position=_next_position(track.activities), **fields)
    save_as(activity, actor=actor)
    return activity


@transaction.atomic
def activity_update(
    *, actor: Any, activity_id: int, expected_version: int, **fields: Any
) -> Activity:
    """Change an activity (its status, dates, responsible …). Refused: a stale version (a
    conflict), an end before the start."""
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    activity = Activity.objects.select_for_update().get(pk=activity_id)
    if activity.version != expected_version:
        raise _conflict(
            activity,
            ACTIVITY_FIELDS,
            _(
                "Someone else changed this activity while you were editing it. Their version "
                "is shown below; your changes were not saved. Check them and save again."
            ),
        )
    current = {"start": activity.start, "end": activity.end, "status": activity.status}
    for name, value in _clean_activity({**current, **fields}).items():
        setattr(activity, name, value)
    activity.version += 1
    save_as(activity, actor=actor)
    return activity


@transaction.atomic
def activity_remove(*, actor: Any, activity_id: int) -> None:
    """Remove an activity with its milestones."""
    activity = Activity.objects.select_for_update().get(pk=activity_id)
    for milestone in activity.milestones.all():
        _delete_as(milestone, actor=actor)
    _delete_as(activity, actor=actor)


# --- Milestones ------------------------------------------------------------------------------


@transaction.atomic
def milestone_add(
    *,
    actor: Any,
    activity: Activity,
    title: str,
    due_on: dt.date,
    done_on: dt.date | None = None,
) -> Milestone:
    """A milestone of an activity. A due date outside the activity's dates is allowed (the
    page marks it)."""
    title = _one_line(title)
    if not title:
        raise ValidationError({"title": _("A milestone needs a title.")})
    milestone = Milestone(activity=activity, title=title, due_on=due_on, done_on=done_on)
    save_as(milestone, actor=actor)
    return milestone


@transaction.atomic
def milestone_mark_done(*, actor: Any, milestone_id: int, done_on: dt.date | None) -> Milestone:
    """Record the day a milestone was reached (None: not reached after all)."""
    milestone = Milestone.objects.select_for_update().get(pk=milestone_id)
    milestone.done_on = done_on
    save_as(milestone, actor=actor)
    return milestone


@transaction.atomic
def milestone_remove(*, actor: Any, milestone_id: int) -> None:
    _delete_as(Milestone.objects.get(pk=milestone_id), actor=actor)


# --- Evaluations -----------------------------------------------------------------------------


def _clean_evaluation(fields: dict[str, Any]) -> dict[str, Any]:
    if "title" in fields:
        fields["title"] = _one_line(fields["title"])
        if not fields["title"]:
            raise ValidationError({"title": _("An evaluation needs a title.")})
    if "conclusion" in fields:
        fields["conclusion"] = sanitize_html(fields["conclusion"] or "", top_heading=4)
    if fields.get("conclusion") and fields.get("done_on") is None:
        raise ValidationError(
            {"done_on": _("Give the day the evaluation was done, now that it has a conclusion.")}
        )
    return fields


def _attach(evaluation: Evaluation, upload: IO[bytes]) -> None:
    try:
        content_type = upload_check(upload=upload)
    except UploadRefused as error:
        raise ValidationError({"document": error.messages}) from None
    evaluation.document_content_type = content_type
    # Any uploaded file object will do for Django's File API, whatever its declared type.
    evaluation.document.save(getattr(upload, "name", "evaluering"), upload, save=False)  # type: ignore[arg-type]  # see above


def _save_with_file(evaluation: Evaluation, *, actor: Any, new_file: bool) -> None:
    # A change without a new file names its fields: the document is left as it was, and
    # whoever reads the file's text on a save (the extraction app) knows it need not.
    fields = None if new_file or evaluation.pk is None else [*EVALUATION_FIELDS, "version"]
    try:
        save_as(evaluation, actor=actor, update_fields=fields)
    except Exception:
        if new_file:
            evaluation.document.delete(save=False)  # storage is not transactional
        raise


@transaction.atomic
def evaluation_add(
    *,
    actor: Any,
    agreement: Agreement,
    title: str,
    due_on: dt.date,
    conclusion: str = "",
    done_on: dt.date | None = None,
    document: IO[bytes] | None = None,
) -> Evaluation:
    """An evaluation due by ``due_on`` (e.g. 31 December 2017 for "before the end of
    2017"). Refused: a conclusion without the day it was done, a document the upload check
    refuses."""
    fields = _clean_evaluation(
        {"title": title, "due_on": due_on, "conclusion": conclusion, "done_on": done_on}
    )
    evaluation = Evaluation(agreement=agreement, **fields)
    if document is not None:
        _attach(evaluation, document)
    _save_with_file(evaluation, actor=actor, new_file=document is not None)
    return evaluation


@transaction.atomic
def evaluation_update(
    *,
    actor: Any,
    evaluation_id: int,
    expected_version: int,
    document: IO[bytes] | None = None,
    **fields: Any,
) -> Evaluation:
    """Change an evaluation: record its conclusion, the day it was done, its document.
    Refused: a stale version (a conflict), a conclusion without the day, a refused file."""
    unknown = set(fields) - set(EVALUATION_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation_id)
    if evaluation.version != expected_version:
        raise _conflict(
            evaluation,
            EVALUATION_FIELDS,
            _(
                "Someone else changed this evaluation while you were editing it. Their "
                "version is shown below; your changes were not saved. Check them and save "
                "again."
            ),
        )
    current = {"conclusion": evaluation.conclusion, "done_on": evaluation.done_on}
    for name, value in _clean_evaluation({**current, **fields}).items():
        setattr(evaluation, name, value)
    if document is not None:
        _attach(evaluation, document)
    evaluation.version += 1
    _save_with_file(evaluation, actor=actor, new_file=document is not None)
    return evaluation


# --- Meeting items linked to an agreement or a track -----------------------------------------


@transaction.atomic
def item_link_add(
    *, actor: Any, agreement: Agreement, item: Any, track: Track | None = None
) -> AgreementItemLink:
    """Link a meeting item to the agreement (or one of its tracks). Refused: a track of
    another agreement, an item linked already."""
    if track is not None and track.agreement_id != agreement.pk:
        raise ValidationError({"track": _("Choose a track of this agreement.")})
    if AgreementItemLink.objects.filter(agreement=agreement, track=track, item=item).exists():
        raise ValidationError({"item": _("This item is linked already.")})
    link = AgreementItemLink(
        agreement=agreement,
        track=track,
        item=item,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    save_as(link, actor=actor)
    return link


@transaction.atomic
def item_link_remove(*, actor: Any, link_id: int) -> None:
    _delete_as(AgreementItemLink.objects.get(pk=link_id), actor=actor)


# --- Plan matrices ---------------------------------------------------------------------------


def _names(values: list[str], what: str) -> list[str]:
    names = [_one_line(v) for v in values if _one_line(v)]
    if not names:
        raise ValidationError({what: _("Give at least one name, one a line.")})
    return names


@transaction.atomic
def matrix_create(
    *,
    actor: Any,
    agreement: Agreement,
    title: str,
    levels: list[str],
    sections: list[str],
    introduction: str = "",
) -> PlanMatrix:
    """A matrix with its levels (columns) and sections (rows under each theme); themes
    are added one by one (``matrix_theme_add``)."""
    title = _one_line(title)
    if not title:
        raise ValidationError({"title": _("A matrix needs a title.")})
    level_names, section_names = _names(levels, "levels"), _names(sections, "sections")
    matrix = PlanMatrix(
        agreement=agreement,
        title=title,
        introduction=sanitize_html(introduction or "", top_heading=3),
    )
    save_as(matrix, actor=actor)
    for position, name in enumerate(level_names, start=1):
        save_as(MatrixLevel(matrix=matrix, position=position, name=name), actor=actor)
    for position, name in enumerate(section_names, start=1):
        save_as(MatrixSection(matrix=matrix, position=position, name=name), actor=actor)
    return matrix


@transaction.atomic
def matrix_theme_add(
    *,
    actor: Any,
    matrix: PlanMatrix,
    name: str,
    cells: dict[tuple[str, str], str] | None = None,
) -> MatrixTheme:
    """A theme, with an (empty) cell for every level and section; ``cells`` may fill them
    at once, keyed by (section name, level name)."""
    name = _one_line(name)
    if not name:
        raise ValidationError({"name": _("A theme needs a name.")})
    if matrix.themes.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("The matrix has a theme of that name already.")})
    theme = MatrixTheme(matrix=matrix, position=_next_position(matrix.themes), name=name)
    save_as(theme, actor=actor)
    cells = cells or {}
    for section in matrix.sections.all():
        for level in matrix.levels.all():
            text = sanitize_html(cells.get((section.name, level.name), ""), top_heading=4)
            save_as(MatrixCell(theme=theme, level=level, section=section, text=text), actor=actor)
    return theme


@transaction.atomic
def matrix_cell_update(*, actor: Any, cell_id: int, expected_version: int, text: str) -> MatrixCell:
    """The text of one cell (sanitised). A stale version is a conflict showing what the
    other writer saved; nothing is overwritten."""
    cell = MatrixCell.objects.select_for_update().get(pk=cell_id)
    if cell.version != expected_version:
        raise _conflict(
            cell,
            ("text",),
            _(
                "Someone else changed this cell while you were editing it. Their text is "
                "shown below; your changes were not saved. Check them and save again."
            ),
        )
    cell.text = sanitize_html(text or "", top_heading=4)
    cell.version += 1
    save_as(cell, actor=actor)
    return cell


@transaction.atomic
def matrix_footnote_set(*, actor: Any, matrix: PlanMatrix, number: int, text: str) -> None:
    """Set footnote ``number`` (an empty text removes it)."""
    if number < 1:
        raise ValidationError({"number": _("A footnote's number is 1 or more.")})
    text = _one_line(text)
    footnote = matrix.footnotes.filter(number=number).first()
    if not text:
        if footnote is not None:
            _delete_as(footnote, actor=actor)
        return
    if footnote is None:
        footnote = MatrixFootnote(matrix=matrix, number=number, text=text)
    footnote.text = text
    save_as(footnote, actor=actor)
