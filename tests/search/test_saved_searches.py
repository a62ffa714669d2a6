"""Saved searches: a signed-in user saves a search and deletes it; new results they may see
come in one daily e-mail (through the outbox), never twice, never what they may not see."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meetings import services
from notifications.models import OutgoingEmail
from search.models import SavedSearch, SearchEntry
from search.services import saved_search_create, saved_search_digests_send
from search.tasks import send_saved_search_digests
from tests.factories import UserFactory
from tests.search.conftest import at

pytestmark = pytest.mark.postgres


def _later(hours: int = 1) -> dt.datetime:
    return timezone.now() + dt.timedelta(hours=hours)


def _mails(to: str) -> list[OutgoingEmail]:
    return list(OutgoingEmail.objects.filter(to=to, key__startswith="saved-search:"))


# --- The pages --------------------------------------------------------------------------


def test_the_results_page_offers_saving_to_a_user_and_by_e_mail_to_the_public(
    small_world: dict,
) -> None:
    url = reverse("search:results") + "?q=kvote"
    public = Client().get(url).content.decode()
    assert f'action="{reverse("search:save")}"' not in public
    assert f'action="{reverse("search:email_save")}"' in public
    client = Client()
    client.force_login(UserFactory(username="gemmer"))
    signed_in = client.get(url).content.decode()
    assert f'action="{reverse("search:save")}"' in signed_in
    assert f'action="{reverse("search:email_save")}"' not in signed_in


def test_saving_and_deleting_a_search_needs_sign_in_and_the_csrf_token(
    small_world: dict,
) -> None:
    anon = Client()
    assert anon.get(reverse("search:saved"))["Location"].startswith(reverse("accounts:login"))
    assert anon.post(reverse("search:save"), {"q": "kvote"})["Location"].startswith(
        reverse("accounts:login")
    )

    user = UserFactory(username="gemmer")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    # Without the form's token: refused.
    assert client.post(reverse("search:save"), {"q": "kvote"}).status_code == 403
    page = client.get(reverse("search:results") + "?q=kvote&organ=kkr-soeg").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(
        reverse("search:save"),
        {"q": "kvote", "organ": "kkr-soeg", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302 and response["Location"] == reverse("search:saved")
    (saved,) = SavedSearch.objects.filter(user=user)
    assert (saved.query, saved.filters) == ("kvote", {"body": "kkr-soeg"})
    listing = client.get(reverse("search:saved")).content.decode()
    assert "?q=kvote&amp;organ=kkr-soeg" in listing
    # Saving the same search again keeps one.
    client.post(
        reverse("search:save"), {"q": "kvote", "organ": "kkr-soeg", "csrfmiddlewaretoken": token}
    )
    assert SavedSearch.objects.filter(user=user).count() == 1
    # An empty search cannot be saved (a page that says so, not an error).
    assert (
        client.post(reverse("search:save"), {"q": "  ", "csrfmiddlewaretoken": token}).status_code
        == 400
    )

    # Another user's saved search is not found; one's own is deleted.
    other = saved_search_create(actor=UserFactory(username="anden"), query="kvote")
    delete = reverse("search:saved_delete", kwargs={"pk": other.pk})
    assert client.post(delete, {"csrfmiddlewaretoken": token}).status_code == 404
    assert SavedSearch.objects.filter(pk=other.pk).exists()
    own = reverse("search:saved_delete", kwargs={"pk": saved.pk})
    assert client.post(own).status_code == 403  # no token
    assert client.post(own, {"csrfmiddlewaretoken": token}).status_code == 302
    assert not SavedSearch.objects.filter(pk=saved.pk).exists()


def test_the_profile_slot_lists_the_users_saved_searches(small_world: dict) -> None:
    from accounts.pages import PROFILE_PAGE

    user = UserFactory(username="profil")
    saved = saved_search_create(actor=user, query="kvote")
    assert PROFILE_PAGE.collect(user=user)["saved_searches"] == [saved]


# --- The daily e-mail -------------------------------------------------------------------


def _new_items(world: dict, committed: Any, word: str) -> None:
    """An open and a closed item with ``word``, published; and a draft-only one."""
    secretary = world["secretary"]
    with committed():
        meeting = services.meeting_schedule(
            actor=secretary, body=world["body"], starts_at=at(3), place="Rådhuset"
        )
        services.agenda_item_add(actor=secretary, meeting=meeting, title=f"Åben sag om {word}")
        services.agenda_item_add(
            actor=secretary, meeting=meeting, title=f"Lukket sag om {word}", is_closed=True
        )
        services.agenda_publish(actor=secretary, meeting_id=meeting.pk)
        services.agenda_item_add(actor=secretary, meeting=meeting, title=f"Kladde om {word}")


def test_new_visible_results_are_mailed_once_a_day(small_world: dict, committed: Any) -> None:
    outsider = UserFactory(username="borger")  # signed in, no role: sees what the public sees
    secretary = small_world["secretary"]
    saved_search_create(actor=outsider, query="Glimmersag")
    saved_search_create(actor=secretary, query="Glimmersag")
    saved_search_create(actor=outsider, query="kvote")  # matches only what existed before
    assert saved_search_digests_send(now=_later()) == 0  # nothing new yet

    _new_items(small_world, committed, "Glimmersag")
    when = _later()
    assert saved_search_digests_send(now=when) == 2
    (mail,) = _mails(outsider.email)
    assert "Åben sag om Glimmersag" in mail.text
    assert "Lukket" not in mail.text and "Kladde" not in mail.text
    assert "kvote" not in mail.text  # old matches are not news
    assert "http" in mail.text and reverse("search:saved") in mail.text
    (secretary_mail,) = _mails(secretary.email)
    for title in ("Åben sag", "Lukket sag", "Kladde"):
        assert f"{title} om Glimmersag" in secretary_mail.text

    # Running again (the same day, or the task a second time) sends nothing more.
    assert saved_search_digests_send(now=when + dt.timedelta(minutes=5)) == 0
    assert send_saved_search_digests() == 0
    assert len(_mails(outsider.email)) == 1

    # Editing a thing already mailed does not mail it again; the first index time stays.
    first = SearchEntry.objects.filter(title__contains="Åben sag om Glimmersag").values_list(
        "first_indexed_at", flat=True
    )
    before = set(first)
    from meetings.models import AgendaItem

    item = AgendaItem.objects.get(title="Åben sag om Glimmersag")
    with committed():
        services.agenda_item_update(
            actor=secretary,
            item_id=item.pk,
            expected_version=item.version,
            case_text="<p>Glimmersag igen.</p>",
        )
    assert set(first) == before
    saved_search_digests_send(now=when + dt.timedelta(days=1))
    assert len(_mails(outsider.email)) == 1


def test_a_saved_search_never_mails_what_its_owner_can_no_longer_see(
    small_world: dict, committed: Any
) -> None:
    from accounts.models import Affiliation

    secretary = small_world["secretary"]
    saved_search_create(actor=secretary, query="Glimmersag")
    _new_items(small_world, committed, "Glimmersag")
    # The secretary leaves the secretariat before the e-mail goes out.
    Affiliation.objects.filter(user=secretary).delete()
    assert saved_search_digests_send(now=_later()) == 1
    (mail,) = _mails(secretary.email)
    assert "Åben sag om Glimmersag" in mail.text
    assert "Lukket" not in mail.text and "Kladde" not in mail.text
