from datetime import date

import pytest
from django.core import mail

from gongkai.accounts.errors import InvalidInput
from gongkai.accounts.models import Holiday
from gongkai.feedback import actions, notices
from gongkai.feedback.models import Channel, Event, FeedbackSettings, Item, Kind, Rating, Route, Satisfaction, Status

from .helpers import submit


# -- deadlines (working days, domain.md §5.3) -----------------------------------------------------

@pytest.mark.parametrize("kind, due", [
    # 2025 国庆、中秋: 10月1日–8日 off, 10月11日 (Sat) worked. Working days after Tue 30 Sep:
    # 9 Oct=1, 10=2, 11(Sat)=3, 13=4, 14=5 → 咨询 (5); 15=6, 16=7, 17=8, 20=9, 21=10 → 投诉 (10);
    # 22=11, 23=12, 24=13, 27=14, 28=15 → 建议/意见/批评 (15).
    (Kind.INQUIRY, date(2025, 10, 14)),
    (Kind.COMPLAINT, date(2025, 10, 21)),
    (Kind.SUGGESTION, date(2025, 10, 28)),
    (Kind.OPINION, date(2025, 10, 28)),
    (Kind.CRITICISM, date(2025, 10, 28)),
])
def test_it_counts_the_reply_period_in_working_days_across_national_day(world, kind, due):
    item, _ = submit(world.agency, kind=kind, received_on=date(2025, 9, 30))
    assert item.received_on == date(2025, 9, 30)
    assert item.due_on == item.initial_due_on == due


def test_it_counts_the_spring_festival_and_its_working_sunday(world):
    # 2024 春节: 2月10日–17日 off, Sun 18 Feb worked. After Thu 8 Feb: 9 Feb=1, 18=2, 19=3, 20=4, 21=5.
    item, _ = submit(world.agency, kind=Kind.INQUIRY, received_on=date(2024, 2, 8))
    assert item.due_on == date(2024, 2, 21)


def test_it_uses_the_agency_holiday_table(world):
    # a local holiday on Mon 13 Oct 2025 pushes the 咨询 deadline from 14 to 15 October
    Holiday.objects.create(date=date(2025, 10, 13), is_workday=False, name="地方节日")
    item, _ = submit(world.agency, kind=Kind.INQUIRY, received_on=date(2025, 9, 30))
    assert item.due_on == date(2025, 10, 15)


def test_it_uses_the_agency_own_period_for_the_kind(world):
    FeedbackSettings.objects.create(agency=world.agency, inquiry_days=3)
    item, _ = submit(world.agency, kind=Kind.INQUIRY, received_on=date(2025, 9, 30))
    assert item.due_on == date(2025, 10, 11)  # 9 Oct=1, 10=2, Sat 11 (worked)=3


# -- submission ---------------------------------------------------------------------------------

def test_it_gives_a_number_and_a_code_that_is_stored_hashed(world):
    item, code = submit(world.agency)
    assert item.number.startswith("HD") and len(code) == 8
    assert code not in item.query_code_hash
    assert item.check_query_code(code) and item.check_query_code(code.lower())
    assert not item.check_query_code("WRONGCOD")
    assert item.status == Status.NEW and item.owner is None
    assert list(item.events.values_list("type", flat=True)) == [Event.Type.SUBMITTED]


def test_it_gives_an_anonymous_item_a_code_but_no_private_reply_path(people, run_on_commit):
    item, code = run_on_commit(submit, people.agency, anonymous=True)
    assert len(code) == 8 and item.is_anonymous and not item.has_private_reply_path
    assert item.check_query_code(code)  # the writer reads the reply with it (issue 19)
    assert not item.check_query_code("")
    actions.assign_item(item, owner=people.officer, actor=people.head)
    mail.outbox.clear()
    reply = run_on_commit(actions.reply_item, item, text="已转相关股室办理。", actor=people.officer)
    assert mail.outbox == []  # nobody to write to
    assert notices.reply_from_token(notices.rating_token(reply)) is None  # and no rating link
    with pytest.raises(actions.ActionError):
        actions.rate_reply(reply, value=Satisfaction.SATISFIED)


def test_it_strips_html_from_what_the_public_writes(world):
    item, _ = submit(world.agency, subject="<b>标题</b><script>alert(1)</script>", content="内容<img src=x onerror=alert(1)>")
    assert item.subject == "标题" and item.content == "内容"


def test_it_refuses_an_item_that_is_only_markup(world):
    with pytest.raises(actions.ActionError):
        submit(world.agency, subject="<script>x</script>")
    assert not Item.objects.exists()


