from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from kkr_portal.health import health_report


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
