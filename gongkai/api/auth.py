"""Staff endpoints: ``Authorization: Bearer <token>``; every staff route passes ``auth=bearer``."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from gongkai.accounts.models import ApiToken


class BearerToken(HttpBearer):
    """Staff endpoints: ``Authorization: Bearer <token>`` (tokens are stored hashed)."""

    def authenticate(self, request: HttpRequest, token: str):
        user = ApiToken.objects.authenticate(token)
        if user is not None:
            request.user = user
        return user


bearer = BearerToken()
