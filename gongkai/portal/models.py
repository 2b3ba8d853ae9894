"""The site's identity: who runs it and the registration numbers every government site shows.

国办发〔2017〕47号《政府网站发展指引》 asks every government site to show, at the foot of each
page, its 主办单位, 联系方式, 网站标识码, ICP 备案编号 and 公安机关备案号. The administrator sets
them on one settings page (``/staff/site/``); there is one row.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

site_code_validator = RegexValidator(r"^[0-9A-Za-z]{10}$", "网站标识码为10位数字或字母，如：6321260001、bm17000009。")
conac_validator = RegexValidator(r"^[0-9A-Fa-f]{32}$", "党政机关网站开办标识编号为32位数字或字母（A–F），"
                                                        "见开办标识链接中的 id。")
phone_validator = RegexValidator(r"^[0-9０-９()（）+＋\-－—、，,/／ 转]{7,50}$",
                                 "联系电话只能包含数字、区号括号、连字符和“转”，如：0972-8322123。")
icp_validator = RegexValidator(r"^[\u4e00-\u9fff]ICP备\d{6,10}号(-\d{1,3})?$",
                               "ICP备案号的格式如：青ICP备12345678号或青ICP备12345678号-1。")
police_validator = RegexValidator(r"^[\u4e00-\u9fff]公网安备\d{14}号$",
                                  "公安机关备案号的格式如：青公网安备63212602000001号（14位数字）。")

ICP_URL = "https://beian.miit.gov.cn/"
CONAC_URL = "https://bszs.conac.cn/sitename?method=show&id={id}"
#: the national 政府网站找错 platform (国办秘函〔2019〕19号; its jiucuo.js opens this address)
NATIONAL_REPORT_ERROR_URL = "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code={code}"
POLICE_URL = "https://beian.mps.gov.cn/#/query/webSearch?code={code}"


class SiteIdentity(models.Model):
    site_name = models.CharField("网站名称", max_length=60)
    sponsor = models.CharField("主办单位", max_length=100, blank=True)
    organizer = models.CharField("承办单位", max_length=100, blank=True)
    address = models.CharField("通讯地址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True, validators=[phone_validator])
    email = models.EmailField("电子邮箱", blank=True)
    site_code = models.CharField("网站标识码", max_length=10, blank=True, validators=[site_code_validator])
    icp_number = models.CharField("ICP备案号", max_length=30, blank=True, validators=[icp_validator])
    police_number = models.CharField("公安机关备案号", max_length=30, blank=True, validators=[police_validator])
    conac_id = models.CharField("党政机关网站开办标识编号", max_length=32, blank=True, validators=[conac_validator])
    host = models.ForeignKey("accounts.Agency", verbose_name="受理网站找错的机关", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+",
                             help_text="“我为政府网站找错”的留言交由此机关办理；不选则交给第一个人民政府。")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "网站标识"
        verbose_name_plural = "网站标识"

    def __str__(self) -> str:
        return self.site_name

    @classmethod
    def current(cls) -> "SiteIdentity":
        """The one row; before the administrator first saves it, an unsaved one named by
        ``GONGKAI_SITE_NAME`` (a page view never writes)."""
        return cls.objects.order_by("pk").first() or cls(site_name=settings.SITE_NAME)

    @property
    def host_agency(self):
        """The agency that answers 网站找错 messages: the chosen one, else the first government."""
        from gongkai.accounts.models import Agency

        if self.host_id and self.host.is_active:
            return self.host
        return Agency.objects.active().governments().order_by("pk").first()

    @property
    def icp_url(self) -> str:
        return ICP_URL if self.icp_number else ""

    @property
    def conac_url(self) -> str:
        return CONAC_URL.format(id=self.conac_id) if self.conac_id else ""

    @property
    def national_report_error_url(self) -> str:
        """The national 找错 platform for this site (the page's address is added by the footer)."""
        return NATIONAL_REPORT_ERROR_URL.format(code=self.site_code) if self.site_code else ""

    @property
    def police_url(self) -> str:
        digits = re.sub(r"\D", "", self.police_number)
        return POLICE_URL.format(code=digits) if digits else ""


def site_name() -> str:
    """The site's name for mails and messages (网站标识, else ``GONGKAI_SITE_NAME``)."""
    return SiteIdentity.current().site_name or settings.SITE_NAME
