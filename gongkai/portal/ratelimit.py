"""Per-client rate limits of the public POSTs (forms and API), shared by every app.

Counts live in the ``ratelimit`` cache (the default cache — locmem in the embedded mode: one
process; Redis or files with ``GONGKAI_CACHE_URL`` — and in production without a shared cache,
files under the data directory, so the web processes count together) keyed by a hash of the
client's address — the address itself is never stored. Behind reverse proxies set
``GONGKAI_TRUSTED_PROXY_COUNT`` to their number so the address comes from ``X-Forwarded-For``;
:func:`client_ip` is the project's one client-address function (the log-in lockout uses it too),
and :class:`ProxyCountMiddleware` refuses to serve in production when a proxy forwards but the
count is 0 (every visitor would share the proxy's address: one bucket, one lockout).

Every public POST counts against one scope below; the staff log-in has its own lockout
(django-axes) and staff API calls need a token.
"""

from __future__ import annotations

import hashlib
import ipaddress

import logging

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.shortcuts import render

log = logging.getLogger(__name__)

# scope: (requests allowed, per seconds)
LIMITS = {
    "submit": (5, 600),  # feedback form and POST /api/v1/feedback
    "track": (20, 600),  # feedback look-ups by number + query code (guessing codes)
    "rate": (10, 600),  # satisfaction ratings
    "survey": (10, 3600),  # questionnaire answers
    "apply": (10, 3600),  # applications: the public form and POST /api/v1/applications
    "apply_search": (30, 600),  # the application form's "先查一查" and a first submit that may stop at the matches
    "application_track": (20, 600),  # application look-ups by number + query code, page and API
    "subscribe": (5, 600),  # catalogue subscriptions (each sends a confirmation e-mail)
    "subscription": (20, 600),  # confirming or cancelling a subscription by its link
    "signup": (5, 3600),  # public accounts
}

RATE_LIMIT_MESSAGE = "提交过于频繁，请稍后再试。"


def client_ip(request) -> str | None:
    """The client's address, or None when the request carries none that parses (a Unix socket, a
    request built in code). Behind reverse proxies set ``GONGKAI_TRUSTED_PROXY_COUNT`` (default 0).
    None, not a placeholder, because the address is stored in inet columns (the audit trail, the
    log-in lockout's records) that PostgreSQL checks."""
    proxies = settings.TRUSTED_PROXY_COUNT
    addr = request.META.get("REMOTE_ADDR", "") or ""
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= proxies:
            addr = hops[-proxies]
    try:
        return str(ipaddress.ip_address(addr))
    except ValueError:
        return None


def rate_limited(request, scope: str) -> bool:
    """Count one request of ``scope`` for this client; True when it is over the limit."""
    limit, window = LIMITS[scope]
    key = "rl:%s:%s" % (scope, hashlib.sha256((client_ip(request) or "unknown").encode()).hexdigest()[:32])
    counts = caches["ratelimit"]
    if counts.add(key, 1, timeout=window):
        return False
    try:
        count = counts.incr(key)
    except ValueError:  # expired between add and incr
        counts.add(key, 1, timeout=window)
        return False
    return count > limit


PROXY_COUNT_MESSAGE = ("服务器配置有误：请求经反向代理转发（带有 X-Forwarded-For），但未设置 "
                       "GONGKAI_TRUSTED_PROXY_COUNT，所有访问者会被当作同一地址（限流和登录锁定将殃及所有人）。"
                       "请管理员在 /etc/gongkai/gongkai.env 中设置 GONGKAI_TRUSTED_PROXY_COUNT=1（代理层数）后重启服务。")


class ProxyCountMiddleware:
    """Production, proxy count 0, and a forwarded request: 503 and an error in the log, until set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (getattr(settings, "PRODUCTION", False) and not settings.TRUSTED_PROXY_COUNT
                and "HTTP_X_FORWARDED_FOR" in request.META):
            log.error("X-Forwarded-For arrived but GONGKAI_TRUSTED_PROXY_COUNT is 0: refusing to serve")
            return HttpResponse(PROXY_COUNT_MESSAGE, status=503, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def too_many(request, template: str, context: dict):
    """The form page again, status 429, with the Chinese message in ``rate_limited``."""
    context["rate_limited"] = RATE_LIMIT_MESSAGE
    return render(request, template, context, status=429)
