"""Cache of anonymous public pages, dropped whenever anything public changes.

Every public page's cache key carries the site's *publication generation*: a random token kept in
the cache, replaced (``bump``) after every save or delete of a model whose rows public pages show
(agencies, catalogue items, annual reports, published questions and answers, surveys — see
``PUBLIC_APPS``). A new token makes every cached page unreachable at once, on every process and
machine that shares the cache (``GONGKAI_CACHE_URL=redis://…``); old entries expire on their own.

A response is kept only when all of these hold, so a page never leaks from one visitor to another:

- a GET without a session or messages cookie (a signed-in user, or someone who just submitted a
  form, always gets a fresh page), on a public path (not /staff/, /admin/, /api/, tracking,
  subscription or rating pages);
- status 200, not streamed, at most ``MAX_BYTES``;
- the key also carries the visitor's display choice (larger text, high contrast: portal/display.py);
- no ``Set-Cookie`` (a page with a CSRF-protected form sets the CSRF cookie, so apply, feedback,
  subscribe and survey forms are never cached), no ``Cache-Control: private/no-store/no-cache``,
  and ``Vary`` only on what the key already covers.

Writes done with ``QuerySet.update()``/``bulk_create()`` send no signal; for those the entry's age
(``GONGKAI_PAGE_CACHE_SECONDS``) is the bound, or call ``bump()``.
"""

from __future__ import annotations

import hashlib
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse

from .display import cache_key_part

log = logging.getLogger(__name__)

GENERATION_KEY = "portal:publication-generation"
MAX_BYTES = 2 * 1024 * 1024
#: apps whose every model may show on a public page …
PUBLIC_APPS = ("catalog", "reports", "feedback")
#: … except these, which never do (subscribers' addresses, delivery log, counters, query counts)
PRIVATE_MODELS = {"catalog.subscription", "catalog.delivery", "catalog.indexcounter", "catalog.searchquerycount"}
#: single models from other apps that public pages show
PUBLIC_MODELS = {"accounts.agency", "portal.siteidentity"}
#: paths never cached: staff, admin, API, health, files, and pages personal to one visitor
SKIP_PREFIXES = ("/staff/", "/admin/", "/api/", "/healthz", "/static/", "/media/", "/applications/",
                 "/feedback/", "/catalog/subscribe/", "/catalog/unsubscribe/")
#: request headers a cached page may vary on (they are part of the key or have a single value)
HARMLESS_VARY = {"cookie", "accept-language"}
#: cookies that make a request personal
PERSONAL_COOKIES = ("messages",)


#: ``fn(request, response)`` for each page served from the cache (its view did not run), e.g. the
#: catalogue counting a search whose results came from the cache
_HIT_HOOKS: list = []


def register_hit_hook(fn) -> None:
    if fn not in _HIT_HOOKS:
        _HIT_HOOKS.append(fn)


def generation() -> str:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        value = cache.get(GENERATION_KEY) or "0"
    return value


def bump() -> None:
    """Make every cached public page stale, everywhere the cache is shared."""
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # noqa: BLE001 - a cache outage must not fail a publication; pages expire anyway
        log.exception("公开页面缓存：无法更新发布代数")


_MEMO: dict[str, tuple[str, object]] = {}


def memo(name: str, compute):
    """``compute()``, kept in this process until anything public changes (a new generation).

    For what every public page computes alike — the agency list, the 主题分类 tree, the search
    dictionary. Only where the generation reaches every process: with a shared cache
    (``GONGKAI_CACHE_URL=redis://…``, even with the page cache off) or while the page cache is on;
    otherwise (each process its own ``locmem``) computed on each call. The value is shared between
    requests: callers must not change it.
    """
    if not (settings.SHARED_CACHE or settings.PAGE_CACHE_SECONDS):
        return compute()
    try:
        gen = generation()
    except Exception:  # noqa: BLE001 - no cache: compute
        return compute()
    kept = _MEMO.get(name)
    if kept is not None and kept[0] == gen:
        return kept[1]
    value = compute()
    _MEMO[name] = (gen, value)
    return value


def _changed(sender, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata: bumped once at the end by the command's own saves
        return
    bump()
    transaction.on_commit(bump)  # and again once the change is visible to other connections


def is_public_model(model) -> bool:
    label = model._meta.label_lower
    if label in PRIVATE_MODELS:
        return False
    return label in PUBLIC_MODELS or model._meta.app_label in PUBLIC_APPS


def connect_signals() -> None:
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    for model in apps.get_models():
        if is_public_model(model):
            post_save.connect(_changed, sender=model, dispatch_uid=f"portal-cache-save-{model._meta.label_lower}")
            post_delete.connect(_changed, sender=model, dispatch_uid=f"portal-cache-delete-{model._meta.label_lower}")


def _cacheable_request(request) -> bool:
    if request.method != "GET" or request.path.startswith(SKIP_PREFIXES):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return not any(name in request.COOKIES for name in PERSONAL_COOKIES)


def _cacheable_response(request, response) -> bool:
    if response.status_code != 200 or response.streaming or len(response.content) > MAX_BYTES:
        return False
    if response.cookies or response.has_header("Set-Cookie") or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if vary - HARMLESS_VARY:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def page_key(request, gen: str) -> str:
    display = cache_key_part(request)  # larger text / high contrast change the page's <html class>
    digest = hashlib.sha256(f"{request.get_host()}\n{request.get_full_path()}\n{display}".encode()).hexdigest()
    return f"portal:page:{gen}:{digest}"


class PublicPageCacheMiddleware:
    """Serve anonymous public GET pages from the cache; keep the ones safe to share."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not _cacheable_request(request):
            return self.get_response(request)
        try:
            key = page_key(request, generation())
            hit = cache.get(key)
        except Exception:  # noqa: BLE001 - no cache: serve uncached
            log.exception("公开页面缓存不可用")
            return self.get_response(request)
        if hit is not None:
            content, headers = hit
            response = HttpResponse(content)
            for name, value in headers:
                response.headers[name] = value
            response.headers["X-Gongkai-Cache"] = "hit"
            for hook in _HIT_HOOKS:
                try:
                    hook(request, response)
                except Exception:  # noqa: BLE001 - a hook must not fail a page that is ready
                    log.exception("公开页面缓存：命中后的处理出错")
            return response
        response = self.get_response(request)
        if _cacheable_response(request, response):
            headers = [(k, v) for k, v in response.items() if k.lower() not in ("x-gongkai-cache",)]
            try:
                cache.set(key, (response.content, headers), timeout=seconds)
            except Exception:  # noqa: BLE001
                log.exception("公开页面缓存：无法保存")
            response.headers["X-Gongkai-Cache"] = "miss"
        return response
