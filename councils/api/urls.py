from rest_framework.routers import DefaultRouter

from councils.api import views

router = DefaultRouter()
router.register("regions", views.RegionViewSet)
router.register("municipalities", views.MunicipalityViewSet)
router.register("bodies", views.BodyViewSet)

urlpatterns = router.urls
