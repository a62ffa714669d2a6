from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView

from councils import views as council_views
from kkr_portal import views
from kkr_portal.admin_site import PlatformAdminSite
from kkr_portal.sitemaps import SITEMAPS

# The admin is for platform administrators, who must sign in with a second factor.
admin.site.__class__ = PlatformAdminSite
admin.site.site_header = "KKR-portalen"
admin.site.site_title = "KKR-portalen"

urlpatterns = [
    path("", council_views.home, name="home"),
    path("", include("councils.urls")),
    path("konto/", include("accounts.urls")),
    path("kvoter/", include("quotas.urls")),
    path("moeder/", include("meetings.urls")),
    path("hoeringer/", include("consultations.urls")),
    path("aftaler/", include("agreements.urls")),
    path("abonnement/", include("notifications.urls")),
    path("", include("search.urls")),
    path("", include("integrations.urls")),
    # Without a CSRF token (decision 0035): every page has the language form, and a token in
    # it would make every page personal. Forcing someone's language is all a forged post does.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("tilgaengelighed/", views.accessibility_statement, name="accessibility"),
    path("privatliv/", views.privacy, name="privacy"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path(
        "sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS, "template_name": "sitemap.xml"},
        name="sitemap",
    ),
    path("healthz", views.healthz, name="healthz"),
    path("livez", views.livez, name="livez"),
    path("api/", include("kkr_portal.api_urls")),
    path("oparl/v1.1/", include("oparl.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("admin/", admin.site.urls),
]

# The portal's own error pages, in its layout and language.
handler404 = views.page_not_found
handler500 = views.server_error
