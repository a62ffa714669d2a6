"""The REST API: one router for every app's read-only viewsets."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from agreements import api as agreement_api
from consultations import api as consultation_api
from councils.api import views
from meetings.api import views as meeting_views
from quotas.api import views as quota_views

router = DefaultRouter()
router.register("regions", views.RegionViewSet)
router.register("municipalities", views.MunicipalityViewSet)
router.register("bodies", views.BodyViewSet)
router.register("seats", views.SeatViewSet, basename="seat")
router.register("persons", views.PersonViewSet)
router.register("memberships", views.MembershipViewSet)
router.register("meetings", meeting_views.MeetingViewSet, basename="meeting")
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
