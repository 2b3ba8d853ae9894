"""A damaged DOCX is said in Chinese, with what to do, and no library's exception name."""

import io
import re
import zipfile

import pytest

from gongkai.reports.importers import ReportReadError, check_file


def _damaged(part: str, content: str | None) -> bytes:
    """A Word document whose ``part`` is replaced by ``content`` (or left out): a sound ZIP that
    python-docx cannot open."""
    import docx

    good = io.BytesIO()
    docx.Document().save(good)
    out = io.BytesIO()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            if name != part:
                dst.writestr(name, src.read(name))
        if content is not None:
            dst.writestr(part, content)
    return out.getvalue()


@pytest.mark.parametrize("data", [_damaged("word/document.xml", "<w:document 未闭合"),
                                  _damaged("[Content_Types].xml", "<Types/>")])
def test_a_damaged_docx_is_said_in_chinese_without_a_library_class_name(data):
    with pytest.raises(ReportReadError) as e:
        check_file(data, filename="年报.docx")
    message = str(e.value)
    assert message.startswith("DOCX 文档已损坏，无法读取。"), message
    assert "另存为" in message
    assert not re.search(r"[A-Z][a-z]+(Error|Exception)|KeyError|BadZipFile", message)
