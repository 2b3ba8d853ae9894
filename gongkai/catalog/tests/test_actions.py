import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.catalog import actions
from gongkai.catalog.models import DocType, Item, ItemEvent, StatutoryItem, Validity
from gongkai.catalog.search import search

from .helpers import draft, published, topic


def kinds(item):
    return list(item.events.values_list("kind", flat=True))


def test_it_runs_draft_review_publish_with_an_event_each(world):
    item = draft(world)
    actions.submit_item(item, actor=world.officer)
    item = actions.publish_item(item, actor=world.head, published_on=datetime.date(2025, 3, 10), backfill=True)
    assert item.status == Item.Status.PUBLISHED
    assert item.reviewed_by == world.head
    assert kinds(item) == [ItemEvent.Kind.CREATED, ItemEvent.Kind.SUBMITTED, ItemEvent.Kind.PUBLISHED]


def test_it_lets_only_a_head_publish(world):
    item = actions.submit_item(draft(world), actor=world.officer)
    with pytest.raises(actions.ActionError, match="负责人"):
        actions.publish_item(item, actor=world.officer)
    with pytest.raises(actions.ActionError):
        actions.publish_item(item, actor=world.officer_y)
    assert Item.objects.get(pk=item.pk).status == Item.Status.SUBMITTED


def test_it_keeps_another_agency_out(world):
    with pytest.raises(actions.ActionError):
        draft(world, actor=world.officer_y)


def test_it_returns_a_draft_with_a_note(world):
    item = actions.submit_item(draft(world), actor=world.officer)
    with pytest.raises(actions.ActionError, match="写明"):
        actions.return_item(item, actor=world.head, note=" ")
    item = actions.return_item(item, actor=world.head, note="请补充文号。")
    assert item.status == Item.Status.DRAFT and item.review_note == "请补充文号。"


def test_it_refuses_a_publication_date_before_today_or_before_formation(world):
    item = draft(world, formed_on=datetime.date(2025, 3, 3))
    with pytest.raises(actions.ActionError, match="早于今天"):
        actions.publish_item(item, actor=world.head, published_on=datetime.date(2025, 3, 4))
    with pytest.raises(actions.ActionError, match="形成或变更日期"):
        actions.publish_item(item, actor=world.head, published_on=datetime.date(2025, 3, 1), backfill=True)


# 2024 国庆节: 10月1日至7日放假, 9月29日（周日）、10月12日（周六）上班 (国办发明电〔2023〕7号).
# From Friday 2024-09-20: 23,24,25,26,27 (5), 29 Sun worked (6), 30 (7), 10-08..11 (11), 12 Sat worked (12),
# 14..18 (17), 21, 22, 23 (20), 24 (21). A plain weekday count would reach 20 already on 10-18.
@pytest.mark.parametrize("published_on, workdays, late", [
    (datetime.date(2024, 10, 23), 20, False),
    (datetime.date(2024, 10, 24), 21, True),
    (datetime.date(2024, 10, 18), 17, False),
])
def test_it_flags_publication_after_20_working_days_across_national_day(world, published_on, workdays, late):
    item = published(world, formed_on=datetime.date(2024, 9, 20), published_on=published_on)
    assert (item.publication_workdays, item.is_late) == (workdays, late)
    assert (item in Item.objects.late()) is late


def test_it_blocks_publication_until_personal_data_is_cleared(world):
    item = draft(world, body="联系人：王某，手机13912345678。")
    with pytest.raises(actions.ActionError, match="手机号码“13912345678”"):
        actions.publish_item(item, actor=world.head)
    actions.confirm_screen_hits(item, texts=["13912345678"], actor=world.officer)
    item = actions.publish_item(item, actor=world.head)
    assert item.status == Item.Status.PUBLISHED
    assert ItemEvent.Kind.SCREEN_CONFIRMED in kinds(item)


def test_it_screens_again_what_was_edited_after_a_confirmation(world):
    item = draft(world, body="电话13912345678")
    actions.confirm_screen_hits(item, texts=["13912345678"], actor=world.officer)
    item = actions.update_item(item, data={"body": "电话13812345678"}, actor=world.officer)
    with pytest.raises(actions.ActionError, match="13812345678"):
        actions.publish_item(item, actor=world.head)


def test_it_sanitises_the_body(world):
    item = draft(world, body='<p onclick="x()">正文<script>alert(1)</script><a href="javascript:x">链接</a></p>')
    assert "script" not in item.body and "onclick" not in item.body and "javascript" not in item.body
    assert item.body_text == "正文链接"


def test_it_normalises_the_document_number(world):
    assert draft(world, doc_number="互自然资[2024] 12号").doc_number == "互自然资〔2024〕12号"


