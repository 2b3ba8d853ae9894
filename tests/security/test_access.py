"""Access control, tested exhaustively (issue 9, «Trust» — Deliver 2).

Every URL pattern of the project and every route of the OpenAPI document is requested as each
persona, and the answer is compared with the table below. A URL pattern or API route without an
entry in the table fails the test, so a new page cannot ship without saying who may see it.

The rule asserted (docs/security-access.md):

* a page about an object answers only the people who may see that object; **everyone else gets
  404** — the same answer as for an id that does not exist, so ids cannot be probed;
* a staff page answers a visitor who is not logged in with a redirect to the staff log-in (302);
  the log-in page says nothing about the object;
* a POST (a step) by someone who may not see the object is **404 and changes nothing**; a POST by
  someone who may see the object but may not take that step (the disclosure office on a case, an
  officer on a head's step where the page shows it) is refused with a message and changes nothing;
* Django's admin answers everyone but an administrator with its own log-in page (302);
* the API answers a staff route without a token with 401 and the wrong person with 404 (403 for a
  step the person may see but not take).

Each request runs inside a savepoint that is rolled back afterwards, so the personas all meet the
same data, and a POST that is allowed can be made with real data (and must change something).
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import Callable

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gongkai.disclosure.tests.conftest import _fast_letters  # noqa: F401  (fast stand-in for letter PDFs)

pytestmark = pytest.mark.django_db

# -- personas ----------------------------------------------------------------------------------

VISITORS = ("anonymous", "applicant_a", "applicant_b")
STAFF = ("officer", "head", "officer_y", "office", "admin")
PERSONAS = VISITORS + STAFF + ("outsider",)


def who(ok=(), refused=(), visitors="login") -> dict[str, str]:
    """persona → "ok" | "refused" | "404" | "login". ``visitors``: what people without an account
    get when they are not in ``ok`` — "login" on staff pages, "404" on public ones."""
    out = {}
    for p in PERSONAS:
        if p in ok:
            out[p] = "ok"
        elif p in refused:
            out[p] = "refused"
        elif p in VISITORS:
            out[p] = visitors
        else:
            out[p] = "404"
    return out


EVERYONE = who(ok=PERSONAS)
NOBODY = who(visitors="404")  # hidden objects: a draft, a withdrawn item, an inactive agency
APPLICANT_A = who(ok=("applicant_a",), visitors="404")
ANY_STAFF = who(ok=STAFF)  # pages listing what *this* person may see
X_VIEW = who(ok=("officer", "head", "office", "admin"))  # any staff role covering agency X
X_WORK = who(ok=("officer", "head", "admin"))  # officers and heads of X (and admins)
X_HEAD = who(ok=("head", "admin"))
WORKERS = who(ok=("officer", "head", "officer_y", "admin"))  # anyone who is an officer or head somewhere
CREATOR = who(ok=("officer",))  # a checker batch: only whoever uploaded it


@dataclass
class Case:
    """One request to make as every persona."""

    kwargs: Callable = lambda o: {}
    who: dict = field(default_factory=lambda: EVERYONE)
    method: str = "get"
    data: Callable | None = None  # (objects, persona) → form data
    ok: tuple = (200,)  # statuses that count as "ok"; a POST defaults to (302,)
    changes: bool = True  # an allowed POST must change the database
    query: Callable | None = None  # (objects, persona) → query string (API)
    shows: Callable | None = None  # objects → a text only the "sees" personas may find in the page
    sees: tuple = ()
    login: str = "/staff/login/"  # where a visitor without an account is sent when "login"
    note: str = ""


def P(kwargs, who, data=None, ok=(302,), changes=True, **kw) -> Case:
    return Case(kwargs=kwargs, who=who, method="post", data=data, ok=ok, changes=changes, **kw)


def _confirmed_publication(item, question: str, answer: str) -> dict:
    """The 确认发布 step of publishing a 互动 answer, with the digest its preview shows."""
    from gongkai.feedback import screen

    digest = screen.digest(*screen.publication(item, question, answer))
    return {"question": question, "answer": answer, "confirm": "1", "digest": digest}


# -- the data every persona meets --------------------------------------------------------------

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def png(name="图.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@pytest.fixture
def objs(world, settings, tmp_path):
    from gongkai.appeals import actions as appeal_actions
    from gongkai.catalog import actions as catalog_actions
    from gongkai.catalog import mail
    from gongkai.catalog.tests.helpers import draft, published
    from gongkai.disclosure import actions as d
    from gongkai.disclosure import releases
    from gongkai.disclosure.tests.factories import fields
    from gongkai.feedback import actions as fb
    from gongkai.feedback import notices
    from gongkai.feedback.models import Question, Survey
    from gongkai.reports import actions as reports_actions
    from gongkai.reports.tests import complete as report_complete
    from gongkai.reports.models import CheckBatch, CheckedFile
    from gongkai.rules.outcomes import OUTCOMES
    from gongkai.testing import make_agency

    settings.MEDIA_ROOT = tmp_path
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    w = world
    o = SimpleNamespace(w=w)
    o.closed_agency = make_agency("dept-off", "测试县已撤销局", parent=w.government, is_active=False)

    # 依申请公开: A's application at agency X (consultation open, a correction letter, a release),
    # B's own application, and one at agency Y
    sub_a = d.register_application(agency=w.agency, fields=fields(), channel="in_person",
                                   received_on=date(2025, 3, 3), actor=w.officer)
    app = sub_a.application
    app = d.request_correction(app, actor=w.officer, on=date(2025, 3, 4), items="请写明文件名称", deadline=date(2025, 3, 18))
    app = d.receive_correction(app, actor=w.officer, on=date(2025, 3, 10))
    app = d.start_consultation(app, actor=w.officer, on=date(2025, 3, 11), party="third_party", name="甲公司")
    o.app, o.code_a = app, sub_a.query_code
    o.letter_a = app.letters.filter(to_applicant=True).first()
    o.letter_internal = app.letters.filter(to_applicant=False).first()
    o.release = releases.upload(app, actor=w.officer, title="宅基地审批表",
                                upload=SimpleUploadedFile("审批表.txt", "申请人王小二，电话13912345678。".encode()))
    sub_b = d.register_application(agency=w.agency, fields=fields(name="赵六", content="某路段改造规划"),
                                   channel="in_person", received_on=date(2025, 3, 5), actor=w.officer)
    o.app_b, o.code_b = sub_b.application, sub_b.query_code
    o.app_y = d.register_application(agency=w.other_agency, fields=fields(), channel="in_person",
                                     received_on=date(2025, 3, 3), actor=w.officer_y).application
    o.app_y = d.start_consultation(o.app_y, actor=w.officer_y, on=date(2025, 3, 4), party="third_party", name="乙公司")
    o.letter_y = o.app_y.letters.first()

    # 主动公开: a draft, a submitted item, a published one with an attachment, a withdrawn one
    o.draft = draft(w, title="关于土地征收补偿标准的通知（草稿）")
    o.draft_attachment = catalog_actions.add_attachment(o.draft, upload=png("草稿附图.png"), actor=w.officer)
    o.submitted = catalog_actions.submit_item(draft(w, title="待审核的信息"), actor=w.officer)
    o.published = published(w, title="关于公布2025年度用地计划的通知")
    o.attachment = catalog_actions.add_attachment(o.published, upload=png(), actor=w.head)
    o.withdrawn = catalog_actions.withdraw_item(published(w, title="已撤回的信息"), actor=w.head, reason="内容有误")
    o.withdrawn_attachment = None
    o.subscription = catalog_actions.subscribe(email="reader@example.cn", agency=w.agency)
    o.confirm_token = mail.make_token(o.subscription, "confirm")
    o.unsubscribe_token = mail.make_token(o.subscription, "unsubscribe")

    # 复议诉讼
    o.appeal = appeal_actions.record_appeal(agency=w.agency, kind="reconsideration", appellant="王小二",
                                            body="测试县人民政府", filed_on=date(2025, 4, 1), actor=w.officer)

    # 互动: an open item owned by the officer (with an attachment), a replied one, a published one
    o.fb, o.fb_code = fb.submit_item(agency=w.agency, kind="inquiry", subject="宅基地审批进度", content="请问多久办结？",
                                     contact=fb.Contact("张三", "13800000000", "zhang@example.cn"), publish_consent=True,
                                     files=[SimpleUploadedFile("说明.txt", b"hello", content_type="text/plain")])
    fb.assign_item(o.fb, owner=w.officer, actor=w.head)
    o.fb_attachment = o.fb.attachments.get()
    o.fb_replied, _ = fb.submit_item(agency=w.agency, kind="inquiry", subject="办事指南", content="在哪里查看办事指南？",
                                     contact=fb.Contact("李四", "13800000001", "li@example.cn"), publish_consent=True)
    fb.assign_item(o.fb_replied, owner=w.officer, actor=w.head)
    reply = fb.reply_item(o.fb_replied, text="请查看本机关门户网站的办事指南栏目。", actor=w.officer)
    o.rating_token = notices.rating_token(reply)
    o.fb_published, _ = fb.submit_item(agency=w.agency, kind="suggestion", subject="建议公开更多数据",
                                       content="建议公开土地出让数据。", contact=None, publish_consent=True)
    fb.assign_item(o.fb_published, owner=w.officer, actor=w.head)
    fb.reply_item(o.fb_published, text="感谢建议。", actor=w.officer)
    fb.publish_item(o.fb_published, question="建议公开土地出让数据。", answer="感谢建议。", actor=w.officer)
    for item in (o.fb, o.fb_replied, o.fb_published):
        item.refresh_from_db()

    # questionnaires: a draft and a launched one with public results
    o.survey_draft = fb.create_survey(agency=w.agency, title="草稿问卷", intro="", opens_on=date(2025, 1, 1),
                                      closes_on=date(2099, 12, 31), actor=w.officer)
    o.question = fb.add_question(o.survey_draft, kind=Question.Kind.RATING, text="满意度", required=True, choices=[],
                                 actor=w.officer)
    o.survey = fb.create_survey(agency=w.agency, title="政务公开满意度调查", intro="", opens_on=date(2025, 1, 1),
                                closes_on=date(2099, 12, 31), actor=w.officer)
    fb.add_question(o.survey, kind=Question.Kind.RATING, text="总体满意度", required=True, choices=[], actor=w.officer)
    fb.launch_survey(o.survey, actor=w.officer)
    Survey.objects.filter(pk=o.survey.pk).update(results_public=True)
    o.survey_private = fb.create_survey(agency=w.agency, title="内部问卷", intro="", opens_on=date(2025, 1, 1),
                                        closes_on=date(2099, 12, 31), actor=w.officer)
    fb.add_question(o.survey_private, kind=Question.Kind.RATING, text="评分", required=True, choices=[], actor=w.officer)
    fb.launch_survey(o.survey_private, actor=w.officer)
    Survey.objects.filter(pk=o.survey_private.pk).update(results_public=False)

    # annual reports: 2024 published, 2025 a draft; a checker batch uploaded by the officer
    r = reports_actions.start_report(agency=w.agency, year=2024, actor=w.officer)
    r = report_complete.submit(r, officer=w.officer)
    o.report_published = reports_actions.publish_report(r, actor=w.head)
    o.report_draft = report_complete.ready(reports_actions.start_report(agency=w.agency, year=2025, actor=w.officer),
                                           officer=w.officer)
    o.batch = CheckBatch.objects.create(created_by=w.officer, total=1, checked=1, state=CheckBatch.State.DONE)
    o.checked_file = CheckedFile.objects.create(batch=o.batch, name="年报.txt", data="测试".encode(),
                                                result={"agency": w.agency.name, "year": 2023, "tables": {},
                                                        "findings": []})

    o.decision_variant = next(iter(OUTCOMES))
    o.app.refresh_from_db()
    return o


@pytest.fixture
def clients(world, objs):
    out = {}
    for name in PERSONAS:
        out[name] = Client()
    for name in STAFF + ("outsider",):
        out[name].force_login(getattr(world, name))
    # applicant A opened their application with its number and query code; applicant B opened
    # their own (B's), so B holds a valid query code — just not A's
    assert out["applicant_a"].post("/applications/track/", {"number": objs.app.number,
                                                            "query_code": objs.code_a}).status_code == 302
    assert out["applicant_b"].post("/applications/track/", {"number": objs.app_b.number,
                                                            "query_code": objs.code_b}).status_code == 302
    return out


# -- the table: every URL name → the requests to make and who may see what ----------------------

X = lambda o: {"code": "dept-x"}  # noqa: E731
OFF = lambda o: {"code": "dept-off"}  # noqa: E731
APP = lambda o: {"number": o.app.number}  # noqa: E731
TODAY = date.today().isoformat()


def _fields():
    from gongkai.disclosure.tests.factories import fields

    return fields()


def _code_for(o, persona):
    """Applicant A knows A's query code; applicant B tries B's own code on A's number; everyone else
    a guess."""
    return {"applicant_a": o.code_a, "applicant_b": o.code_b}.get(persona, "ABCD2345")


def _fb_code_for(o, persona):
    return o.fb_code if persona == "applicant_a" else "ABCDEF"


URLS: dict[str, list[Case]] = {
    # portal
    "portal:home": [Case()],
    "portal:agency": [Case(X), Case(OFF, NOBODY)],
    "portal:guide": [Case(X), Case(OFF, NOBODY)],
    "portal:healthz": [Case(note="health figures only: no names, no numbers")],
    "staff:login": [Case(ok=(200, 302))],  # a logged-in user is sent on to the dashboard
    "staff:logout": [P(lambda o: {}, EVERYONE, changes=False)],
    "staff:dashboard": [Case(who=ANY_STAFF)],
    "staff:site_identity": [Case(who=who(ok=("admin",))),
                            P(lambda o: {}, who(ok=("admin",)), data=lambda o, p: {}, ok=(200, 400), changes=False)],
    "portal:sitemap": [Case()],
    "portal:favicon": [Case()],
    "portal:display": [Case(query=lambda o, p: {"text": "large", "next": "/"}, ok=(302,),
                            note="a display preference cookie for everyone; nothing stored")],
    "portal:rules": [Case(X), Case(OFF, NOBODY)],
    "application_form": [Case(lambda o: {"code": "dept-x", "fmt": "pdf"}),
                         Case(lambda o: {"code": "dept-off", "fmt": "docx"}, NOBODY)],
    "disclosure:my_applications": [Case(who=who(ok=STAFF + ("outsider",)), login="/account/login/",
                            shows=lambda o: o.app.number, sees=())],
    "portal:signup": [Case(ok=(200, 302))],  # a logged-in user is sent to their account page
    "portal:public_login": [Case(ok=(200, 302))],
    "portal:public_logout": [P(lambda o: {}, EVERYONE, changes=False)],

    # 依申请公开 — staff
    "disclosure_staff:list": [Case(who=ANY_STAFF, shows=lambda o: o.app.number,
                                   sees=("officer", "head", "office", "admin"))],
    "disclosure_staff:identity_log": [Case(who=who(ok=("head", "office", "admin")))],
    "disclosure_staff:register": [
        Case(who=WORKERS),
        P(lambda o: {}, who(ok=("officer", "head", "admin"), refused=("officer_y",)),
          data=lambda o, p: {"agency": "dept-x", "channel": "in_person", "received_on": "2025-03-03",
                             **_fields()}),
    ],
    "disclosure_staff:case": [Case(APP, X_VIEW, shows=lambda o: o.app.id_number, sees=("officer", "head"),
                                   note="identity details in full only to the officers and heads of the agency "
                                        "while no case officer is assigned")],
    "disclosure_staff:step": [
        P(lambda o: {**APP(o), "step": "end_consultation"}, who(ok=("officer", "head", "admin"), refused=("office",)),
          data=lambda o, p: {"end_consultation-date": "2025-03-20", "end_consultation-party": "third_party",
                             "end_consultation-opinion": "agreed"}),
        P(lambda o: {"number": o.app_y.number, "step": "end_consultation"},
          who(ok=("officer_y", "admin"), refused=("office",)),
          data=lambda o, p: {"end_consultation-date": "2025-03-20", "end_consultation-party": "third_party",
                             "end_consultation-opinion": "agreed"}),
    ],
    "disclosure_staff:assign": [
        P(APP, who(ok=("officer", "head", "admin"), refused=("office",)),
          data=lambda o, p: {"officer": o.w.officer.pk}),
    ],
    "disclosure_staff:letter": [
        Case(lambda o: {**APP(o), "letter_id": o.letter_internal.pk, "fmt": "pdf"}, X_VIEW),
        Case(lambda o: {**APP(o), "letter_id": o.letter_y.pk, "fmt": "pdf"}, who(),
             note="a letter of another case under this case's number"),
    ],
    "disclosure_staff:correction_file": [
        Case(lambda o: {**APP(o), "attachment_id": 987654}, who(), note="no such attachment: 404 for everyone"),
    ],
    "disclosure_staff:upload_release": [
        P(APP, who(ok=("officer", "head", "admin"), refused=("office",)),
          data=lambda o, p: {"title": "第二份文件", "file": SimpleUploadedFile("第二份.txt", "联系电话13912345678".encode())}),
    ],
    "disclosure_staff:release": [
        Case(lambda o: {**APP(o), "release_id": o.release.pk}, X_VIEW),
        Case(lambda o: {"number": o.app_b.number, "release_id": o.release.pk}, who(),
             note="A's document under B's number"),
        P(lambda o: {**APP(o), "release_id": o.release.pk}, who(ok=("officer", "head", "admin"), refused=("office",)),
          data=lambda o, p: {"span": ["0"], "extra": ""}),
    ],

    # 依申请公开 — public
    "disclosure:apply": [Case(X), Case(OFF, NOBODY)],
    "disclosure:apply_matches": [Case(X, query=lambda o, p: {"q": "宅基地审批"}), Case(OFF, NOBODY)],
    "disclosure:submitted": [Case(ok=(302,), note="nothing to show without a fresh submission in the session")],
    "disclosure:track": [
        Case(),
        P(lambda o: {}, APPLICANT_A, data=lambda o, p: {"number": o.app.number, "query_code": _code_for(o, p)},
          changes=False),
    ],
    "disclosure:track_detail": [Case(APP, APPLICANT_A)],
    "disclosure:track_export": [Case(APP, APPLICANT_A)],
    "disclosure:track_correction": [
        P(APP, APPLICANT_A, data=lambda o, p: {"content": "补正后的申请内容：2024年本村宅基地审批结果。"},
          changes=False, note="the case awaits no correction: the applicant is told so, nothing is saved"),
    ],
    "disclosure:track_release": [
        Case(lambda o: {**APP(o), "release_id": o.release.pk}, NOBODY,
             note="a file is the applicant's only once the reply releases it; this case is undecided"),
    ],
    "disclosure:track_letter": [
        Case(lambda o: {**APP(o), "letter_id": o.letter_a.pk, "fmt": "pdf"}, APPLICANT_A),
        Case(lambda o: {**APP(o), "letter_id": o.letter_internal.pk, "fmt": "pdf"}, NOBODY,
             note="a letter to the third party is not the applicant's"),
    ],

    # 主动公开 — staff
    "catalog_staff:items": [Case(who=ANY_STAFF, shows=lambda o: o.draft.title, sees=("officer", "head", "office", "admin"))],
    "catalog_staff:new": [Case(X, X_WORK), P(X, X_WORK, data=lambda o, p: {}, ok=(200,), changes=False)],
    "catalog_staff:late": [Case(who=ANY_STAFF)],
    "catalog_staff:searches": [
        Case(who=ANY_STAFF), Case(query=lambda o, p: {"agency": "dept-x"}, who=X_VIEW),
        Case(query=lambda o, p: {"agency": ""}, who=who(ok=("office", "admin")),
             note="the site-wide box's counts are the disclosure office's"),
    ],
    "catalog_staff:item": [Case(lambda o: {"pk": o.draft.pk}, X_VIEW), Case(lambda o: {"pk": o.published.pk}, X_VIEW)],
    "catalog_staff:edit": [Case(lambda o: {"pk": o.draft.pk}, X_WORK),
                           P(lambda o: {"pk": o.draft.pk}, X_WORK, data=lambda o, p: {}, ok=(200,), changes=False)],
    "catalog_staff:revise": [Case(lambda o: {"pk": o.published.pk}, X_HEAD)],
    "catalog_staff:submit": [P(lambda o: {"pk": o.draft.pk}, X_WORK)],
    "catalog_staff:return": [P(lambda o: {"pk": o.submitted.pk}, X_HEAD, data=lambda o, p: {"note": "请补充文号。"})],
    "catalog_staff:publish": [P(lambda o: {"pk": o.submitted.pk}, X_HEAD, data=lambda o, p: {"published_on": TODAY})],
    "catalog_staff:withdraw": [P(lambda o: {"pk": o.published.pk}, X_HEAD, data=lambda o, p: {"note": "已失效。"})],
    "catalog_staff:screen": [P(lambda o: {"pk": o.draft.pk}, X_WORK, data=lambda o, p: {"text": "无"}, changes=False)],
    "catalog_staff:add_attachment": [
        P(lambda o: {"pk": o.draft.pk}, who(ok=("officer", "head", "admin"), refused=("office",)),
          data=lambda o, p: {"file": png("附图二.png")}),
    ],
    "catalog_staff:remove_attachment": [
        P(lambda o: {"pk": o.draft_attachment.pk}, who(ok=("officer", "head", "admin"), refused=("office",))),
    ],
    "catalog_staff:download_attachment": [Case(lambda o: {"pk": o.draft_attachment.pk}, X_VIEW)],
    "catalog_staff:terms": [Case(X, X_WORK), P(X, X_WORK, data=lambda o, p: {"term": "宅基地"})],
    "catalog_staff:synonyms": [Case(X, X_WORK), P(X, X_WORK, data=lambda o, p: {"words": "低保 最低生活保障"})],
    "catalog_staff:settings": [Case(X, X_HEAD)],
    "catalog_staff:figures": [Case(lambda o: {"code": "dept-x", "year": 2025}, X_WORK)],

    # 主动公开 — public
    "catalog:agency_catalog": [Case(X), Case(OFF, NOBODY)],
    "catalog:export_csv": [Case(X, shows=lambda o: o.draft.title, sees=()), Case(OFF, NOBODY)],
    "catalog:export_json": [Case(X, shows=lambda o: o.withdrawn.title, sees=()), Case(OFF, NOBODY)],
    "catalog:statutory": [Case(X), Case(OFF, NOBODY)],
    "catalog:agency_feed": [Case(X, shows=lambda o: o.draft.title, sees=()), Case(OFF, NOBODY)],
    "catalog:search": [Case()],
    "catalog:suggest": [Case()],
    "catalog:site_feed": [Case(shows=lambda o: o.withdrawn.title, sees=())],
    "catalog:subscribe": [Case()],
    "catalog:subscription_confirm": [Case(lambda o: {"token": o.confirm_token}),
                                     Case(lambda o: {"token": "forged"}, NOBODY)],
    "catalog:unsubscribe": [Case(lambda o: {"token": o.unsubscribe_token}),
                            Case(lambda o: {"token": o.confirm_token}, NOBODY,
                                 note="a token made for another purpose")],
    "catalog:item": [Case(lambda o: {"index_number": o.published.index_number}),
                     Case(lambda o: {"index_number": o.withdrawn.index_number}, NOBODY)],
    "catalog:item_print": [Case(lambda o: {"index_number": o.published.index_number}),
                           Case(lambda o: {"index_number": o.withdrawn.index_number}, NOBODY)],
    "catalog:attachment": [
        Case(lambda o: {"index_number": o.published.index_number, "pk": o.attachment.pk}),
        Case(lambda o: {"index_number": o.published.index_number, "pk": o.draft_attachment.pk}, NOBODY,
             note="a draft's attachment under a published item's number"),
    ],

    # 复议诉讼
    "appeals:list": [Case(who=ANY_STAFF, shows=lambda o: reverse("appeals:detail", args=[o.appeal.pk]),
                          sees=("officer", "head", "office", "admin"))],
    "appeals:new": [Case(who=ANY_STAFF)],
    "appeals:detail": [
        Case(lambda o: {"pk": o.appeal.pk}, X_VIEW),
        P(lambda o: {"pk": o.appeal.pk}, X_VIEW,
          data=lambda o, p: {"step": "conclude", "result": "upheld", "concluded_on": "2025-06-03", "conclusion": "维持"}),
    ],

    # 互动 — staff
    "feedback_staff:items": [Case(who=ANY_STAFF, shows=lambda o: o.fb.number, sees=("officer", "head", "office", "admin"))],
    "feedback_staff:register": [Case(who=WORKERS)],
    "feedback_staff:dashboard": [Case(who=ANY_STAFF)],
    "feedback_staff:settings": [Case(X, X_HEAD)],
    "feedback_staff:item": [Case(lambda o: {"number": o.fb.number}, X_VIEW)],
    "feedback_staff:assign": [P(lambda o: {"number": o.fb.number}, X_HEAD,
                                data=lambda o, p: {"owner": o.w.head.pk, "note": "改由负责人办理"})],
    "feedback_staff:reply": [P(lambda o: {"number": o.fb.number}, X_WORK,
                               data=lambda o, p: {"text": "审批一般在20个工作日内办结。"})],
    "feedback_staff:publish": [P(lambda o: {"number": o.fb_replied.number}, X_WORK, ok=(200,), changes=False,
                                 data=lambda o, p: {"question": "办事指南在哪里？", "answer": "在门户网站。"},
                                 note="the preview: nothing is published before 确认发布"),
                               P(lambda o: {"number": o.fb_replied.number}, X_WORK,
                                 data=lambda o, p: _confirmed_publication(o.fb_replied, "办事指南在哪里？", "在门户网站。"))],
    "feedback_staff:unpublish": [P(lambda o: {"number": o.fb_published.number}, X_WORK,
                                   data=lambda o, p: {"note": "含有个人信息"})],
    "feedback_staff:close": [P(lambda o: {"number": o.fb.number}, X_HEAD, data=lambda o, p: {"reason": "重复来件"})],
    "feedback_staff:reopen": [P(lambda o: {"number": o.fb_replied.number}, X_HEAD,
                                data=lambda o, p: {"note": "答复不完整"})],
    "feedback_staff:attachment": [Case(lambda o: {"number": o.fb.number, "pk": o.fb_attachment.pk}, X_VIEW),
                                  Case(lambda o: {"number": o.fb_replied.number, "pk": o.fb_attachment.pk}, who(),
                                       note="one item's attachment under another item's number")],
    "feedback_staff:surveys": [Case(who=ANY_STAFF, shows=lambda o: o.survey_draft.title,
                                    sees=("officer", "head", "office", "admin"))],
    "feedback_staff:survey_new": [Case(who=WORKERS)],
    "feedback_staff:survey": [Case(lambda o: {"pk": o.survey_draft.pk}, X_VIEW)],
    "feedback_staff:survey_edit": [P(lambda o: {"pk": o.survey_draft.pk}, X_WORK,
                                     data=lambda o, p: {"title": "改名的问卷", "intro": "", "opens_on": "2025-01-01",
                                                        "closes_on": "2099-12-31"})],
    "feedback_staff:survey_question": [P(lambda o: {"pk": o.survey_draft.pk}, X_WORK,
                                         data=lambda o, p: {"kind": "text", "text": "意见和建议", "choices": ""})],
    "feedback_staff:survey_question_delete": [
        P(lambda o: {"pk": o.survey_draft.pk, "qid": o.question.pk}, X_WORK),
        P(lambda o: {"pk": o.survey.pk, "qid": o.question.pk}, who(), note="a question of another questionnaire"),
    ],
    "feedback_staff:survey_launch": [P(lambda o: {"pk": o.survey_draft.pk}, X_WORK)],
    "feedback_staff:survey_close": [P(lambda o: {"pk": o.survey.pk}, X_WORK)],
    "feedback_staff:survey_export": [Case(lambda o: {"pk": o.survey.pk, "fmt": "csv"}, X_VIEW)],

    # 互动 — public
    "feedback:submit": [Case(X), Case(OFF, NOBODY)],
    "feedback:site_error": [Case()],
    "feedback:questions": [Case(X, shows=lambda o: o.fb.subject, sees=()), Case(OFF, NOBODY)],
    "feedback:agency_surveys": [Case(X, shows=lambda o: o.survey_draft.title, sees=()), Case(OFF, NOBODY)],
    "feedback:submitted": [Case(ok=(302,))],
    "feedback:track": [
        Case(),
        P(lambda o: {}, APPLICANT_A, data=lambda o, p: {"number": o.fb.number, "code": _fb_code_for(o, p)},
          ok=(200,), changes=False, shows=lambda o: o.fb.content, sees=("applicant_a",)),
    ],
    "feedback:rate": [Case(lambda o: {"token": o.rating_token}),
                      Case(lambda o: {"token": "forged"}, ok=(410,), note="a forged link: 410 for everyone")],
    "feedback:answer": [Case(lambda o: {"pk": o.survey.pk}), Case(lambda o: {"pk": o.survey_draft.pk}, NOBODY)],
    "feedback:results": [Case(lambda o: {"pk": o.survey.pk}), Case(lambda o: {"pk": o.survey_private.pk}, NOBODY),
                         Case(lambda o: {"pk": o.survey_draft.pk}, NOBODY)],
    "feedback:qr": [Case(lambda o: {"pk": o.survey.pk}), Case(lambda o: {"pk": o.survey_draft.pk}, NOBODY)],

    # 年度报告 — staff
    "reports:overview": [Case(who=ANY_STAFF)],
    "reports:start": [P(X, X_VIEW, data=lambda o, p: {"year": "2023"})],
    "reports:workspace": [Case(lambda o: {"code": "dept-x", "year": 2025}, X_VIEW)],
    "reports:step": [P(lambda o: {"pk": o.report_draft.pk}, X_VIEW, data=lambda o, p: {"step": "submit"}),
                     P(lambda o: {"pk": o.report_draft.pk}, who(ok=("head", "admin"), refused=("officer", "office")),
                       data=lambda o, p: {"step": "publish"}, changes=False)],
    "reports:export": [Case(lambda o: {"pk": o.report_draft.pk, "fmt": "json"}, X_VIEW)],
    "reports:check": [Case(who=ANY_STAFF)],
    "reports:inspection": [Case(who=who(ok=("head", "office", "admin")))],  # 网站自查: office, heads, admins
    "reports:check_batch": [Case(lambda o: {"pk": o.batch.pk}, CREATOR)],
    "reports:check_xlsx": [Case(lambda o: {"pk": o.batch.pk}, CREATOR)],
    "reports:check_attach": [P(lambda o: {"pk": o.batch.pk, "file_pk": o.checked_file.pk}, CREATOR, changes=False,
                               data=lambda o, p: {f"f{o.checked_file.pk}-agency": o.w.agency.pk,
                                                  f"f{o.checked_file.pk}-year": "2023"})],

    # 年度报告 — public
    "annual_reports:css": [Case()],
    "annual_reports:list": [Case(X), Case(OFF, NOBODY)],
    "annual_reports:detail": [Case(lambda o: {"code": "dept-x", "year": 2024}),
                              Case(lambda o: {"code": "dept-x", "year": 2025}, NOBODY, note="a draft")],
    "annual_reports:download": [Case(lambda o: {"code": "dept-x", "year": 2024, "fmt": "json"}),
                                Case(lambda o: {"code": "dept-x", "year": 2025, "fmt": "json"}, NOBODY)],

    # 文书模板
    "documents:letters": [Case(who=ANY_STAFF, ok=(200, 302), note="one agency: straight to its page")],
    "documents:agency": [Case(X, X_VIEW)],
    "documents:template": [
        Case(lambda o: {"code": "dept-x", "kind": "acknowledgement"}, X_VIEW),
        Case(lambda o: {"code": "dept-x", "kind": "decision", "variant": o.decision_variant}, X_VIEW),
        P(lambda o: {"code": "dept-x", "kind": "acknowledgement"}, X_HEAD,
          data=lambda o, p: {"intent": "save", "title": "政府信息公开申请接收回执", "body": "{申请人}：您的申请已收到。",
                             "closing": "", "remedy": "none"}),
    ],
    "documents:sample": [
        Case(lambda o: {"code": "dept-x", "kind": "acknowledgement", "fmt": "docx"}, X_VIEW),
        Case(lambda o: {"code": "dept-x", "kind": "decision", "variant": o.decision_variant, "fmt": "docx"}, X_VIEW),
    ],
    "documents:pattern": [P(lambda o: {"code": "dept-x", "kind": "acknowledgement"}, X_HEAD,
                            data=lambda o, p: {"pattern": "{机关代字}收〔{年}〕{序号}号"})],
}

#: the API, by (method, path) of the OpenAPI document; "login" means 401 without a token
NUMBER = lambda o: {"number": o.app.number}  # noqa: E731
REPORT_2025 = lambda o: {"agency": "dept-x", "year": 2025}  # noqa: E731
API: dict[tuple[str, str], list[Case]] = {
    ("get", "/api/v1/agencies"): [Case()],
    ("post", "/api/v1/applications"): [
        Case(method="post", ok=(201,), data=lambda o, p: {
            "agency": "dept-x", **_fields()})],
    ("get", "/api/v1/applications/{number}"): [
        Case(NUMBER, APPLICANT_A, query=lambda o, p: {"query_code": _code_for(o, p)},
             shows=lambda o: o.app.number, sees=("applicant_a",))],
    ("get", "/api/v1/applications/{number}/letters/{letter_id}/{fmt}"): [
        Case(lambda o: {**NUMBER(o), "letter_id": o.letter_a.pk, "fmt": "pdf"}, APPLICANT_A,
             query=lambda o, p: {"query_code": _code_for(o, p)}),
        Case(lambda o: {**NUMBER(o), "letter_id": o.letter_internal.pk, "fmt": "pdf"}, NOBODY,
             query=lambda o, p: {"query_code": _code_for(o, p)}),
    ],
    ("post", "/api/v1/applications/{number}/correction"): [
        Case(NUMBER, APPLICANT_A, method="post", ok=(409,), changes=False,
             query=lambda o, p: {"query_code": _code_for(o, p)}, data=lambda o, p: {"content": "补正内容"},
             note="not awaiting a correction: 409 for the applicant, 404 for everyone else")],
    ("get", "/api/v1/applications/{number}/released/{release_id}"): [
        Case(lambda o: {**NUMBER(o), "release_id": o.release.pk}, NOBODY,
             query=lambda o, p: {"query_code": _code_for(o, p)}, note="undecided case: nothing released")],
    ("post", "/api/v1/staff/applications/{number}/events/files"): [
        Case(NUMBER, who(ok=("officer", "head", "admin"), refused=("office",)), method="post", ok=(400,),
             changes=False, data=lambda o, p: {}, note="no event: 400 for those who may take steps")],
    ("post", "/api/v1/staff/applications/{number}/releases"): [
        Case(NUMBER, who(ok=("officer", "head", "admin"), refused=("office",)), method="post", ok=(400,),
             changes=False, data=lambda o, p: {}, note="no file: 400 for those who may upload")],
    ("post", "/api/v1/staff/applications"): [
        Case(method="post", who=who(ok=("officer", "head", "admin"), refused=("office",)), ok=(201,),
             data=lambda o, p: {
            "agency": "dept-x", "channel": "in_person", "received_on": "2025-03-03",
            **_fields()})],
    ("get", "/api/v1/staff/summary"): [Case(who=who(ok=("officer", "head", "office", "officer_y", "admin"), visitors="login"),
                                            note="counts of what this person may see; 404 for non-staff")],
    ("get", "/api/v1/staff/applications"): [
        Case(who=ANY_STAFF, shows=lambda o: o.app.number, sees=("officer", "head", "office", "admin"))],
    ("get", "/api/v1/staff/applications/{number}"): [
        Case(NUMBER, X_VIEW, shows=lambda o: o.app.id_number, sees=("officer", "head"))],
    ("get", "/api/v1/staff/applications/{number}/letters/{letter_id}/{fmt}"): [
        Case(lambda o: {**NUMBER(o), "letter_id": o.letter_internal.pk, "fmt": "pdf"}, X_VIEW),
        Case(lambda o: {**NUMBER(o), "letter_id": o.letter_y.pk, "fmt": "pdf"}, who()),
    ],
    ("post", "/api/v1/staff/applications/{number}/events"): [
        Case(NUMBER, who(ok=("officer", "head", "admin"), refused=("office",)), method="post", ok=(200,),
             data=lambda o, p: {"type": "end_consultation", "date": "2025-03-20", "party": "third_party",
                                "opinion": "agreed"}),
        Case(NUMBER, who(ok=("officer", "head", "admin"), refused=("office",)), method="post", ok=(200,),
             data=lambda o, p: {"type": "assign_officer", "officer": "officer"}),
    ],
    ("post", "/api/v1/staff/appeals"): [
        Case(method="post", who=X_VIEW, ok=(201,),
             data=lambda o, p: {"agency": "dept-x", "kind": "litigation_direct", "filed_on": "2025-05-06",
                                "body": "测试县人民法院"})],
    ("get", "/api/v1/staff/appeals"): [
        Case(who=ANY_STAFF, shows=lambda o: o.appeal.appellant, sees=("officer", "head", "office", "admin"))],
    ("get", "/api/v1/staff/appeals/{appeal_id}"): [Case(lambda o: {"appeal_id": o.appeal.pk}, X_VIEW)],
    ("patch", "/api/v1/staff/appeals/{appeal_id}"): [
        Case(lambda o: {"appeal_id": o.appeal.pk}, X_VIEW, method="patch",
             data=lambda o, p: {"outcome": "upheld", "decided_on": "2025-06-03"})],
    ("get", "/api/v1/catalog"): [Case(shows=lambda o: o.draft.title, sees=())],
    ("get", "/api/v1/search"): [Case(shows=lambda o: o.draft.title, sees=(),
                                     query=lambda o, p: {"q": o.draft.title})],
    ("get", "/api/v1/search/suggest"): [Case(shows=lambda o: o.draft.title, sees=(),
                                             query=lambda o, p: {"q": o.draft.title[:2]})],
    ("get", "/api/v1/catalog/{index_number}"): [
        Case(lambda o: {"index_number": o.published.index_number}),
        Case(lambda o: {"index_number": o.withdrawn.index_number}, NOBODY),
    ],
    ("post", "/api/v1/feedback"): [
        Case(method="post", ok=(201,), data=lambda o, p: {
            "agency": "dept-x", "kind": "suggestion", "subject": "建议", "content": "建议延长办公时间。",
            "anonymous": True})],
    ("get", "/api/v1/feedback/{number}"): [
        Case(lambda o: {"number": o.fb.number}, APPLICANT_A, query=lambda o, p: {"query_code": _fb_code_for(o, p)})],
    ("get", "/api/v1/reports"): [Case(shows=lambda o: "dept-x", sees=PERSONAS)],
    ("get", "/api/v1/reports/{agency}/{year}"): [Case(lambda o: {"agency": "dept-x", "year": 2024}),
                                                 Case(lambda o: {"agency": "dept-x", "year": 2025}, NOBODY,
                                                      note="a draft is never public")],
    ("post", "/api/v1/staff/reports/{agency}/{year}"): [
        Case(REPORT_2025, X_VIEW, method="post", note="builds or counts the draft again")],
    ("get", "/api/v1/staff/reports/{agency}/{year}"): [Case(REPORT_2025, X_VIEW)],
    ("put", "/api/v1/staff/reports/{agency}/{year}/sections/{key}"): [
        Case(lambda o: {**REPORT_2025(o), "key": "other"}, X_VIEW, method="put",
             data=lambda o, p: {"text": "本年度未收取信息处理费。认真落实政务公开工作要点。"})],
    ("put", "/api/v1/staff/reports/{agency}/{year}/figures"): [
        Case(REPORT_2025, who(ok=("officer", "head", "admin"), refused=("office",)), method="put",
             data=lambda o, p: {"licensing": 12}, note="as the catalogue's figures page: the agency's own staff")],
    ("post", "/api/v1/staff/reports/{agency}/{year}/events"): [
        Case(REPORT_2025, who(ok=("head", "admin"), refused=("officer", "office")), method="post",
             data=lambda o, p: {"type": "acknowledge", "key": "any", "state": "open"},
             note="only the head reviews the gate's findings"),
        Case(REPORT_2025, who(ok=("officer", "head", "office", "admin")), method="post",
             data=lambda o, p: {"type": "submit"}, note="the draft passes the gate")],
    ("post", "/api/v1/staff/feedback/bridge"): [
        Case(method="post", who=who(ok=("officer", "head", "admin"), refused=("officer_y", "office", "outsider")), ok=(201,),
             data=lambda o, p: {"agency": "dept-x", "kind": "inquiry", "channel": "wechat",
                                "source_url": "https://mp.weixin.qq.com/s/abc", "content": "请问办事时间？"})],
    ("get", "/api/v1/staff/feedback"): [
        Case(who=who(ok=STAFF + ("outsider",)), shows=lambda o: o.fb.number, sees=("officer", "head", "office", "admin"),
             note="an empty list for someone without an agency")],
    ("get", "/api/v1/staff/feedback/{number}"): [Case(lambda o: {"number": o.fb.number}, X_VIEW)],
    ("post", "/api/v1/staff/feedback/{number}/assign"): [
        Case(lambda o: {"number": o.fb.number}, who(ok=("head", "admin"), refused=("officer", "office")),
             method="post", data=lambda o, p: {"owner": "head"})],
    ("post", "/api/v1/staff/feedback/{number}/reply"): [
        Case(lambda o: {"number": o.fb.number}, who(ok=("officer", "head", "admin"), refused=("office",)),
             method="post", ok=(201,), data=lambda o, p: {"text": "一般20个工作日内办结。"})],
}


# -- walking the URL configuration and the OpenAPI document -------------------------------------

def _walk(patterns, prefix="", namespace=None, params=()):
    for p in patterns:
        keys = tuple(getattr(p.pattern, "converters", {}) or ()) or tuple(
            getattr(getattr(p.pattern, "regex", None), "groupindex", {}) or ())
        if isinstance(p, URLResolver):
            ns = p.namespace and (f"{namespace}:{p.namespace}" if namespace else p.namespace) or namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns, params + keys)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or "")
            yield prefix + str(p.pattern), name, frozenset(params + keys)


def all_url_patterns():
    return list(_walk(get_resolver().url_patterns))


def openapi_routes(client):
    doc = client.get("/api/v1/openapi.json").json()
    return [(method, path) for path, ops in doc["paths"].items() for method in ops]


def test_it_has_an_entry_for_every_url_pattern_and_api_route(client):
    missing = []
    for route, name, params in all_url_patterns():
        if route.startswith("admin/") or route.startswith("api/v1/"):
            continue  # the admin is walked model by model below; the API by its OpenAPI document
        cases = URLS.get(name)
        if not cases:
            missing.append(f"{route} ({name or '无名称'})：没有访问控制表项")
        elif name and not any(set(c.kwargs(_Probe())) == set(params) for c in cases):
            missing.append(f"{route} ({name})：没有参数为 {sorted(params)} 的用例")
    for method, path in openapi_routes(client):
        if (method, path) not in API:
            missing.append(f"{method.upper()} {path}：没有访问控制表项")
    stale = [n for n in URLS if n not in {name for _, name, _ in all_url_patterns()}]
    assert not missing and not stale, "\n".join(missing + [f"{n}：表中有、项目中没有" for n in stale])


class _Probe:
    """Stands in for the objects when only the names of a case's URL parameters are needed."""

    def __getattr__(self, name):
        return _Probe()

    def __str__(self):
        return "x"


