"""The one error contract of every action in every app.

An action refuses with one of three errors; pages show the message, the API maps the class to a
status once (``gongkai/api/__init__.py``):

- :class:`NotPermitted` — this person may not take this step (403);
- :class:`NotAllowedNow` — the step is not allowed in the record's current state (409);
- :class:`InvalidInput` — a field is missing or wrong (400, with ``{field: message}``).

Messages are Chinese and safe to show as they are.
"""

from __future__ import annotations


class ActionError(Exception):
    """Base of the three; ``status`` is the HTTP status the API answers with. ``details`` are
    added to the API's answer as they are (e.g. ``missing=[…]``: what blocks the step)."""

    status = 409

    def __init__(self, message: str, **details):
        super().__init__(message)
        self.message = message
        self.details = details

    def __str__(self) -> str:
        return self.message


class NotPermitted(ActionError):
    status = 403


class NotAllowedNow(ActionError):
    status = 409


class InvalidInput(ActionError):
    """``InvalidInput({"field": "说明"})`` or ``InvalidInput("说明")`` (then the field is ``请求``)."""

    status = 400

    def __init__(self, errors: dict[str, str] | str):
        if isinstance(errors, str):
            errors = {"请求": errors}
        super().__init__("；".join(errors.values()))
        self.errors = dict(errors)
