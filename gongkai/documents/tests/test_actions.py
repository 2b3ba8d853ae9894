import pytest

from gongkai.accounts.errors import InvalidInput
from gongkai.documents import actions
from gongkai.documents.kinds import LetterKind, Remedy
from gongkai.documents.letters import resolve_template
from gongkai.documents.models import DocumentsEvent, LetterTemplate, NumberPattern
from gongkai.documents.numbering import allocate_number


def test_it_saves_an_agency_template_and_records_before_and_after(world):
    actions.save_letter_template(world.agency, LetterKind.CORRECTION, "", actor=world.head, title="补正通知书",
                                 body="请补正：{补正事项}", closing="特此告知。", remedy=Remedy.NONE)
    template = resolve_template(world.agency, LetterKind.CORRECTION)
    assert (template.title, template.source, template.row.updated_by) == ("补正通知书", "agency", world.head)
    event = DocumentsEvent.objects.get()
    assert event.action == DocumentsEvent.Action.TEMPLATE_SAVED and event.actor == world.head
    assert event.before["title"] == "政府信息公开申请补正告知书" and event.after["title"] == "补正通知书"


def test_it_refuses_unknown_placeholders_and_writes_nothing(world):
    with pytest.raises(InvalidInput, match="未知的占位符：{姓名}"):
        actions.save_letter_template(world.agency, LetterKind.CORRECTION, "", actor=world.head, title="补正",
                                     body="{姓名}您好")
    with pytest.raises(InvalidInput, match="正文不能为空"):
        actions.save_letter_template(world.agency, LetterKind.CORRECTION, "", actor=world.head, title="补正", body=" ")
    assert not LetterTemplate.objects.exists() and not DocumentsEvent.objects.exists()


def test_it_refuses_to_drop_the_reconsideration_first_clause_from_a_refusal(world):
    with pytest.raises(InvalidInput, match="行政复议前置"):
        actions.save_letter_template(world.agency, LetterKind.DECISION, "denied_state_secret", actor=world.head,
                                     title="答复书", body="不予公开。", remedy=Remedy.STANDARD)
    with pytest.raises(InvalidInput, match="不写救济条款"):
        actions.save_letter_template(world.agency, LetterKind.EXTENSION, "", actor=world.head,
                                     title="延期", body="延期。", remedy=Remedy.STANDARD)
    actions.save_letter_template(world.agency, LetterKind.DECISION, "granted", actor=world.head,
                                 title="答复书", body="公开。", remedy=Remedy.RECONSIDERATION_FIRST)


def test_it_refuses_an_unknown_kind_or_variant(world):
    with pytest.raises(InvalidInput, match="没有适用情形"):
        actions.save_letter_template(world.agency, LetterKind.DECISION, "maybe", actor=world.head, title="a", body="b")


def test_it_resets_to_the_default(world):
    assert not actions.reset_letter_template(world.agency, LetterKind.EXTENSION, "", actor=world.head)
    actions.save_letter_template(world.agency, LetterKind.EXTENSION, "", actor=world.head, title="延期",
                                 body="延期{延期工作日数}个工作日。", remedy=Remedy.NONE)
    assert actions.reset_letter_template(world.agency, LetterKind.EXTENSION, "", actor=world.head)
    assert resolve_template(world.agency, LetterKind.EXTENSION).source == "builtin"
    assert DocumentsEvent.objects.filter(action=DocumentsEvent.Action.TEMPLATE_RESET).count() == 1


def test_it_sets_a_number_pattern_and_refuses_one_that_would_collide(world):
    actions.set_number_pattern(world.agency, LetterKind.DECISION, actor=world.head, pattern="测自然资依〔{年}〕第{三位序号}号")
    assert allocate_number(world.agency, LetterKind.DECISION, 2025) == "测自然资依〔2025〕第001号"
    with pytest.raises(InvalidInput, match="重复文号"):
        actions.set_number_pattern(world.agency, LetterKind.CORRECTION, actor=world.head,
                                   pattern="测自然资依〔{年}〕第{三位序号}号")
    with pytest.raises(InvalidInput, match="必须包含 {年}"):
        actions.set_number_pattern(world.agency, LetterKind.CORRECTION, actor=world.head, pattern="补{序号}号")
    actions.set_number_pattern(world.agency, LetterKind.DECISION, actor=world.head, pattern="")  # back to default
    assert not NumberPattern.objects.exists()
    assert DocumentsEvent.objects.filter(action=DocumentsEvent.Action.PATTERN_SAVED).count() == 2
