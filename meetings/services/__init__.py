"""Writes for meetings. Every service takes ``actor`` and runs in a transaction.

Rules enforced here: a meeting ends after it starts; a new meeting starts from the standing
items; sub-items go one level deep; edits carry the version they were loaded at; attachments
are checked by content (type and size) and a rejected upload leaves the agenda as it was;
a change after publishing makes a new version with a note of what changed.

One module per concern, named after the glossary: ``meetings`` (schedule, change, plan,
cancel), ``agenda_items``, ``attachments``, ``attendance`` (also per item: joined, left,
disqualified), ``publishing`` (agendas and minutes as versions), ``minutes_approval``
(online approval by the members, justering, decision types), ``pdf`` (the PDFs of a
published version), ``newsletters``; ``common`` holds what they share. The public names
are re-exported here, so ``from meetings import services; services.agenda_item_add(...)``
keeps working.
"""

from meetings.services.agenda_items import (
    ITEM_EDITABLE_FIELDS,
    RICH_TEXT_FIELDS,
    TRAILING_STANDING,
    agenda_item_add,
    agenda_item_delete,
    agenda_item_move,
    agenda_item_reparent,
    agenda_item_restore,
    agenda_item_update,
)
from meetings.services.attachments import (
    MAX_ATTACHMENT_BYTES,
    attachment_delete,
    attachment_restore,
    attachment_update,
    attachment_withdraw,
    attachments_add,
)
from meetings.services.attendance import (
    ATTENDING_ROLES,
    attendance_all_present,
    attendance_record,
    attendance_remove,
    item_disqualification_record,
    item_disqualification_remove,
)
from meetings.services.meetings import (
    MEETING_EDITABLE_FIELDS,
    MEETING_NOTIFIED_FIELDS,
    meeting_cancel,
    meeting_schedule,
    meeting_update,
    meetings_plan,
)
from meetings.services.minutes_approval import (
    body_minutes_settings_set,
    decision_type_add,
    decision_type_retire,
    minutes_adjust,
    minutes_adjusters_set,
    minutes_approval_give,
    minutes_approval_remind,
    minutes_approval_request,
    minutes_approvals_remind_all,
    minutes_comment_add,
    minutes_comment_resolve,
)
from meetings.services.newsletters import (
    NEWSLETTER_LANGUAGE,
    newsletter_create,
    newsletter_draft_from_minutes,
    newsletter_publish,
    newsletter_update,
)
from meetings.services.pdf import (
    PDF_LANGUAGE,
    meeting_pdf_fail,
    meeting_pdf_release,
    meeting_pdf_render,
    meeting_pdf_retry,
    meeting_pdfs_request,
    meeting_pdfs_resume,
    pdf_filename,
)
from meetings.services.planning import meeting_plan_rule_set, overdue_agendas_remind
from meetings.services.publishing import (
    agenda_publish,
    agendas_due_publish,
    minutes_approve,
    minutes_publish,
)

__all__ = [
    "ATTENDING_ROLES",
    "ITEM_EDITABLE_FIELDS",
    "MAX_ATTACHMENT_BYTES",
    "MEETING_EDITABLE_FIELDS",
    "MEETING_NOTIFIED_FIELDS",
    "NEWSLETTER_LANGUAGE",
    "PDF_LANGUAGE",
    "RICH_TEXT_FIELDS",
    "TRAILING_STANDING",
    "agenda_item_add",
    "agenda_item_delete",
    "agenda_item_move",
    "agenda_item_reparent",
    "agenda_item_restore",
    "agenda_item_update",
    "agenda_publish",
    "agendas_due_publish",
    "attachment_delete",
    "attachment_restore",
    "attachment_update",
    "attachment_withdraw",
    "attachments_add",
    "attendance_all_present",
    "attendance_record",
    "attendance_remove",
    "body_minutes_settings_set",
    "decision_type_add",
    "decision_type_retire",
    "item_disqualification_record",
    "item_disqualification_remove",
    "meeting_cancel",
    "meeting_pdf_fail",
    "meeting_pdf_release",
    "meeting_pdf_render",
    "meeting_pdf_retry",
    "meeting_pdfs_request",
    "meeting_pdfs_resume",
    "meeting_plan_rule_set",
    "meeting_schedule",
    "meeting_update",
    "meetings_plan",
    "minutes_adjust",
    "minutes_adjusters_set",
    "minutes_approval_give",
    "minutes_approval_remind",
    "minutes_approval_request",
    "minutes_approvals_remind_all",
    "minutes_approve",
    "minutes_comment_add",
    "minutes_comment_resolve",
    "minutes_publish",
    "newsletter_create",
    "newsletter_draft_from_minutes",
    "newsletter_publish",
    "newsletter_update",
    "overdue_agendas_remind",
    "pdf_filename",
]
