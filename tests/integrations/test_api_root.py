"""The REST root lists every machine interface of the portal, each address working."""

from __future__ import annotations

from django.test import Client


def test_the_api_root_lists_every_interface_and_each_answers(client: Client, demo) -> None:
    root = client.get("/api/", HTTP_ACCEPT="application/json").json()
    for name in ("meetings", "agreements", "requests-for-input", "municipal-quotas"):
        assert root[name].startswith("http://testserver/api/"), name
    assert root["oparl"] == "http://testserver/oparl/v1.1/"
    assert root["popolo"] == "http://testserver/api/popolo/"
    assert root["search"] == "http://testserver/api/search/"
    assert root["schema"] == "http://testserver/api/schema/"
    assert root["documentation"] == "http://testserver/aabne-data/"
    assert root["feeds"]["body_calendar"] == ("http://testserver/moeder/organ/{slug}/kalender.ics")
    for url in [root["oparl"], root["popolo"], root["documentation"], *root["feeds"].values()]:
        url = url.replace("{slug}", "kd-net-midtjylland").removeprefix("http://testserver")
        assert client.get(url).status_code == 200, url
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/search/", {"q": "kvote"}).status_code == 200
