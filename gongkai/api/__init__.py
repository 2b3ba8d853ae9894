"""The JSON API at /api/v1/ (django-ninja). One router module per app: ``gongkai/api/<app>.py``."""

from __future__ import annotations

import importlib

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer

from gongkai.accounts.models import ApiToken

from .errors import validation_messages

ROUTER_MODULES = ("accounts", "documents", "disclosure", "catalog", "appeals", "feedback", "reports")


class BearerToken(HttpBearer):
    """Staff endpoints: ``Authorization: Bearer <token>`` (tokens are stored hashed)."""

    def authenticate(self, request: HttpRequest, token: str):
        user = ApiToken.objects.authenticate(token)
        if user is not None:
            request.user = user
        return user


bearer = BearerToken()


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
    return api.create_response(request, {"detail": "输入有误，请检查。", "errors": validation_messages(exc.errors)},
                               status=400)


@api.exception_handler(AuthenticationError)
def _auth_error(request, exc):
    return api.create_response(request, {"detail": "需要有效的接口令牌（Authorization: Bearer …）。"}, status=401)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


for _name in ROUTER_MODULES:
    try:
        _module = importlib.import_module(f"gongkai.api.{_name}")
    except ModuleNotFoundError as e:  # an app without API yet
        if e.name != f"gongkai.api.{_name}":
            raise
        continue
    api.add_router("", _module.router)
