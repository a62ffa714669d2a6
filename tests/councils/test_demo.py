"""The demo data: complete, named as today, and safe to load twice."""

from __future__ import annotations

from councils.demo import load_demo
from councils.models import Body, Membership, Municipality, Region


def test_all_98_danish_municipalities_are_loaded_with_todays_names(demo) -> None:
    danish = Municipality.objects.filter(region__country="DK")
    assert danish.count() == 98
    assert danish.filter(name="Aarhus", code="751").exists()
    assert not Municipality.objects.filter(name="Århus").exists()
    counts = {r.name: r.municipalities.count() for r in Region.objects.filter(country="DK")}
    assert counts == {
        "Region Hovedstaden": 29,
        "Region Sjælland": 17,
        "Region Syddanmark": 22,
        "Region Midtjylland": 19,
        "Region Nordjylland": 11,
    }


def test_the_bodies_named_in_the_source_documents_are_there(demo) -> None:
    assert Body.objects.filter(kind=Body.Kind.KKR).count() == 5
    for name in (
        "KD-Net Midtjylland",
        "RAR Fyn",
        "RAR Sydjylland",
        "Erhvervshus Fyn",
        "Erhvervshus Sydjylland",
        "Danmarks Erhvervsfremmebestyrelse",
        "Samarbejdsudvalget for SOSU og PAU",
        "Samverkanskommittén för Skåne Nordost",
    ):
        assert Body.objects.filter(name=name).exists(), name
    kd_net = Body.objects.get(slug="kd-net-midtjylland")
    assert kd_net.parent.slug == "kkr-midtjylland"
    assert Membership.objects.filter(body=kd_net, person__name="Niels Højberg").exists()


def test_loading_the_demo_twice_changes_nothing(demo) -> None:
    before = {model: model.history.count() for model in (Municipality, Body, Membership, Region)}
    counts = load_demo()
    after = {model: model.history.count() for model in before}
    assert after == before
    assert counts["users"] == 0
