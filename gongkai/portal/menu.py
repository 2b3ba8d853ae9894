"""Links apps add to the staff navigation (registered in each app's ``AppConfig.ready``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MenuLink:
    label: str
    url_name: str
    order: int = 100


STAFF_MENU: list[MenuLink] = []


def register_staff_link(label: str, url_name: str, order: int = 100) -> None:
    if all(link.url_name != url_name for link in STAFF_MENU):
        STAFF_MENU.append(MenuLink(label, url_name, order))
        STAFF_MENU.sort(key=lambda link: link.order)