# -- making the requests -----------------------------------------------------------------------

#: writes that are not a change of the platform's data: the session, the log-in lockout's log,
#: a token's "last used" time
IGNORED_WRITES = ("django_session", "axes_", "accounts_apitoken")
WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)"?', re.IGNORECASE)


def _writes(queries) -> list[str]:
    """The tables written by these queries, apart from :data:`IGNORED_WRITES`."""
    out = []
    for q in queries:
        m = WRITE.match(q["sql"])
        if m and not m.group(1).startswith(IGNORED_WRITES):
            out.append(m.group(1))
    return out


def _request(client, method, url, *, data=None, json_body=False, headers=None):
    """One request inside a savepoint that is rolled back: returns (response, tables written)."""
    cookies = copy.deepcopy(client.cookies)
    cache.clear()  # rate-limit counters
    connection.queries_log.clear()  # the log keeps 9,000 queries; a full log would capture nothing
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        kw = dict(headers or {})
        if method == "get":
            response = client.get(url, data or {}, **kw)
        elif method == "patch":
            response = client.patch(url, json.dumps(data or {}), content_type="application/json", **kw)
        elif json_body:
            send = client.put if method == "put" else client.post
            response = send(url, json.dumps(data or {}), content_type="application/json", **kw)
        else:
            response = client.post(url, data or {}, **kw)
        transaction.set_rollback(True)
    client.cookies = cookies
    return response, _writes(queries.captured_queries)


