"""The REST API: one router for every app's read-only viewsets, and a root that lists every
machine interface of the portal (REST, Popolo, OParl, search, feeds, schema, documentation)."""

from typing import Any

from django.urls import path, reverse
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import APIRootView, DefaultRouter

from agreements import api as agreement_api
from consultations import api as consultation_api
from councils.api import views
from meetings.api import views as meeting_views
from quotas.api import views as quota_views


class PortalApiRoot(APIRootView):
    """The router's list of REST endpoints, and the portal's other interfaces beside it."""

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().get(request, *args, **kwargs)

        def url(name: str, *args: Any) -> str:
            return request.build_absolute_uri(reverse(name, args=args))

        def template(name: str) -> str:
            # A per-body feed: {slug} stands for the body's slug (see /api/bodies/).
            return url(name, "SLUG").replace("SLUG", "{slug}")

        response.data.update(
            {
                "search": url("search:api"),
                "popolo": url("popolo-export"),
                "oparl": url("oparl:system"),
                "schema": url("api-schema"),
                "documentation": url("integrations:api_documentation"),
                "feeds": {
                    "calendar": url("meetings:calendar_all"),
                    "body_calendar": template("meetings:calendar_body"),
                    "body_documents_rss": template("meetings:feed_rss"),
                    "body_documents_atom": template("meetings:feed_atom"),
                    "body_newsletters_rss": template("meetings:newsletter_feed"),
                },
            }
        )
        return response


class PortalRouter(DefaultRouter):
    APIRootView = PortalApiRoot


router = PortalRouter()
router.register("regions", views.RegionViewSet)
router.register("municipalities", views.MunicipalityViewSet)
router.register("bodies", views.BodyViewSet)
router.register("seats", views.SeatViewSet, basename="seat")
router.register("persons", views.PersonViewSet)
router.register("memberships", views.MembershipViewSet)
router.register("meetings", meeting_views.MeetingViewSet, basename="meeting")
router.register("newsletters", meeting_views.NewsletterViewSet, basename="newsletter")
router.register("agreements", agreement_api.AgreementViewSet, basename="agreement")
router.register("agreement-tracks", agreement_api.TrackViewSet, basename="agreementtrack")
router.register("plan-matrices", agreement_api.PlanMatrixViewSet, basename="planmatrix")
router.register("quota-years", quota_views.QuotaYearViewSet)
router.register("national-figures", quota_views.NationalFigureViewSet)
router.register("regional-quotas", quota_views.RegionalQuotaViewSet)
router.register("municipal-quotas", quota_views.MunicipalQuotaViewSet)
router.register(
    "requests-for-input", consultation_api.RequestForInputViewSet, basename="requestforinput"
)

urlpatterns = [
    path("popolo/", views.PopoloExportApi.as_view(), name="popolo-export"),
    *router.urls,
]
