"""The report checker never crashes: whatever bytes or text it is given — random, a real report
cut up and shuffled, or a file whose name claims another type — ``check_file`` returns a result or
raises ``ReportReadError`` with a Chinese message."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.reports.importers import CheckResult, ReportReadError, check_file

EXAMPLE = (Path(__file__).resolve().parents[2] / "gongkai" / "reports" / "tests" / "corpus"
           / "000_22ace0d495ac63ac.txt").read_text(encoding="utf-8")
LINES = EXAMPLE.splitlines()
NAMES = st.sampled_from([None, "年报.txt", "年报.html", "年报.htm", "年报.docx", "年报.pdf", "年报", "年报.zip"])
FAST = settings(max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def checked(data: bytes, name):
    try:
        result = check_file(data, name)
    except ReportReadError as e:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(e)), f"not a Chinese message: {e}"
        return None
    assert isinstance(result, CheckResult)
    result.as_dict()  # and the result serialises (the JSON output, the web page)
    return result


@FAST
@given(st.binary(max_size=4096), NAMES)
def test_it_survives_arbitrary_bytes(data, name):
    checked(data, name)


@FAST
@given(st.binary(max_size=64), NAMES, st.sampled_from([b"%PDF-1.4\n", b"PK\x03\x04", b"<html>", b"\xef\xbb\xbf",
                                                        b"\xff\xfe", b"{\\rtf1"]))
def test_it_survives_files_that_start_like_a_known_type(data, name, magic):
    checked(magic + data, name)


@FAST
@given(st.text(max_size=3000), st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_it_survives_arbitrary_text(text, encoding):
    checked(text.encode(encoding, errors="ignore"), "年报.txt")


@FAST
@given(st.lists(st.integers(0, len(LINES) - 1), max_size=len(LINES)),
       st.lists(st.sampled_from(["", "0", "-3", "１２", "999999999999", "表三", "一、总体情况", "\t", "（一）", "合计", "nan"]),
                max_size=30), st.randoms(use_true_random=False))
def test_it_survives_a_real_report_cut_up_and_shuffled(picks, noise, rnd):
    lines = [LINES[i] for i in picks] + noise
    rnd.shuffle(lines)
    for i in range(0, len(lines), 7):  # and numbers changed here and there
        lines[i] = "".join(str(rnd.randint(0, 99)) if ch.isdigit() else ch for ch in lines[i])
    checked("\n".join(lines).encode("utf-8"), "年报.txt")


def test_it_reads_the_untouched_example():
    result = checked(EXAMPLE.encode("utf-8"), "年报.txt")
    assert result is not None and result.tables