DATE_INPUT = re.compile(r'<input type="date"[^>]*?\svalue="([^"]*)"')


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def _check(case: Case, persona: str, response, changed: bool, *, api=False) -> str | None:
    expected, login = case.who[persona], case.login
    status = response.status_code
    if status >= 500:
        return f"{status}"
    if expected == "ok":
        if status not in case.ok:
            return f"应为 {case.ok}，实为 {status}"
        if case.method != "get" and case.changes and not changed:
            return "允许的操作没有改变任何数据"
    elif expected == "404":
        if status != 404:
            return f"应为 404，实为 {status}"
    elif expected == "login":
        if api:
            if status != 401:
                return f"应为 401，实为 {status}"
        elif not (status == 302 and response["Location"].startswith(login)):
            return f"应转到登录页，实为 {status} {response.get('Location', '')}"
    elif expected == "refused":
        if status == 404 or (status == 302 and response["Location"].startswith(login)):
            return f"能看到对象的人被拒绝时不应为 {status}"
        if api and status not in (400, 403):
            return f"应为 400/403，实为 {status}"
    if expected != "ok" and changed:
        return f"被拒绝的请求写入了数据（{'、'.join(sorted(set(changed)))}）"
    if status == 200 and response.get("Content-Type", "").startswith("text/html"):
        bad = [m for m in DATE_INPUT.findall(_body(response)) if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", m)]
        if bad:  # a browser shows such a field empty, and a form posted back loses the date
            return f"日期输入框的值 {bad} 不是 YYYY-MM-DD"
    if case.shows is not None and status == 200:
        visible = case.shows(_objects) in _body(response)
        if visible != (persona in case.sees):
            return "看到了不该看到的内容" if visible else "没有看到应看到的内容"
    return None


_objects = None


def _run(cases_by_key, clients, objs, url_of, *, api=False, world=None):
    global _objects
    _objects = objs
    failures = []
    tokens = {p: world.token(getattr(world, p)) for p in STAFF + ("outsider",)} if api else {}
    for key, cases in cases_by_key:
        for case in cases:
            url = url_of(key, case)
            for persona in PERSONAS:
                client = clients[persona]
                headers = {}
                if api and persona in STAFF + ("outsider",):
                    headers["HTTP_AUTHORIZATION"] = f"Bearer {tokens[persona]}"
                    client = Client()  # a token, no session
                data = case.data(objs, persona) if case.data else None
                if case.query:
                    data = case.query(objs, persona)
                response, changed = _request(client, case.method, url, data=data, json_body=api, headers=headers)
                problem = _check(case, persona, response, changed, api=api)
                if problem:
                    failures.append(f"{case.method.upper()} {url} [{persona}]：{problem}"
                                    + (f"（{case.note}）" if case.note else ""))
    return failures


def test_it_answers_every_page_as_the_table_says(clients, objs):
    def url_of(name, case):
        return reverse(name, kwargs=case.kwargs(objs))

    failures = _run(URLS.items(), clients, objs, url_of)
    assert not failures, "\n".join(failures)


def test_it_answers_every_api_route_as_the_table_says(client, clients, objs, world):
    def url_of(key, case):
        path = key[1]
        for k, v in case.kwargs(objs).items():
            path = path.replace("{" + k + "}", str(v))
        assert "{" not in path, path
        return path

    api_clients = {p: Client() for p in PERSONAS}  # the API keeps no session: the query code or a token
    failures = _run(API.items(), api_clients, objs, url_of, api=True, world=world)
    assert not failures, "\n".join(failures)


# -- faults the walk found ---------------------------------------------------------------------

def test_it_refuses_a_reopening_the_disclosure_office_may_not_do_without_a_server_error(client, world):
    """The disclosure office may record an appeal's result, but may not reopen the agency's
    applications; a 纠正 result that would reopen one is refused with a message, and nothing of
    the conclusion is half-written."""
    from gongkai.appeals import actions as appeal_actions
    from gongkai.appeals.models import Appeal, Result
    from gongkai.disclosure import actions as d
    from gongkai.disclosure.models import Application, Status
    from gongkai.disclosure.tests.factories import registered

    app = registered(world, received_on=date(2025, 1, 20))
    d.decide(app, actor=world.officer, on=date(2025, 2, 10), outcome="denied_process_info",
             reason="属于过程性信息", basis="条例第十六条第二款")
    appeal = appeal_actions.record_appeal(agency=world.agency, kind="reconsideration", appellant="王小二",
                                          body="测试县人民政府", filed_on=date(2025, 3, 1), applications=[app],
                                          actor=world.officer)
    client.force_login(world.office)
    r = client.post(f"/staff/appeals/{appeal.pk}/", {"step": "conclude", "result": "corrected",
                                                     "concluded_on": "2025-04-14", "reopen_applications": "on"},
                    follow=True)
    assert r.status_code == 200 and "不能重新办理申请" in r.content.decode()
    assert Appeal.objects.get(pk=appeal.pk).result == Result.PENDING
    assert Application.objects.get(pk=app.pk).status == Status.CLOSED
    # without reopening, the office records the result
    r = client.post(f"/staff/appeals/{appeal.pk}/", {"step": "conclude", "result": "corrected",
                                                     "concluded_on": "2025-04-14"})
    assert r.status_code == 302 and Appeal.objects.get(pk=appeal.pk).result == Result.CORRECTED


def test_it_shows_an_applicant_with_an_account_only_their_own_applications(client, world, objs):
    """Logged in on the public site, an applicant sees their own applications without a query code,
    and nobody else's."""
    from gongkai.disclosure import actions as d
    from gongkai.disclosure.tests.factories import fields
    from gongkai.testing import make_user

    owner, other = make_user("wang_xiaoer"), make_user("zhao_liu")
    mine = d.submit_application(agency=world.agency, fields=fields(), actor=owner).application
    n = mine.number
    client.force_login(owner)
    assert n in client.get("/account/").content.decode()
    assert client.get(f"/applications/track/{n}/").status_code == 200
    assert client.get(f"/applications/track/{objs.app.number}/").status_code == 404
    client.force_login(other)
    assert n not in client.get("/account/").content.decode()
    assert client.get(f"/applications/track/{n}/").status_code == 404


# -- Django admin: only administrators --------------------------------------------------------

def _admin_urls():
    """Every admin page: the index pages, and for every registered model its list, "add", and the
    change, history and delete pages of one row (of a missing row when the model has none)."""
    urls = [reverse("admin:index"), reverse("admin:password_change"), reverse("admin:password_change_done"),
            reverse("admin:jsi18n"), reverse("admin:autocomplete")]
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        urls.append(reverse("admin:app_list", kwargs={"app_label": model._meta.app_label}))
        urls.append(reverse("admin:%s_%s_changelist" % info))
        urls.append(reverse("admin:%s_%s_add" % info))
        obj = model.objects.order_by("pk").first()
        pk = obj.pk if obj is not None else 999999
        for action in ("change", "history", "delete"):
            urls.append(reverse(f"admin:%s_%s_{action}" % info, args=[pk]))
    return sorted(set(urls))


def test_it_opens_the_admin_to_administrators_only(clients, objs, world):
    world.token(world.officer)  # a row for the token admin
    failures = []
    for url in _admin_urls():
        for persona in PERSONAS:
            response, written = _request(clients[persona], "get", url)
            if persona == "admin":
                # 403: a read-only model has no "add"; 302: a missing row sends back to the index;
                # 400: the autocomplete view without its parameters
                if response.status_code not in (200, 302, 400, 403) or "/admin/login/" in response.get("Location", ""):
                    failures.append(f"{url} [admin]：{response.status_code}")
            elif not (response.status_code == 302 and "/admin/login/" in response["Location"]):
                failures.append(f"{url} [{persona}]：{response.status_code}")
            elif written:
                failures.append(f"{url} [{persona}]：写入了数据")
    assert not failures, "\n".join(failures)