def test_it_sends_the_submitter_a_receipt(world, run_on_commit):
    item, code = run_on_commit(submit, world.agency)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["zhang@example.cn"]
    assert item.number in mail.outbox[0].body and code in mail.outbox[0].body


def test_it_assigns_by_the_agency_rule_for_the_kind(people, run_on_commit):
    Route.objects.create(agency=people.agency, kind=Kind.COMPLAINT, owner=people.officer)
    complaint, _ = run_on_commit(submit, people.agency, kind=Kind.COMPLAINT)
    inquiry, _ = submit(people.agency, kind=Kind.INQUIRY)
    assert complaint.owner == people.officer and complaint.status == Status.ASSIGNED
    assert inquiry.owner is None and inquiry.status == Status.NEW
    assert "officer@x.example.cn" in [m.to[0] for m in mail.outbox]


def test_it_registers_a_social_media_entry_with_the_original_post(world):
    item, code = actions.submit_item(
        agency=world.agency, kind=Kind.INQUIRY, channel=Channel.WEIBO, source_url="https://weibo.com/1/abc",
        subject="不动产登记", content="周末能办理吗？", contact=actions.Contact(name="互助网友"),
        publish_consent=False, received_on=date(2025, 9, 30), actor=world.officer)
    assert item.channel == Channel.WEIBO and item.registered_by == world.officer and code
    assert item.events.get().type == Event.Type.REGISTERED
    with pytest.raises(actions.ActionError):
        actions.submit_item(
            agency=world.agency, kind=Kind.INQUIRY, channel=Channel.WEIBO, source_url="https://weibo.com/1/abc",
            subject="重复", content="重复", contact=None, publish_consent=False, actor=world.officer)


def test_it_wants_a_way_to_reply_from_a_named_web_submitter(world):
    with pytest.raises(actions.ActionError):
        actions.submit_item(agency=world.agency, kind=Kind.INQUIRY, subject="a", content="b",
                            contact=actions.Contact(name="张三"), publish_consent=False)


# -- owners -------------------------------------------------------------------------------------

def test_it_keeps_the_history_when_an_item_is_reassigned(people):
    item, _ = submit(people.agency)
    actions.assign_item(item, owner=people.officer, actor=people.head)
    actions.assign_item(item, owner=people.head, actor=people.head, note="需要负责人亲自答复")
    item.refresh_from_db()
    assert item.owner == people.head and item.status == Status.ASSIGNED
    assigned, reassigned = item.events.filter(type__in=[Event.Type.ASSIGNED, Event.Type.REASSIGNED])
    assert assigned.data["owner"] == people.officer.pk
    assert (reassigned.data["previous"], reassigned.data["owner"]) == (people.officer.pk, people.head.pk)
    assert reassigned.note == "需要负责人亲自答复"


def test_it_refuses_an_owner_from_another_agency(people):
    item, _ = submit(people.agency)
    with pytest.raises(actions.ActionError):
        actions.assign_item(item, owner=people.officer_y, actor=people.head)
    with pytest.raises(actions.ActionError):
        actions.assign_item(item, owner=people.outsider, actor=people.head)
    item.refresh_from_db()
    assert item.owner is None and not item.events.filter(type=Event.Type.ASSIGNED).exists()


# -- replies and ratings ------------------------------------------------------------------------

def test_it_mails_the_reply_with_a_one_time_rating_link(people, run_on_commit):
    item, _ = submit(people.agency)
    actions.assign_item(item, owner=people.officer, actor=people.head)
    reply = run_on_commit(actions.reply_item, item, text="一般20个工作日。", actor=people.officer)
    item.refresh_from_db()
    assert item.status == Status.REPLIED and item.first_replied_at is not None
    message = mail.outbox[-1]
    assert message.to == ["zhang@example.cn"] and "一般20个工作日。" in message.body
    token = message.body.split("/feedback/rate/")[1].split("/")[0]
    assert notices.reply_from_token(token) == reply


def test_it_takes_one_rating_per_reply(people):
    item, _ = submit(people.agency)
    reply = actions.reply_item(item, text="答复", actor=people.head)
    token = notices.rating_token(reply)
    actions.rate_reply(notices.reply_from_token(token), value=Satisfaction.SATISFIED)
    assert notices.reply_from_token(token) is None
    with pytest.raises(actions.ActionError):
        actions.rate_reply(reply, value=Satisfaction.UNSATISFIED)
    assert Rating.objects.get().value == Satisfaction.SATISFIED


def test_it_rejects_a_forged_rating_token(people):
    item, _ = submit(people.agency)
    reply = actions.reply_item(item, text="答复", actor=people.head)
    token = notices.rating_token(reply)
    assert notices.reply_from_token(token[:-2] + ("AA" if not token.endswith("AA") else "BB")) is None
    assert notices.reply_from_token("nonsense") is None


