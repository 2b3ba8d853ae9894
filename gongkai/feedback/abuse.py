"""Defences of the public forms: per-client rate limits, a honeypot field, plain text only.

Rate limits are the platform's shared ones (``gongkai.portal.ratelimit``). Text from the public is stripped of
every HTML tag with nh3 and stored as plain text; templates escape it on the way out.
"""

from __future__ import annotations

import hashlib
import html

import nh3
from django.conf import settings

# the rate limits are shared by every public form (gongkai.portal.ratelimit)
from gongkai.portal.ratelimit import LIMITS, RATE_LIMIT_MESSAGE, client_ip, count, rate_limited, wait_seconds  # noqa: F401

HONEYPOT_FIELD = "website"


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
