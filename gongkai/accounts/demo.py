"""Demo agencies and people: 互助县人民政府 with three departments, staff for every role."""

from __future__ import annotations

from .models import Agency, Membership, Role, User

DEMO_PASSWORD = "gongkai-demo-2026"
DIVISION = "630223"  # 互助土族自治县


def org_code_with_check(body: str) -> str:
    """GB 11714 organisation code: 8 characters + check character."""
    weights = [3, 7, 9, 10, 5, 8, 4, 2]
    values = [int(c, 36) for c in body]
    c = 11 - sum(v * w for v, w in zip(values, weights)) % 11
    return body + {10: "X", 11: "0"}.get(c, str(c))


def credit_code(org_code: str) -> str:
    """GB 32100 unified social credit code for an agency (登记管理部门 1 = 机构编制, 类别 1 = 机关)."""
    from stdnum.cn import uscc

    body = "11" + DIVISION + org_code
    return body + uscc.calc_check_digit(body)


AGENCIES = [
    # code, name, short, kind, parent, org code body, office, phone
    ("huzhu", "互助县人民政府", "县政府", Agency.Kind.GOVERNMENT, None, "01520001",
     "互助县人民政府办公室（县政务公开办）", "0972-8322001"),
    ("huzhu-zrj", "互助县自然资源局", "县自然资源局", Agency.Kind.DEPARTMENT, "huzhu", "01520112",
     "互助县自然资源局办公室", "0972-8322118"),
    ("huzhu-czj", "互助县财政局", "县财政局", Agency.Kind.DEPARTMENT, "huzhu", "01520105",
     "互助县财政局办公室", "0972-8322105"),
    ("huzhu-jyj", "互助县教育局", "县教育局", Agency.Kind.DEPARTMENT, "huzhu", "01520107",
     "互助县教育局办公室", "0972-8322107"),
]

DEMO_USERS = [
    # username, name, role label, agency code (None = superuser)
    ("admin", "系统管理员", "管理员", None),
    ("gov_office", "马晓燕", "政务公开办", "huzhu"),
    ("zrj_officer", "李明", "经办人", "huzhu-zrj"),
    ("zrj_officer2", "祁文涛", "经办人", "huzhu-zrj"),
    ("zrj_head", "张建国", "负责人", "huzhu-zrj"),
    ("czj_officer", "王芳", "经办人", "huzhu-czj"),
    ("czj_head", "赵海", "负责人", "huzhu-czj"),
    ("jyj_officer", "刘静", "经办人", "huzhu-jyj"),
    ("jyj_head", "陈立", "负责人", "huzhu-jyj"),
]
_ROLE_BY_LABEL = {"政务公开办": Role.DISCLOSURE_OFFICE, "经办人": Role.OFFICER, "负责人": Role.HEAD}


def load() -> None:
    by_code: dict[str, Agency] = {}
    for code, name, short, kind, parent, org_body, office, phone in AGENCIES:
        org = org_code_with_check(org_body)
        agency, _ = Agency.objects.get_or_create(code=code, defaults=dict(
            name=name, short_name=short, kind=kind, parent=by_code.get(parent),
            org_code=org, credit_code=credit_code(org), division_code=DIVISION,
            office_name=office, address="青海省海东市互助土族自治县威远镇", postcode="810500",
            office_hours="工作日上午8:30—12:00，下午14:30—18:00（法定节假日除外）",
            phone=phone, fax=phone[:-1] + "9", email=f"{code.replace('-', '')}@huzhu.example.cn",
            website=f"https://www.huzhu.example.cn/{code}/",
            guide_intro=(
                f"本指南依据《中华人民共和国政府信息公开条例》第十二条编制。{name}主动公开的政府信息按"
                "“法定主动公开内容”（条例第二十条、第二十一条）和主题分类编排，可在本平台“政府信息公开目录”"
                "中按索引号、名称、成文日期、发布日期检索、查阅和下载。未主动公开的政府信息，可以依申请公开。"),
            reconsideration_body="海东市人民政府" if kind == Agency.Kind.GOVERNMENT else "",
        ))
        by_code[code] = agency
    for username, display, role_label, agency_code in DEMO_USERS:
        user, created = User.objects.get_or_create(username=username, defaults={"display_name": display})
        if created:
            user.set_password(DEMO_PASSWORD)
            if agency_code is None:
                user.is_superuser = user.is_staff = True
            user.save()
        if agency_code:
            Membership.objects.get_or_create(user=user, agency=by_code[agency_code],
                                             role=_ROLE_BY_LABEL[role_label])
