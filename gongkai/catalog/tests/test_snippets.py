"""Snippets rewrite whitespace only around the term, with the result of rewriting the whole text."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.catalog.search import highlight, snippet


def whole_text_snippet(text, terms, length=120):
    """The definition: collapse every whitespace run, strip, cut around the first term."""
    text = re.sub(r"\s+", " ", text or "").strip()
    found = [t for t in sorted({t for t in terms if t}, key=len, reverse=True)]
    m = re.compile("|".join(re.escape(t) for t in found), re.IGNORECASE).search(text) if found else None
    start = max(0, m.start() - length // 3) if m else 0
    end = min(len(text), start + length)
    return ("…" if start > 0 else "") + highlight(text[start:end], terms) + ("…" if end < len(text) else "")


PIECES = st.sampled_from(["宅基地", "审批", "Ab", "ab", " ", "  ", "\n", "\t\n ", "。", "x", "住房保障", "<b>", "&"])


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=300), st.lists(st.sampled_from(["宅基地", "AB", "住房", "缺席"]), max_size=2),
       st.integers(min_value=3, max_value=40))
def test_it_gives_the_whole_text_result(pieces, terms, length):
    text = "".join(pieces)
    assert snippet(text, terms, length) == whole_text_snippet(text, terms, length)


def test_it_cuts_a_long_body_around_the_first_term():
    body = "前言。\n\n" + "各乡镇人民政府要高度重视，   明确责任分工。\n" * 3000 + "关于宅基地审批的规定。" + "其他内容。" * 3000
    out = snippet(body, ["宅基地"])
    assert out.startswith("…") and out.endswith("…") and "<mark>宅基地</mark>" in out
    assert "   " not in out and "\n" not in out
    assert out == whole_text_snippet(body, ["宅基地"])
    assert snippet(body, []) == whole_text_snippet(body, [])  # no term: the beginning
    assert snippet(None, ["宅基地"]) == "" and snippet("  \n ", ["宅基地"]) == ""
