"""The 年度报告体检 result page on a phone: each severity badge stays on one line, the findings
show their Chinese names, a skipped file is listed with why."""

from pathlib import Path

import pytest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

EXAMPLE = Path(__file__).resolve().parents[2] / "gongkai/reports/tests/corpus/000_22ace0d495ac63ac.txt"


def test_the_check_results_fit_a_phone_and_badges_do_not_wrap(world, live_server, phone):
    from gongkai.accounts.models import User
    from gongkai.reports import actions
    from gongkai.reports.tasks import check_batch_now

    officer = User.objects.get(username="officer")
    officer.set_password("correct horse battery")
    officer.save()
    batch = actions.start_check_batch(actor=officer, files=[("互助县自然资源局2024年报.txt", EXAMPLE.read_bytes())],
                                      skipped=[("第3页.png", "未检查：图片文件（PNG）：本系统暂不能对图片做文字识别（OCR）。")])
    check_batch_now(batch.pk)
    phone.goto(live_server.url + "/staff/login/")
    phone.get_by_label("用户名").fill("officer")
    phone.get_by_label("密码").fill("correct horse battery")
    phone.get_by_role("button", name="登录").click()
    phone.wait_for_url("**/staff/")
    phone.goto(live_server.url + f"/staff/check/{batch.pk}/")
    assert "缺少统计表" in phone.content() and "未检查：图片文件（PNG）" in phone.content()
    badges = phone.locator("table.findings .badge")
    assert badges.count() >= 3
    # one line each: a badge's height is its line height, not two (CSS white-space: nowrap)
    heights = badges.evaluate_all(
        "els => els.map(e => [e.getBoundingClientRect().height, parseFloat(getComputedStyle(e).lineHeight)])")
    assert all(h < 1.5 * line for h, line in heights), heights
    assert badges.first.evaluate("e => getComputedStyle(e).whiteSpace") == "nowrap"
    phone.shot("check-results-phone")
