"""Links apps add to the staff navigation (registered in each app's ``AppConfig.ready``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MenuLink:
    label: str
    url_name: str
    order: int = 100
    #: ``fn(user) -> bool`` for a page only some staff may open (the link is hidden from the rest);
    #: ``None``: every staff member
    shown_to: object = None


STAFF_MENU: list[MenuLink] = []


def register_staff_link(label: str, url_name: str, order: int = 100, shown_to=None) -> None:
    if all(link.url_name != url_name for link in STAFF_MENU):
        STAFF_MENU.append(MenuLink(label, url_name, order, shown_to))
        STAFF_MENU.sort(key=lambda link: link.order)


@dataclass(frozen=True)
class DashboardPanel:
    """A section of the staff dashboard: ``context(request)`` returns the template's context, or
    ``None`` when the panel has nothing for this user (it is then not shown)."""

    template: str
    context: object  # Callable[[HttpRequest], dict | None]
    order: int = 100


DASHBOARD_PANELS: list[DashboardPanel] = []


def register_dashboard_panel(template: str, context, order: int = 100) -> None:
    if all(p.template != template for p in DASHBOARD_PANELS):
        DASHBOARD_PANELS.append(DashboardPanel(template, context, order))
        DASHBOARD_PANELS.sort(key=lambda p: p.order)


#: label → ``fn(agencies, today) -> {agency_id: text}``: a column other apps add to per-agency
#: overviews (e.g. the annual report's status on the disclosure office's dashboard)
AGENCY_STATUS: dict[str, object] = {}


def register_agency_status(label: str, fn) -> None:
    AGENCY_STATUS[label] = fn
