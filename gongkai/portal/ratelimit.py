"""Per-client rate limits of the public POSTs (forms and API), shared by every app.

Counts live in Django's cache (locmem in the embedded mode: one process; point
``GONGKAI_CACHE_URL`` at Redis when several web processes run) keyed by a hash of the client's
address — the address itself is never stored. Behind reverse proxies set
``GONGKAI_TRUSTED_PROXY_COUNT`` to their number so the address comes from ``X-Forwarded-For``.

Every public POST counts against one scope below; the staff log-in has its own lockout
(django-axes) and staff API calls need a token.
"""

from __future__ import annotations

import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

# scope: (requests allowed, per seconds)
LIMITS = {
    "submit": (5, 600),  # feedback form and POST /api/v1/feedback
    "track": (20, 600),  # feedback look-ups by number + query code (guessing codes)
    "rate": (10, 600),  # satisfaction ratings
    "survey": (10, 3600),  # questionnaire answers
    "apply": (10, 3600),  # applications: the public form and POST /api/v1/applications
    "apply_search": (30, 600),  # the application form's "先查一查" catalogue search
    "application_track": (20, 600),  # application look-ups by number + query code, page and API
    "subscribe": (5, 600),  # catalogue subscriptions (each sends a confirmation e-mail)
    "subscription": (20, 600),  # confirming or cancelling a subscription by its link
    "signup": (5, 3600),  # public accounts
}

RATE_LIMIT_MESSAGE = "提交过于频繁，请稍后再试。"


def client_ip(request) -> str:
    """The client's address. Behind reverse proxies set ``GONGKAI_TRUSTED_PROXY_COUNT`` (default 0)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    addr = request.META.get("REMOTE_ADDR", "") or ""
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= proxies:
            addr = hops[-proxies]
    try:
        return str(ipaddress.ip_address(addr))
    except ValueError:
        return "unknown"


def rate_limited(request, scope: str) -> bool:
    """Count one request of ``scope`` for this client; True when it is over the limit."""
    limit, window = LIMITS[scope]
    key = "rl:%s:%s" % (scope, hashlib.sha256(client_ip(request).encode()).hexdigest()[:32])
    if cache.add(key, 1, timeout=window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return False
    return count > limit


def too_many(request, template: str, context: dict):
    """The form page again, status 429, with the Chinese message in ``rate_limited``."""
    context["rate_limited"] = RATE_LIMIT_MESSAGE
    return render(request, template, context, status=429)
