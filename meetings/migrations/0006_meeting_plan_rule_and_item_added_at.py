"""A body's meeting plan rule (items due / agenda published N working days before), and
when each agenda item was added (for late items, decision 0025).

Existing items get the time of their first history row (when they were created through a
service), else the first history row of their meeting, else the meeting's start; a new
column filled with "now" would call every old item late."""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models
from django.db.models import Min, OuterRef, Subquery


def fill_added_at(apps, schema_editor):
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    HistoricalAgendaItem = apps.get_model("meetings", "HistoricalAgendaItem")
    Meeting = apps.get_model("meetings", "Meeting")
    HistoricalMeeting = apps.get_model("meetings", "HistoricalMeeting")
    first_item_row = (
        HistoricalAgendaItem.objects.filter(id=OuterRef("pk"))
        .order_by()
        .values("id")
        .annotate(first=Min("history_date"))
        .values("first")
    )
    first_meeting_row = (
        HistoricalMeeting.objects.filter(id=OuterRef("meeting_id"))
        .order_by()
        .values("id")
        .annotate(first=Min("history_date"))
        .values("first")
    )
    rows = AgendaItem.objects.annotate(
        first_item=Subquery(first_item_row), first_meeting=Subquery(first_meeting_row)
    ).values_list("pk", "first_item", "first_meeting", "meeting_id")
    starts = dict(Meeting.objects.values_list("pk", "starts_at"))
    for pk, first_item, first_meeting, meeting_id in rows.iterator():
        added = first_item or first_meeting or starts[meeting_id]
        AgendaItem.objects.filter(pk=pk).update(added_at=added)


class Migration(migrations.Migration):
    dependencies = [
        ("councils", "0005_municipality_slugs_keep_danish_letters"),
        ("meetings", "0005_minutes_approval_justering_decision_types_item_attendance"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="agendaitem",
            name="added_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False, verbose_name="added"
            ),
        ),
        migrations.AddField(
            model_name="historicalagendaitem",
            name="added_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False, verbose_name="added"
            ),
        ),
        migrations.RunPython(fill_added_at, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="historicalmeeting",
            name="agenda_deadline",
            field=models.DateField(
                blank=True,
                help_text="The day by which items for the agenda must be in; items that come later are marked late. Empty: the body's meeting plan rule decides.",
                null=True,
                verbose_name="agenda deadline",
            ),
        ),
        migrations.AlterField(
            model_name="meeting",
            name="agenda_deadline",
            field=models.DateField(
                blank=True,
                help_text="The day by which items for the agenda must be in; items that come later are marked late. Empty: the body's meeting plan rule decides.",
                null=True,
                verbose_name="agenda deadline",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalMeetingPlanRule",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "item_deadline_working_days",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Empty: no deadline for items.",
                        null=True,
                        verbose_name="items due: working days before the meeting",
                    ),
                ),
                (
                    "publication_working_days",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Empty: no rule for publishing the agenda.",
                        null=True,
                        verbose_name="agenda published: working days before the meeting",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "body",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="councils.body",
                        verbose_name="body",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical meeting plan rule",
                "verbose_name_plural": "historical meeting plan rules",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="MeetingPlanRule",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "item_deadline_working_days",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Empty: no deadline for items.",
                        null=True,
                        verbose_name="items due: working days before the meeting",
                    ),
                ),
                (
                    "publication_working_days",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Empty: no rule for publishing the agenda.",
                        null=True,
                        verbose_name="agenda published: working days before the meeting",
                    ),
                ),
                (
                    "body",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="meeting_plan_rule",
                        to="councils.body",
                        verbose_name="body",
                    ),
                ),
            ],
            options={
                "verbose_name": "meeting plan rule",
                "verbose_name_plural": "meeting plan rules",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("item_deadline_working_days__isnull", True),
                                ("item_deadline_working_days__lte", 60),
                                _connector="OR",
                            ),
                            models.Q(
                                ("publication_working_days__isnull", True),
                                ("publication_working_days__lte", 60),
                                _connector="OR",
                            ),
                        ),
                        name="meeting_plan_rule_at_most_60_days",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("item_deadline_working_days__isnull", True),
                            ("publication_working_days__isnull", True),
                            (
                                "item_deadline_working_days__gte",
                                models.F("publication_working_days"),
                            ),
                            _connector="OR",
                        ),
                        name="meeting_plan_rule_items_due_before_publication",
                    ),
                ],
            },
        ),
    ]
