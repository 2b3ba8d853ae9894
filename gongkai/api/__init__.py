"""The JSON API at /api/v1/ (django-ninja). One router module per app: ``gongkai/api/<app>.py``,
each added below by name. An action's refusal (:class:`ActionError`) is mapped to its status here,
once, for every router.
"""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer

from gongkai.accounts.errors import ActionError, InvalidInput
from gongkai.portal.ratelimit import RateLimited, retry_after

from . import accounts, appeals, catalog, disclosure, feedback, reports, search
from .errors import parse_error, summary, validation_messages


class ChineseJSONRenderer(JSONRenderer):
    """UTF-8 JSON: Chinese stays readable instead of \\uXXXX escapes."""

    media_type = "application/json; charset=utf-8"
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="gongkai 政府信息公开平台 API",
    version="1",
    description="公开接口无需登录；工作人员接口使用 `Authorization: Bearer <令牌>`（`gongkai manage create_api_token 用户名` 生成）。",
    urls_namespace="api",
    renderer=ChineseJSONRenderer(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    messages = validation_messages(exc.errors)
    return api.create_response(request, {"detail": summary(messages), "errors": messages}, status=400)


@api.exception_handler(AuthenticationError)
def _auth_error(request, exc):
    return api.create_response(request, {"detail": "需要有效的接口令牌（Authorization: Bearer …）。"}, status=401)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return api.create_response(request, {"detail": parse_error(str(exc))}, status=exc.status_code)


@api.exception_handler(RateLimited)
def _rate_limited(request, exc: RateLimited):
    """429, the wait in words and in ``Retry-After`` (seconds)."""
    return retry_after(api.create_response(request, {"detail": str(exc)}, status=429), exc.wait)


@api.exception_handler(ActionError)
def _action_error(request, exc: ActionError):
    """Not permitted → 403, not allowed now → 409, invalid input → 400 with the fields."""
    if isinstance(exc, InvalidInput):
        return api.create_response(request, {"detail": "输入有误，请检查。", "errors": exc.errors}, status=400)
    return api.create_response(request, {"detail": exc.message, **exc.details}, status=exc.status)


api.add_router("", accounts.router)
api.add_router("", disclosure.router)
api.add_router("", catalog.router)
api.add_router("", feedback.router)
api.add_router("", search.router)
api.add_router("", appeals.router)
api.add_router("", reports.router)
