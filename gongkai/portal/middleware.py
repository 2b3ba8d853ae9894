"""Security headers every response carries (CSP; the rest comes from Django's SecurityMiddleware)."""

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(("/admin/", "/api/v1/docs")):
            response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class DatabaseUnavailableMiddleware:
    """The database went away (or is locked, or refused a connection) during a request: a 503
    page in Chinese — JSON under /api/ — instead of a 500, with ``Retry-After``.

    Every state change runs in ``transaction.atomic`` (style.md rule 2), so the failed request left
    nothing half-written; the page says so. The page is rendered without the request's context
    processors, which would ask the database who the user is.
    """

    RETRY_AFTER = "120"
    MESSAGE = "数据库暂时无法连接，操作没有完成，也没有保存任何内容。请稍后重试。"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        import logging

        from django.conf import settings
        from django.db import InterfaceError, OperationalError
        from django.http import HttpResponse, JsonResponse
        from django.template.loader import render_to_string

        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logging.getLogger("gongkai.database").error("database unavailable: %s %s: %s", request.method,
                                                    request.path, type(exception).__name__)
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": self.MESSAGE}, status=503, json_dumps_params={"ensure_ascii": False})
        else:
            response = HttpResponse(render_to_string("portal/503.html", {"site_name": settings.SITE_NAME}),
                                    status=503)
        response["Retry-After"] = self.RETRY_AFTER
        response["Cache-Control"] = "no-store"
        return response


class RejectNullCharactersMiddleware:
    """A NUL character is never valid text input, and PostgreSQL refuses it in any string (a 500
    deep inside a query). Refuse it at the door: query strings, and every body but a multipart one
    (whatever its Content-Type says: ninja reads a text/plain body as JSON).
    (Multipart uploads may carry binary files; their text fields are checked by Django's forms.)"""

    MESSAGE = "请求中含有不允许的空字符（\\0），请检查输入。"

    def __init__(self, get_response):
        self.get_response = get_response

    def _has_nul(self, request) -> bool:
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "\x00" in query or "%00" in query.lower():
            return True
        if request.method in ("POST", "PUT", "PATCH"):
            kind = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
            if kind != "multipart/form-data":  # text/plain too: a parser may read it as JSON
                body = request.body
                return b"\x00" in body or b"%00" in body or b"\\u0000" in body.lower()
        return False

    def __call__(self, request):
        if self._has_nul(request):
            from django.http import HttpResponseBadRequest, JsonResponse

            if request.path.startswith("/api/"):
                return JsonResponse({"detail": self.MESSAGE}, status=400)
            return HttpResponseBadRequest(self.MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
