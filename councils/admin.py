from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from councils.models import (
    Body,
    Membership,
    Municipality,
    Organisation,
    Person,
    Region,
    Statute,
    StatuteSeatRule,
)


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "country"]
    search_fields = ["name", "code"]


@admin.register(Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]
    search_fields = ["name", "code"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "region", "parent", "is_active"]
    list_filter = ["kind", "region", "is_active"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["parent", "secretariat", "region"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "title", "organisation", "municipality"]
    search_fields = ["name", "email"]
    autocomplete_fields = ["organisation", "municipality", "user"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "body", "role", "start", "end"]
    list_filter = ["role", "body"]
    autocomplete_fields = ["person", "body", "on_behalf_of", "municipality"]


class StatuteSeatRuleInline(admin.TabularInline):
    model = StatuteSeatRule
    extra = 0
    autocomplete_fields = ["nominating_organisation", "appointing_body"]


@admin.register(Statute)
class StatuteAdmin(SimpleHistoryAdmin):
    """A body's statutes as data (issue 18); the body's secretariat edits them on the
    composition pages, the administrator here. Both leave history rows."""

    list_display = ["body", "seats_total", "chair_must_be_politician", "chair_appointed_by"]
    search_fields = ["body__name"]
    autocomplete_fields = ["body", "chair_appointed_by", "vice_chair_appointed_by"]
    inlines = [StatuteSeatRuleInline]
