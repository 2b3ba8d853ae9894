"""The audit log of staff views of an applicant's unmasked identity details (models.IdentityView).

Reading is not a state change of the application, so this is not in ``actions.py``; it is written
in the request that shows the details, so no view is ever shown unrecorded.
"""

from __future__ import annotations

from gongkai.portal.ratelimit import client_ip

from .models import Application, IdentityView


def record_identity_view(app: Application, *, actor, where: str, request=None) -> IdentityView:
    address = client_ip(request) if request is not None else None
    return IdentityView.objects.create(application=app, user=actor, username=actor.get_username(), where=where,
                                       address=address)
