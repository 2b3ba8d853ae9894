"""Defences of the public forms: per-client rate limits, a honeypot field, plain text only.

Rate limits count in Django's cache (locmem in the embedded mode; point ``CACHES`` at Redis when
several web processes run) keyed by the client's address. Text from the public is stripped of
every HTML tag with nh3 and stored as plain text; templates escape it on the way out.
"""

from __future__ import annotations

import hashlib
import html
import ipaddress

import nh3
from django.conf import settings
from django.core.cache import cache

# scope: (requests allowed, per seconds)
LIMITS = {
    "submit": (5, 600),  # feedback form and POST /api/v1/feedback
    "track": (20, 600),  # look-ups by number + query code (guessing codes)
    "rate": (10, 600),  # satisfaction ratings
    "survey": (10, 3600),  # questionnaire answers
}

HONEYPOT_FIELD = "website"


def client_ip(request) -> str:
    """The client's address. Behind a reverse proxy set ``FEEDBACK_TRUSTED_PROXY_COUNT`` (default 0)."""
    proxies = int(getattr(settings, "FEEDBACK_TRUSTED_PROXY_COUNT", 0) or 0)
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
    key = "feedback:rl:%s:%s" % (scope, hashlib.sha256(client_ip(request).encode()).hexdigest()[:32])
    if cache.add(key, 1, timeout=window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return False
    return count > limit


RATE_LIMIT_MESSAGE = "提交过于频繁，请稍后再试。"


def plain_text(value: str | None) -> str:
    """Text without any HTML (tags and script/style contents removed), entities decoded.

    Repeated until nothing changes, so that ``&lt;script&gt;`` cannot turn into a tag after
    decoding, and so that cleaning stored text again (a form round trip) leaves it as it is.
    Characters such as ``<`` or ``"`` that are not markup stay; templates escape them.
    """
    if not value:
        return ""
    text = str(value)
    for _ in range(8):
        cleaned = html.unescape(nh3.clean(text, tags=set()))
        if cleaned == text:
            break
        text = cleaned
    # control characters other than newline/tab have no place in a letter to an agency
    text = "".join(ch for ch in text if ch in "\n\t" or ch >= " ")
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def honeypot_filled(data) -> bool:
    return bool((data.get(HONEYPOT_FIELD) or "").strip())


def fingerprint(request, survey_id: int) -> str:
    """Keyed hash of address + browser for one survey (the address itself is never stored)."""
    raw = f"{survey_id}|{client_ip(request)}|{request.META.get('HTTP_USER_AGENT', '')[:300]}"
    return hashlib.sha256((settings.SECRET_KEY + "|feedback.survey|" + raw).encode("utf-8")).hexdigest()
