"""Public pages that belong to no single app: home, agency pages, 指南, errors, health."""

from __future__ import annotations

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render

from gongkai.accounts.models import Agency


def _public_agency(code: str) -> Agency:
    return get_object_or_404(Agency.objects.active().select_related("parent"), code=code)


def home(request):
    governments = list(Agency.objects.active().governments().prefetch_related("children"))
    others = Agency.objects.active().exclude(kind=Agency.Kind.GOVERNMENT).filter(parent__isnull=True)
    return render(request, "portal/home.html", {"governments": governments, "others": others})


def agency(request, code: str):
    agency = _public_agency(code)
    children = agency.children.filter(is_active=True) if agency.kind == Agency.Kind.GOVERNMENT else []
    return render(request, "portal/agency.html", {"agency": agency, "children": children})


def guide(request, code: str):
    agency = _public_agency(code)
    return render(request, "portal/guide.html", {"agency": agency})


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        db = "ok"
    except Exception:  # noqa: BLE001 - any database failure is "down" here
        db = "down"
    return JsonResponse({"database": db}, status=200 if db == "ok" else 503)


def not_found(request, exception=None):
    return render(request, "portal/404.html", status=404)


def server_error(request):
    return render(request, "portal/500.html", status=500)
