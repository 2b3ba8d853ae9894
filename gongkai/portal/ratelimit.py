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

Each scope is a bucket of ``burst`` requests that refills evenly over ``window`` seconds (GCRA: one
stored time per client and scope): a village office whose people share one address can send a burst,
then one request every ``window / burst`` seconds, instead of being shut out for the whole window.
:func:`rate_limited` counts and answers the seconds to wait; a form that should count only what it
accepts peeks with :func:`wait_seconds` first and counts with :func:`count` once the input was
accepted. The read-then-write is not atomic: concurrent processes may let a request or two more
through, which a rate limit can afford.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import math
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.shortcuts import render

log = logging.getLogger(__name__)

# scope: (burst, seconds in which the whole burst refills)
LIMITS = {
    # feedback form, 网站找错 and POST /api/v1/feedback; only accepted submissions count
    "submit": (settings.FEEDBACK_SUBMIT_BURST, settings.FEEDBACK_SUBMIT_BURST * 60 / settings.FEEDBACK_SUBMIT_PER_MINUTE),
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

RATE_LIMIT_MESSAGE = "提交过于频繁"  # every refusal starts with it; :func:`message` says how long to wait


def message(seconds: int) -> str:
    """「提交过于频繁，请约N分钟后再试。」 for a wait of ``seconds``."""
    return f"{RATE_LIMIT_MESSAGE}，请约{max(1, math.ceil(seconds / 60))}分钟后再试。"


_clock = time.time  # tests move it


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


def _key(request, scope: str) -> str:
    return "rl:%s:%s" % (scope, hashlib.sha256((client_ip(request) or "unknown").encode()).hexdigest()[:32])


def _next(request, scope: str) -> tuple[str, float, float]:
    """(key, the bucket's time after one more request, seconds to wait before that request)."""
    burst, window = LIMITS[scope]
    interval = window / burst
    now = _clock()
    key = _key(request, scope)
    after = max(caches["ratelimit"].get(key) or now, now) + interval
    return key, after, max(0.0, after - now - burst * interval)


def wait_seconds(request, scope: str) -> int:
    """Seconds this client must wait before a request of ``scope`` is allowed; 0 now. Counts nothing."""
    return math.ceil(_next(request, scope)[2])


def count(request, scope: str) -> None:
    """Count one request of ``scope`` for this client (even when over the limit)."""
    key, after, _ = _next(request, scope)
    caches["ratelimit"].set(key, after, timeout=math.ceil(after - _clock()) + 1)


def rate_limited(request, scope: str) -> int:
    """Count one request of ``scope`` for this client; the seconds to wait when it is over the limit
    (the request is then refused and not counted), else 0."""
    wait = wait_seconds(request, scope)
    if not wait:
        count(request, scope)
    return wait


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


def too_many(request, template: str, context: dict, wait: int):
    """The form page again (what was typed stays in the form), status 429, with the Chinese message
    in ``rate_limited`` and ``Retry-After``."""
    context["rate_limited"] = message(wait)
    return retry_after(render(request, template, context, status=429), wait)


class RateLimited(Exception):
    """Raised by an API operation over its limit; the API answers 429 with ``Retry-After``."""

    def __init__(self, wait: int):
        super().__init__(message(wait))
        self.wait = wait


def retry_after(response, wait: int):
    response["Retry-After"] = str(max(1, wait))
    return response
