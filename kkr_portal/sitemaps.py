"""The sitemap of public pages (issue 12): what an anonymous visitor may read, asked of
each app's access layer (``Meeting.objects.visible_to``, ``Newsletter.objects.visible_to``
for an anonymous user), never re-derived here."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from agreements.models import Agreement
from consultations.access import public_requests
from councils.models import Body, Municipality
from meetings.models import Meeting, Newsletter


class StaticPagesSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> list[str]:
        return [
            "home",
            "councils:municipality_list",
            "quotas:year_list",
            "agreements:agreement_list",
            "consultations:public_requests",
            "accessibility",
            "privacy",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class BodySitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> Any:
        return Body.objects.filter(is_active=True).order_by("pk")


class MeetingSitemap(Sitemap):
    changefreq = "daily"
    limit = 5000

    def items(self) -> Any:
        return Meeting.objects.visible_to(AnonymousUser()).order_by("pk")


class MunicipalitySitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> Any:
        return Municipality.objects.order_by("code")

    def location(self, item: Municipality) -> str:
        return reverse("councils:municipality_detail", kwargs={"key": item.slug})


class NewsletterSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> Any:
        return Newsletter.objects.visible_to(AnonymousUser()).order_by("pk")


class AgreementSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> Any:
        return Agreement.objects.visible_to(AnonymousUser()).order_by("pk")


class PublicRequestSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> Any:
        return public_requests().order_by("pk")


SITEMAPS: dict[str, type[Sitemap]] = {
    "pages": StaticPagesSitemap,
    "bodies": BodySitemap,
    "meetings": MeetingSitemap,
    "municipalities": MunicipalitySitemap,
    "newsletters": NewsletterSitemap,
    "agreements": AgreementSitemap,
    "requests-for-input": PublicRequestSitemap,
}
