"""Who may see and change an agency's letter templates. Helpers return the agency or raise 404."""

from __future__ import annotations

from gongkai.accounts.permissions import HEAD_OR_ADMIN, get_staff_agency, has_role, staff_agencies


def letter_agencies(user):
    """Agencies whose templates ``user`` may read (every staff role of that agency)."""
    return staff_agencies(user)


def get_letter_agency(user, code: str):
    """The agency whose templates ``user`` may read; 404 otherwise."""
    return get_staff_agency(user, code)


def get_editable_letter_agency(user, code: str):
    """The agency whose templates ``user`` may change (its head, or an admin); 404 otherwise."""
    return get_staff_agency(user, code, roles=HEAD_OR_ADMIN)


def can_edit_letters(user, agency) -> bool:
    return has_role(user, agency, HEAD_OR_ADMIN)
