from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from councils.models import Body, Membership, Municipality, Organisation, Person, Region


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
