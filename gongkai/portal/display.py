"""Larger text and high contrast, switched in the header of every page and kept (issue 19 item 4;
工信部《互联网网站适老化通用设计规范》, GB/T 37668-2019).

The switch is two plain links (no JavaScript): ``/display/?text=large&next=/the/page/`` sets a
cookie and sends the visitor back (to the page's query string too, read from the Referer). The base template puts the chosen modes on ``<html class>``
(``text-large``, ``contrast-high``); portal/base.css does the rest. The cookies are part of the
public page cache's key, so one visitor's choice never shows in another's page.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

#: cookie → (query parameter, the value that switches it on, the value that switches it off, class)
MODES = {
    "gk_text": ("text", "large", "normal", "text-large"),
    "gk_contrast": ("contrast", "high", "normal", "contrast-high"),
}
COOKIE_SECONDS = 365 * 24 * 3600


def preferences(request) -> dict:
    """``{"large": bool, "contrast": bool, "classes": "text-large contrast-high"}`` from the cookies."""
    on = {cookie: request.COOKIES.get(cookie) == spec[1] for cookie, spec in MODES.items()}
    return {"large": on["gk_text"], "contrast": on["gk_contrast"],
            "classes": " ".join(spec[3] for cookie, spec in MODES.items() if on[cookie])}


def cache_key_part(request) -> str:
    """What of the display choice a cached page depends on."""
    return preferences(request)["classes"]


def _back_to(request) -> str:
    """The page the switch was clicked on. The link carries only its path (a query string echoed into
    every page could carry anything); the query comes back from the Referer when it names that page."""
    target = request.GET.get("next") or "/"
    referer = urlsplit(request.META.get("HTTP_REFERER", ""))
    if referer.netloc == request.get_host() and referer.path == target and referer.query:
        target = f"{referer.path}?{referer.query}"
    return target


@require_GET
def switch(request):
    chosen = {}
    for cookie, (param, on, off, _css) in MODES.items():
        value = request.GET.get(param)
        if value is None:
            continue
        if value not in (on, off):
            return HttpResponseBadRequest("显示设置无效。".encode(), content_type="text/plain; charset=utf-8")
        chosen[cookie] = value
    if not chosen:
        return HttpResponseBadRequest("请选择要切换的显示设置。".encode(), content_type="text/plain; charset=utf-8")
    target = _back_to(request)
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    for cookie, value in chosen.items():
        if value == MODES[cookie][1]:
            response.set_cookie(cookie, value, max_age=COOKIE_SECONDS, samesite="Lax", httponly=True,
                                secure=settings.SESSION_COOKIE_SECURE)
        else:
            response.delete_cookie(cookie, samesite="Lax")
    return response
