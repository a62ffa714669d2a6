"""API tokens (issue 15, decision 0031): made and revoked by a body's secretariat, shown
once, stored hashed, scoped to the public's or the body's members' view, refused with 401
when unknown, revoked or expired, last use recorded, every change in the history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from councils.models import Body
from integrations import services
from integrations.models import ApiToken, TokenScope
from meetings import services as meeting_services

SECRET_TITLE = "Fortrolig sag om lønforhandling"
PASSWORD = "demo-kkr-2026"


@pytest.fixture
def kd_net(demo) -> Body:
    return Body.objects.get(slug="kd-net-midtjylland")


@pytest.fixture
def other_body(demo) -> Body:
    return Body.objects.exclude(slug="kd-net-midtjylland").order_by("pk").first()


@pytest.fixture
def secretariat(demo) -> User:
    return User.objects.get(username="sekretariat")


@pytest.fixture
def published(kd_net):
    """A published meeting of KD-Net with an open and a closed item."""
    start = timezone.make_aware(dt.datetime(2015, 3, 2, 9))
    meeting = meeting_services.meeting_schedule(
        actor=None, body=kd_net, starts_at=start, ends_at=start + dt.timedelta(hours=2)
    )
    meeting_services.agenda_item_add(actor=None, meeting=meeting, title="Åbent punkt")
    closed = meeting_services.agenda_item_add(
        actor=None, meeting=meeting, title=SECRET_TITLE, is_closed=True
    )
    meeting_services.attachments_add(
        actor=None,
        item=closed,
        files=[("Lukket bilag", SimpleUploadedFile("l.pdf", b"%PDF-1.4\n%%EOF\n"))],
    )
    meeting_services.agenda_publish(actor=None, meeting_id=meeting.pk)
    return meeting


def _make(actor: User, body: Body, scope: str = TokenScope.PUBLIC, days: int = 30):
    return services.token_create(
        actor=actor,
        name="Regionens intranet",
        body=body,
        scope=scope,
        expires_at=timezone.now() + dt.timedelta(days=days),
    )


def _bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_a_token_is_stored_only_as_its_hash_and_its_making_is_history(secretariat, kd_net) -> None:
    token, secret = _make(secretariat, kd_net)
    assert secret.startswith("kkr_") and len(secret) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret not in (stored.key_hash, stored.prefix, stored.name)
    assert stored.key_hash == services.token_hash(secret)
    assert secret.startswith(stored.prefix) and len(stored.prefix) < 12
    [row] = stored.history.all()
    assert row.history_user == secretariat and row.history_type == "+"
    services.token_revoke(actor=secretariat, token_id=token.pk)
    assert [r.history_type for r in stored.history.order_by("history_id")] == ["+", "~"]
    assert ApiToken.objects.get(pk=token.pk).revoked_by == secretariat


def test_only_the_bodys_secretariat_or_an_administrator_makes_and_revokes_its_tokens(
    secretariat, kd_net, other_body
) -> None:
    member = User.objects.get(username="medlem")
    with pytest.raises(PermissionDenied):
        _make(member, kd_net)
    with pytest.raises(PermissionDenied):
        _make(secretariat, other_body)
    admin = User.objects.create_superuser("api-admin", "a@example.dk", "x")
    token, _secret = _make(admin, other_body)
    with pytest.raises(PermissionDenied):
        services.token_revoke(actor=secretariat, token_id=token.pk)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


@pytest.mark.parametrize(
    ("name", "days", "field"),
    [("  ", 30, "name"), ("System", -1, "expires_at"), ("System", 800, "expires_at")],
)
def test_a_token_needs_a_name_and_an_expiry_within_two_years(
    secretariat, kd_net, name, days, field
) -> None:
    with pytest.raises(ValidationError) as error:
        services.token_create(
            actor=secretariat,
            name=name,
            body=kd_net,
            scope=TokenScope.PUBLIC,
            expires_at=timezone.now() + dt.timedelta(days=days),
        )
    assert field in error.value.message_dict
    assert not ApiToken.objects.exists()


def test_a_members_token_sees_what_the_bodys_members_see_and_no_more(
    client: Client, secretariat, kd_net, other_body, published
) -> None:
    url = f"/api/meetings/{published.pk}/"
    _public_token, public_secret = _make(secretariat, kd_net)
    _members_token, members_secret = _make(secretariat, kd_net, TokenScope.MEMBERS)
    admin = User.objects.create_superuser("api-admin", "a@example.dk", "x")
    _other, other_secret = _make(admin, other_body, TokenScope.MEMBERS)

    def text(**headers: str) -> str:
        response = client.get(url, **headers)
        assert response.status_code == 200, response.content
        return response.content.decode()

    assert SECRET_TITLE not in text()
    assert SECRET_TITLE not in text(**_bearer(public_secret))
    assert SECRET_TITLE not in text(**_bearer(other_secret))
    members_view = text(**_bearer(members_secret))
    assert SECRET_TITLE in members_view and "Lukket bilag" in members_view


def test_a_members_token_is_not_an_account(client: Client, secretariat, kd_net) -> None:
    """A token reads; it gets no account's pages or history through the session's door."""
    _token, secret = _make(secretariat, kd_net, TokenScope.MEMBERS)
    response = client.get(reverse("accounts:profile"), **_bearer(secret))
    assert response.status_code == 302 and "log-ind" in response["Location"]


@pytest.mark.parametrize("path", ["/api/meetings/", "/oparl/v1.1/body/", "/api/"])
def test_unknown_revoked_and_expired_tokens_are_refused_with_401_and_a_reason(
    client: Client, secretariat, kd_net, path
) -> None:
    revoked, revoked_secret = _make(secretariat, kd_net)
    services.token_revoke(actor=secretariat, token_id=revoked.pk)
    expired, expired_secret = _make(secretariat, kd_net)
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    cases = {
        "kkr_" + "x" * 43: "not known",
        "something-else": "not known",
        revoked_secret: "revoked",
        expired_secret: "expired",
    }
    for secret, reason in cases.items():
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="en", **_bearer(secret))
        assert response.status_code == 401, (secret, response.status_code)
        assert response["WWW-Authenticate"].startswith("Bearer")
        message = response.json().get("detail") or response.json().get("message")
        assert reason in message, message
        if path.startswith("/oparl/"):
            assert response.json()["type"] == "https://schema.oparl.org/1.1/Error"
    # Danish by default.
    response = client.get(path, **_bearer(revoked_secret))
    assert "tilbagekaldt" in str(response.json())


def test_the_last_use_is_recorded_at_most_once_a_minute(
    client: Client, secretariat, kd_net
) -> None:
    token, secret = _make(secretariat, kd_net)
    assert token.last_used_at is None
    assert client.get("/api/regions/", **_bearer(secret)).status_code == 200
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    client.get("/api/regions/", **_bearer(secret))
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - dt.timedelta(minutes=2))
    client.get("/api/regions/", **_bearer(secret))
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first


def test_basic_authentication_is_still_refused(client: Client, kd_net) -> None:
    response = client.get("/api/meetings/", HTTP_AUTHORIZATION="Basic c2VrcmV0YXJpYXQ6eA==")
    assert response.status_code in (401, 403)


def test_a_members_token_gets_no_contact_details_of_persons(
    client: Client, secretariat, kd_net
) -> None:
    """Members see politicians' e-mail and phone on the portal; a machine reading as a member
    does not get them in bulk (``Roles.is_machine``)."""
    from councils.models import Person

    person = Person.objects.order_by("pk").first()
    person.email = "borgmester@kommune.example.dk"
    person.save(update_fields=["email"])
    url = f"/api/persons/{person.slug}/"
    client.force_login(User.objects.get(username="medlem"))
    assert person.email in client.get(url).content.decode()  # a member, signed in: yes
    client.logout()
    _token, secret = _make(secretariat, kd_net, TokenScope.MEMBERS)
    assert person.email not in client.get(url, **_bearer(secret)).content.decode()


def test_a_token_is_no_person(secretariat, kd_net) -> None:
    """A members' token has no account row; it must never be taken for the persons without
    one (``user_id IS NULL``)."""
    from integrations.access import TokenPrincipal
    from meetings.access import person_id_of

    token, _secret = _make(secretariat, kd_net, TokenScope.MEMBERS)
    assert person_id_of(TokenPrincipal(token)) is None


def test_the_admin_revokes_through_the_service(secretariat, kd_net, rf) -> None:
    from django.contrib import admin
    from django.contrib.messages.storage.fallback import FallbackStorage

    from integrations.admin import ApiTokenAdmin

    token, _secret = _make(secretariat, kd_net)
    administrator = User.objects.create_superuser("token-admin", "t@example.dk", "x")
    request = rf.post("/admin/integrations/apitoken/")
    request.user = administrator
    request.session = {}
    request._messages = FallbackStorage(request)
    model_admin = ApiTokenAdmin(ApiToken, admin.site)
    model_admin.revoke(request, ApiToken.objects.filter(pk=token.pk))
    token.refresh_from_db()
    assert token.revoked_by == administrator and token.state == "revoked"
    assert token.history.order_by("-history_id").first().history_user == administrator
    # Nothing is edited by hand, and nothing is deleted.
    assert set(model_admin.get_readonly_fields(request, token)) >= {"scope", "expires_at"}
    assert not model_admin.has_delete_permission(request, token)


def test_a_token_opens_the_files_the_api_links_to_as_its_view_allows(
    client: Client, secretariat, kd_net, published
) -> None:
    """The members' view lists a closed item's attachment with its URL; the same token
    fetches it. A public token, no token and another body's token get what the public gets
    (not found); a revoked token is a 401, as on the API."""
    _public, public_secret = _make(secretariat, kd_net)
    _members, members_secret = _make(secretariat, kd_net, TokenScope.MEMBERS)
    revoked, revoked_secret = _make(secretariat, kd_net, TokenScope.MEMBERS)
    services.token_revoke(actor=secretariat, token_id=revoked.pk)

    detail = client.get(f"/api/meetings/{published.pk}/", **_bearer(members_secret)).json()
    [closed] = [i for i in detail["items"] if i.get("title") == SECRET_TITLE]
    [attachment] = closed["attachments"]
    path = attachment["url"].split("testserver", 1)[-1]
    assert path.startswith("/moeder/bilag/")

    fetched = client.get(path, **_bearer(members_secret))
    assert fetched.status_code == 200
    assert b"".join(fetched.streaming_content).startswith(b"%PDF")
    assert fetched["Cache-Control"] == "private, no-store"
    assert client.get(path).status_code == 404
    assert client.get(path, **_bearer(public_secret)).status_code == 404
    refused = client.get(path, **_bearer(revoked_secret))
    assert refused.status_code == 401 and "tilbagekaldt" in refused.json()["detail"]
    # A person's session is unchanged: the secretariat opens it without a token.
    client.force_login(secretariat)
    assert client.get(path).status_code == 200


def test_a_members_token_gets_the_public_pdf_not_the_one_naming_who_attended(
    client: Client, secretariat, kd_net, published
) -> None:
    """The members' PDF lists who attended by name; a token gets no persons' details
    (``Roles.is_machine``), so it gets the public PDF, as the API withholds attendance."""
    from django.core.files.base import ContentFile

    from meetings.models import MeetingPdf

    _members, members_secret = _make(secretariat, kd_net, TokenScope.MEMBERS)
    pdfs = {p.audience: p for p in MeetingPdf.objects.filter(version__meeting=published)}
    assert set(pdfs) == {"public", "members"}
    for audience, meeting_pdf in pdfs.items():
        meeting_pdf.file.save(f"{audience}.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        meeting_pdf.status = MeetingPdf.Status.READY
        meeting_pdf.save()

    def fetch(audience: str, **headers: str) -> int:
        return client.get(f"/moeder/pdf/{pdfs[audience].pk}/dokument.pdf", **headers).status_code

    assert fetch("members", **_bearer(members_secret)) == 404
    assert fetch("public", **_bearer(members_secret)) == 200
    client.force_login(User.objects.get(username="medlem"))  # a person: the members' PDF
    assert fetch("members") == 200


def test_a_download_with_another_authorization_is_not_the_gates(
    client: Client, published, settings
) -> None:
    """Only a Bearer token makes a download the API gate's (401 for a bad one, counted per
    token); a proxy's Basic header on a person's download is left alone."""
    from meetings.models import Attachment

    settings.API_RATE_LIMIT_PER_CLIENT = 1
    attachment = Attachment.objects.filter(item__meeting=published, is_closed=False).first()
    closed = Attachment.objects.filter(item__meeting=published).first()
    path = f"/moeder/bilag/{(attachment or closed).pk}/"
    for _ in range(3):  # beyond the per-client limit: still not limited, never a 401
        response = client.get(path, HTTP_AUTHORIZATION="Basic dXNlcjpwdw==")
        assert response.status_code not in (401, 429)
    assert client.get(path, HTTP_AUTHORIZATION="Bearer kkr_unknown").status_code == 401
