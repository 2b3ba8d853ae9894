"""Every finding code the checker can emit has a Chinese name (``importers/codes.py``), and the
names table and ``docs/checks.md`` list the same codes. The codes are collected from the sources
by their literals, so a new ``Finding("x.y", …)`` without a name fails here."""

import re
from pathlib import Path

from gongkai.reports.importers.codes import FINDING_NAMES, finding_name

ROOT = Path(__file__).resolve().parents[3]
SOURCES = [ROOT / "gongkai/rules/annual_format.py", ROOT / "gongkai/rules/narrative.py", *sorted((ROOT / "gongkai/reports/importers").glob("*.py"))]
LITERAL = re.compile(r"""(?:Finding\(\s*|\bcode\s*=\s*|["']code["']\s*:\s*)["']([a-z_]+(?:\.[a-z_]+)*)["']""")


def emitted_codes() -> set[str]:
    codes: set[str] = set()
    for path in SOURCES:
        if path.name == "codes.py":
            continue
        text = path.read_text(encoding="utf-8")
        found = set(LITERAL.findall(text))
        # _sum_check reports ``f"{code}.not_assessable"`` for each code it is given
        if 'f"{code}.not_assessable"' in text:
            found |= {f"{c}.not_assessable" for c in re.findall(r'\bcode="([a-z_.]+)"', text)}
        codes |= found
    return codes


def test_the_grep_finds_the_codes_it_should():
    """The collector itself: codes written each way in the sources (checked by hand)."""
    codes = emitted_codes()
    assert {"section.missing", "format.outdated", "text.truncated", "carry_chain",
            "applications.row_total", "applications.row_total.not_assessable",
            "applications.balance.not_assessable", "appeals.row_total.not_assessable"} <= codes
    assert len(codes) >= 40


def test_every_code_the_checker_emits_has_a_chinese_name():
    missing = sorted(emitted_codes() - set(FINDING_NAMES))
    assert not missing, f"没有中文名的代码：{missing}"
    assert all(re.search(r"[\u4e00-\u9fff]", name) for name in FINDING_NAMES.values())


def test_the_names_and_the_documentation_list_the_same_codes():
    doc = (ROOT / "docs/checks.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_.]+)` \|", doc, re.M))
    assert documented == set(FINDING_NAMES)
    assert set(FINDING_NAMES) <= emitted_codes()  # no name for a code nothing emits


def test_an_unknown_code_is_shown_as_it_is():
    assert finding_name("table.blank") == "统计表空白"
    assert finding_name("some.future_code") == "some.future_code"
