from django.urls import path

from councils import views, views_composition, views_organisation_contacts, views_statutes

app_name = "councils"

urlpatterns = [
    path("organer/<slug:slug>/", views.body_detail, name="body_detail"),
    path("organer/<slug:slug>/rediger/", views.body_edit, name="body_edit"),
    path("organer/<slug:slug>/historik/", views.body_history, name="body_history"),
    path("kommuner/", views.municipality_list, name="municipality_list"),
    path("kommuner/<str:key>/", views.municipality_detail, name="municipality_detail"),
    path(
        "organer/<slug:slug>/pladser/<int:seat_id>/indstil/",
        views_composition.nomination_create,
        name="nomination_create",
    ),
    path("udpegninger/", views_composition.appointments_overview, name="appointments"),
    path(
        "udpegninger/udpegninger.<str:extension>",
        views_composition.appointments_overview,
        name="appointments_export",
    ),
    path("udpegninger/indstillinger/", views_composition.nomination_list, name="nomination_list"),
    path(
        "udpegninger/indstillinger/<int:pk>/<str:decision>/",
        views_composition.nomination_decide,
        name="nomination_decide",
    ),
    path("personer/<slug:slug>/", views_composition.person_detail, name="person_detail"),
    # Composition upkeep by the secretariat (issue 12).
    path(
        "organer/<slug:slug>/sammensaetning/",
        views_composition.composition_manage,
        name="composition_manage",
    ),
    path(
        "organer/<slug:slug>/sammensaetning/pladser/ny/",
        views_composition.seat_create,
        name="seat_create",
    ),
    path(
        "organer/<slug:slug>/sammensaetning/pladser/<int:seat_id>/",
        views_composition.seat_edit,
        name="seat_edit",
    ),
    path(
        "organer/<slug:slug>/sammensaetning/pladser/<int:seat_id>/nedlaeg/",
        views_composition.seat_end,
        name="seat_end",
    ),
    path(
        "organer/<slug:slug>/sammensaetning/pladser/<int:seat_id>/udpeg/",
        views_composition.membership_appoint,
        name="membership_appoint",
    ),
    path(
        "organer/<slug:slug>/sammensaetning/pladser/<int:seat_id>/stedfortraeder/",
        views_composition.membership_appoint,
        {"kind": "substitute"},
        name="substitute_appoint",
    ),
    path(
        "organer/<slug:slug>/sammensaetning/medlemskaber/<int:pk>/afslut/",
        views_composition.membership_end,
        name="membership_end",
    ),
    path(
        "organer/<slug:slug>/sammensaetning/medlemskaber/<int:pk>/konto/",
        views_composition.person_account,
        name="person_account",
    ),
    path(
        "organer/<slug:slug>/sammensaetning/perioder/ny/",
        views_composition.term_create,
        name="term_create",
    ),
    path(
        "organer/<slug:slug>/sammensaetning/perioder/<int:term_id>/",
        views_composition.term_edit,
        name="term_edit",
    ),
    path(
        "udpegninger/kontaktpersoner/",
        views_composition.municipal_contacts,
        name="municipal_contacts",
    ),
    path(
        "udpegninger/kontaktpersoner/<int:pk>/fjern/",
        views_composition.municipal_contact_revoke,
        name="municipal_contact_revoke",
    ),
    path(
        "udpegninger/mine-indstillinger/",
        views_composition.nominations_own,
        name="nominations_own",
    ),
    path("udpegninger/indstil/", views_composition.nomination_propose, name="nomination_propose"),
    # Statutes as data and the re-appointment round (issue 18).
    path(
        "organer/<slug:slug>/sammensaetning/vedtaegt/",
        views_statutes.statute_manage,
        name="statute_manage",
    ),
    path(
        "organer/<slug:slug>/sammensaetning/vedtaegt/regler/ny/",
        views_statutes.statute_rule_create,
        name="statute_rule_create",
    ),
    path(
        "organer/<slug:slug>/sammensaetning/vedtaegt/regler/<int:rule_id>/",
        views_statutes.statute_rule_edit,
        name="statute_rule_edit",
    ),
    path(
        "organer/<slug:slug>/sammensaetning/vedtaegt/regler/<int:rule_id>/fjern/",
        views_statutes.statute_rule_delete,
        name="statute_rule_delete",
    ),
    path(
        "organer/<slug:slug>/sammensaetning/genudpegning/",
        views_statutes.reappointment_body,
        name="reappointment_body",
    ),
    path(
        "organer/<slug:slug>/sammensaetning/medlemskaber/<int:pk>/genudpeg/",
        views_statutes.membership_reappoint,
        name="membership_reappoint",
    ),
    path(
        "udpegninger/genudpegning/",
        views_statutes.reappointment_overview,
        name="reappointment_overview",
    ),
    # Organisation contact persons (decision 0023).
    path(
        "udpegninger/organisationskontakter/",
        views_organisation_contacts.organisation_contacts,
        name="organisation_contacts",
    ),
    path(
        "udpegninger/organisationskontakter/<int:pk>/fjern/",
        views_organisation_contacts.organisation_contact_revoke,
        name="organisation_contact_revoke",
    ),
]
