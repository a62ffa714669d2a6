import logging

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from kkr_portal.health import health_report

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def livez(request: HttpRequest) -> HttpResponse:
    """The process answers: no database, no Redis (for a load balancer's liveness probe,
    and the benchmark's floor: the cheapest response this server can give)."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    healthy, checks = health_report()
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )


@require_safe
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.html")


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html")


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read the public pages; account, editing and API pages are left out, and
    the sitemap names what there is."""
    lines = [
        "User-agent: *",
        "Disallow: /konto/",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /abonnement/",
        "Disallow: /i18n/",
        "Disallow: /udpegninger/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says: send them to the SVG icon."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The portal's own 404 page, in its layout and language (``handler404``)."""
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The portal's 500 page in its layout; if even that fails (the error may be in the
    layout), a plain page that needs nothing (``handler500``)."""
    try:
        html = loader.render_to_string("500.html")
    except Exception:  # the error page must never fail itself
        logger.exception("The 500 page could not be rendered; sending the plain one.")
        html = loader.render_to_string("500_plain.html")
    return HttpResponseServerError(html)