def test_it_requires_validity_for_normative_documents(world):
    with pytest.raises(actions.ActionError, match="有效性"):
        draft(world, doc_type=DocType.NORMATIVE, statutory_item=StatutoryItem.REGULATIONS,
              signed_on=datetime.date(2025, 3, 1))
    with pytest.raises(actions.ActionError, match="废止日期"):
        draft(world, doc_type=DocType.NORMATIVE, validity=Validity.REPEALED, signed_on=datetime.date(2025, 3, 1))
    item = draft(world, doc_type=DocType.NORMATIVE, validity=Validity.VALID, signed_on=datetime.date(2025, 3, 1),
                 effective_on=datetime.date(2025, 4, 1))
    assert item.repealed_on is None  # never a 1970 placeholder


def test_it_drops_validity_from_other_documents(world):
    item = draft(world, doc_type=DocType.OTHER_DOCUMENT, validity=Validity.VALID)
    assert item.validity == "" and item.effective_on is None


def test_it_asks_for_a_second_level_topic(world):
    with pytest.raises(actions.ActionError, match="二级"):
        draft(world, topic=topic("国土资源、能源"))
    assert draft(world, topic=topic("其他")).topic.name == "其他"


def test_it_revises_keeping_the_index_number_and_the_old_text(world):
    item = published(world, title="互助县老旧小区改造实施方案")
    number = item.index_number
    with pytest.raises(actions.ActionError, match="负责人"):
        actions.revise_item(item, data={"title": "x"}, actor=world.officer, reason="更正")
    item = actions.revise_item(item, data={"title": "互助县棚户区改造实施方案"}, actor=world.head,
                               reason="更正标题", changed_on=datetime.date(2025, 3, 5))
    assert item.index_number == number and item.version == 2
    assert item.versions.get().snapshot["title"] == "互助县老旧小区改造实施方案"
    assert item.formed_on == datetime.date(2025, 3, 5)
    assert [h.item for h in search("棚户区").results] == [item]
    assert search("老旧小区").count == 0


def test_it_withdraws_from_search_and_keeps_the_reason(world):
    item = published(world, title="宅基地审批结果公示")
    assert search("宅基地").count == 1
    with pytest.raises(actions.ActionError, match="理由"):
        actions.withdraw_item(item, actor=world.head, reason="")
    item = actions.withdraw_item(item, actor=world.head, reason="含有个人信息")
    assert item.status == Item.Status.WITHDRAWN and item.withdrawal_reason == "含有个人信息"
    assert search("宅基地").count == 0
    assert item.index_number  # the number is never reused or cleared


def _pdf():
    return SimpleUploadedFile("通知.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")


def test_it_accepts_a_pdf_attachment(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = draft(world)
    att = actions.add_attachment(item, upload=_pdf(), actor=world.officer)
    assert (att.mime, att.name, att.kind_label) == ("application/pdf", "通知.pdf", "PDF")
    assert len(att.sha256) == 64


def test_it_checks_attachments_by_content(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = draft(world)
    fake = SimpleUploadedFile("通知.pdf", b"MZ\x90\x00 this is an executable")
    with pytest.raises(actions.ActionError, match="Windows 可执行程序"):  # gongkai.portal.uploads
        actions.add_attachment(item, upload=fake, actor=world.officer)
    text = SimpleUploadedFile("通知.pdf", "一段文字".encode())
    with pytest.raises(actions.ActionError, match="实际格式"):
        actions.add_attachment(item, upload=text, actor=world.officer)
    renamed = SimpleUploadedFile("通知.docx", b"%PDF-1.4\n%%EOF\n")
    with pytest.raises(actions.ActionError, match="扩展名不符"):
        actions.add_attachment(item, upload=renamed, actor=world.officer)
    assert item.attachments.count() == 0


def test_it_limits_attachment_size(world, settings, tmp_path, monkeypatch):
    from gongkai.catalog import content

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(content, "MAX_ATTACHMENT_BYTES", 10)
    with pytest.raises(actions.ActionError, match="超过附件大小上限"):
        actions.add_attachment(draft(world), upload=_pdf(), actor=world.officer)


def test_it_recognises_docx_and_xlsx(world, settings, tmp_path):
    import io
    import zipfile

    settings.MEDIA_ROOT = tmp_path

    def ooxml(part):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr(part, "<x/>")
        return buf.getvalue()

    item = draft(world)
    docx = actions.add_attachment(item, upload=SimpleUploadedFile("a.docx", ooxml("word/document.xml")), actor=world.officer)
    xlsx = actions.add_attachment(item, upload=SimpleUploadedFile("b.xlsx", ooxml("xl/workbook.xml")), actor=world.officer)
    assert (docx.kind_label, xlsx.kind_label) == ("Word 文档", "Excel 表格")


def test_it_lets_only_a_head_change_attachments_after_publication(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = published(world)
    with pytest.raises(actions.ActionError, match="负责人"):
        actions.add_attachment(item, upload=_pdf(), actor=world.officer)
    att = actions.add_attachment(item, upload=_pdf(), actor=world.head)
    actions.remove_attachment(att, actor=world.head)
    assert item.attachments.count() == 0
