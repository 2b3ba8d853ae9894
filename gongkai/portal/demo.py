"""Demo identity: 互助县人民政府's portal (the registration numbers are made up, in the real formats)."""

from __future__ import annotations

from gongkai.accounts.models import Agency

from .models import SiteIdentity

DEMO_IDENTITY = dict(
    site_name="互助县人民政府信息公开平台",
    sponsor="互助土族自治县人民政府",
    organizer="互助县人民政府办公室（县政务公开办）",
    address="青海省海东市互助土族自治县威远镇",
    phone="0972-8322001",
    email="huzhu@huzhu.example.cn",
    site_code="6321260001",
    icp_number="青ICP备12001234号-1",
    police_number="青公网安备63212602000101号",
)


def load() -> None:
    """Set the demo identity once; an identity the administrator already saved is kept."""
    if SiteIdentity.objects.exists():
        return
    SiteIdentity.objects.create(host=Agency.objects.filter(code="huzhu").first(), **DEMO_IDENTITY)
