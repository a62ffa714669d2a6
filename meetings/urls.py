from django.urls import path

from meetings import feeds, views, views_edit, views_minutes, views_newsletter, views_versions

app_name = "meetings"

urlpatterns = [
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("kalender.ics", feeds.calendar_all, name="calendar_all"),
    path("organ/<slug:slug>/kalender.ics", feeds.calendar_body, name="calendar_body"),
    path("organ/<slug:slug>/rss/", feeds.BodyDocumentsFeed(), name="feed_rss"),
    path("organ/<slug:slug>/atom/", feeds.BodyDocumentsAtomFeed(), name="feed_atom"),
    path("bilag/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("<int:pk>/pdf/<str:document>/", views.meeting_pdfs, name="meeting_pdfs"),
    path("pdf/<int:pk>/<str:kind>.pdf", views.meeting_pdf_download, name="meeting_pdf_download"),
    path("pdf/<int:pk>/proev-igen/", views_edit.pdf_retry, name="pdf_retry"),
    path("nyhedsbrev/<int:pk>/", views_newsletter.newsletter_detail, name="newsletter_detail"),
    path("nyhedsbrev/<int:pk>/rediger/", views_newsletter.newsletter_edit, name="newsletter_edit"),
    path(
        "nyhedsbrev/<int:pk>/udgiv/",
        views_newsletter.newsletter_publish,
        name="newsletter_publish",
    ),
    path(
        "organ/<slug:slug>/nyhedsbreve/",
        views_newsletter.newsletter_list,
        name="newsletter_list",
    ),
    path(
        "organ/<slug:slug>/nyhedsbreve/ny/",
        views_newsletter.newsletter_create,
        name="newsletter_create",
    ),
    path(
        "organ/<slug:slug>/nyhedsbreve/rss/",
        views_newsletter.BodyNewslettersFeed(),
        name="newsletter_feed",
    ),
    path("ny/<slug:slug>/", views_edit.meeting_create, name="meeting_create"),
    path("<int:pk>/dagsorden/", views_edit.agenda_edit, name="agenda_edit"),
    path("<int:pk>/rediger/", views_edit.meeting_edit, name="meeting_edit"),
    path("<int:pk>/deltagere/", views_edit.attendance, name="attendance"),
    path(
        "<int:pk>/deltagere/alle-til-stede/",
        views_edit.attendance_all_present,
        name="attendance_all_present",
    ),
    path(
        "<int:pk>/deltagere/<int:person>/fjern/",
        views_edit.attendance_remove,
        name="attendance_remove",
    ),
    path("<int:pk>/aflys/", views_edit.meeting_cancel, name="meeting_cancel"),
    path("<int:pk>/offentliggoer/<str:document>/", views_edit.publish, name="publish"),
    path("punkt/<int:pk>/", views_edit.item_edit, name="item_edit"),
    path("punkt/<int:pk>/bilag/", views_edit.item_attachments_add, name="item_attachments_add"),
    path("punkt/<int:pk>/flyt/", views_edit.item_move, name="item_move"),
    path("punkt/<int:pk>/flyt-under/", views_edit.item_reparent, name="item_reparent"),
    path("punkt/<int:pk>/slet/", views_versions.item_delete, name="item_delete"),
    path("punkt/<int:pk>/gendan/", views_versions.item_restore, name="item_restore"),
    path("punkt/<int:pk>/godkend-referat/", views_edit.minutes_approve, name="minutes_approve"),
    path("bilag/<int:pk>/rediger/", views_edit.attachment_edit, name="attachment_edit"),
    path("bilag/<int:pk>/slet/", views_versions.attachment_delete, name="attachment_delete"),
    path("bilag/<int:pk>/gendan/", views_versions.attachment_restore, name="attachment_restore"),
    path(
        "bilag/<int:pk>/traek-tilbage/",
        views_versions.attachment_withdraw,
        name="attachment_withdraw",
    ),
    path(
        "<int:pk>/godkendelse-af-referat/",
        views_minutes.minutes_approval,
        name="minutes_approval",
    ),
    path("<int:pk>/justering/", views_minutes.minutes_adjust, name="minutes_adjust"),
    path(
        "organ/<slug:slug>/referat-indstillinger/",
        views_minutes.minutes_settings,
        name="minutes_settings",
    ),
    path("organ/<slug:slug>/moedeplan/", views_edit.meeting_plan, name="meeting_plan"),
    path("<int:pk>/papirkurv/", views_versions.meeting_bin, name="meeting_bin"),
    path("<int:pk>/historik/", views_versions.meeting_history, name="meeting_history"),
    path(
        "<int:pk>/version/<str:document>/<int:number>/",
        views_versions.version_detail,
        name="version_detail",
    ),
    path(
        "<int:pk>/version/<str:document>/<int:number>/sammenlign/",
        views_versions.version_compare,
        name="version_compare",
    ),
]