def test_it_reopens_an_unsatisfied_item_to_the_head(people, clock, run_on_commit):
    clock.set(date(2025, 9, 30))
    item, _ = submit(people.agency, kind=Kind.INQUIRY)
    actions.assign_item(item, owner=people.officer, actor=people.head)
    reply = actions.reply_item(item, text="答复", actor=people.officer)
    clock.set(date(2025, 10, 9))
    mail.outbox.clear()
    run_on_commit(actions.rate_reply, reply, value=Satisfaction.UNSATISFIED, comment="没有回答我的问题")
    item.refresh_from_db()
    assert item.status == Status.REOPENED
    # new period from Thu 9 Oct 2025: 10=1, Sat 11=2, 13=3, 14=4, 15=5
    assert item.due_on == date(2025, 10, 15) and item.initial_due_on == date(2025, 10, 14)
    assert [m.to for m in mail.outbox] == [["head@x.example.cn"]]
    assert "没有回答我的问题" in mail.outbox[0].body
    # the head reassigns; the second answer gets its own rating link
    actions.assign_item(item, owner=people.officer, actor=people.head)
    second = actions.reply_item(item, text="补充答复", actor=people.officer)
    assert notices.reply_from_token(notices.rating_token(second)) == second
    item.refresh_from_db()
    assert item.first_replied_at.date() == date(2025, 9, 30)


def test_it_does_not_reopen_on_a_satisfied_rating(people):
    item, _ = submit(people.agency)
    reply = actions.reply_item(item, text="答复", actor=people.head)
    actions.rate_reply(reply, value=Satisfaction.BASICALLY)
    item.refresh_from_db()
    assert item.status == Status.REPLIED


def test_it_refuses_to_reply_twice_without_reopening(people):
    item, _ = submit(people.agency)
    actions.reply_item(item, text="答复", actor=people.head)
    with pytest.raises(actions.ActionError):
        actions.reply_item(item, text="再答复", actor=people.head)


# -- publication, closing --------------------------------------------------------------------------

def test_it_screens_personal_data_out_of_the_published_text(people):
    item, _ = submit(people.agency, consent=True, content="我的电话13912345678，身份证号11010519491231002X。")
    actions.reply_item(item, text="已回电13912345678。", actor=people.head)
    actions.publish_item(item, question=item.content, answer="已回电13912345678。", actor=people.head)
    item.refresh_from_db()
    assert "13912345678" not in item.public_question + item.public_answer
    assert "11010519491231002X" not in item.public_question
    assert Item.objects.published().get() == item


def test_it_publishes_only_with_consent(people):
    item, _ = submit(people.agency, consent=False)
    actions.reply_item(item, text="答复", actor=people.head)
    with pytest.raises(actions.ActionError):
        actions.publish_item(item, question="问", answer="答", actor=people.head)
    assert not Item.objects.published().exists()


def test_it_closes_an_invalid_item_with_a_reason(people):
    item, _ = submit(people.agency)
    with pytest.raises(actions.ActionError):
        actions.close_item(item, reason="  ", actor=people.head)
    actions.close_item(item, reason="广告信息", actor=people.head)
    item.refresh_from_db()
    assert item.status == Status.CLOSED and not item.is_open


SETTINGS = {"inquiry_days": 3, "complaint_days": 10, "suggestion_days": 15, "opinion_days": 15, "criticism_days": 15,
            "remind_days": 1, "accepts_public": False}


def test_it_saves_the_settings_and_replaces_the_routing_rules(people):
    Route.objects.create(agency=people.agency, kind=Kind.COMPLAINT, owner=people.head)
    actions.save_settings(people.agency, values=SETTINGS, routes={Kind.INQUIRY: people.officer}, actor=people.head)
    prefs = FeedbackSettings.objects.get(agency=people.agency)
    assert (prefs.inquiry_days, prefs.remind_days, prefs.accepts_public) == (3, 1, False)
    assert list(Route.objects.filter(agency=people.agency).values_list("kind", "owner__username")) == [
        ("inquiry", "officer")]


def test_it_refuses_a_route_to_someone_outside_the_agency_and_saves_nothing(people):
    with pytest.raises(InvalidInput, match="请选择本机关的工作人员"):
        actions.save_settings(people.agency, values=SETTINGS, routes={Kind.INQUIRY: people.officer_y},
                              actor=people.head)
    assert not FeedbackSettings.objects.filter(agency=people.agency).exists()
    assert not Route.objects.exists()
