"""A JSON field in the admin reads as Chinese labels and values, not as the raw blob."""

from datetime import date

from django.urls import reverse

from gongkai.appeals.models import Kind, Result
from gongkai.portal.admin_display import readable


def test_it_labels_the_keys_and_words_the_values():
    html = readable({"kind": "reconsideration", "reopened": ["dept-x-2025-00001"], "urgent": True, "note": "",
                     "previous": {"result": "upheld"}, "extra": 3},
                    {"kind": "类型", "reopened": "重新办理的申请", "urgent": "紧急", "note": "说明", "previous": "撤销前",
                     "result": "结果"},
                    choices={"kind": Kind, "result": Result})
    assert "<dt>类型</dt><dd>行政复议</dd>" in html
    assert "<dt>紧急</dt><dd>是</dd>" in html and "<dt>说明</dt><dd>—</dd>" in html
    assert "<dt>撤销前</dt><dd>结果：维持</dd>" in html
    assert html.endswith("<dt>extra</dt><dd>3</dd></dl>")  # an unlabelled key is still shown, last


def test_it_escapes_what_it_shows():
    assert "&lt;b&gt;" in readable({"reason": "<b>"}, {"reason": "理由"})
    assert readable({}, {}) == "—"


def test_the_appeal_page_shows_its_events_data_readably(client, world):
    from gongkai.appeals import actions

    appeal = actions.record_appeal(agency=world.agency, kind=Kind.RECONSIDERATION, appellant="王小二",
                                   body="测试县人民政府", filed_on=date(2025, 3, 2), case_number="测复〔2025〕1号",
                                   actor=world.officer)
    client.force_login(world.admin)
    html = client.get(reverse("admin:appeals_appeal_change", args=[appeal.pk])).content.decode()
    assert "<dt>类型</dt><dd>行政复议</dd>" in html and "<dt>案号</dt><dd>测复〔2025〕1号</dd>" in html
    assert "&quot;kind&quot;" not in html and '"kind":' not in html
    assert "行政复议 测复〔2025〕1号 · 登记" in html
