from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from councils.models import Body
from meetings import services


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def kd_net(demo) -> Body:
    return Body.objects.get(slug="kd-net-midtjylland")


def at(year: int, month: int, day: int, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour))


@pytest.fixture
def meeting(kd_net):
    return services.meeting_schedule(
        actor=None,
        body=kd_net,
        starts_at=at(2014, 8, 22),
        ends_at=at(2014, 8, 22, 11),
        place="Medborgerhuset, Silkeborg",
    )
