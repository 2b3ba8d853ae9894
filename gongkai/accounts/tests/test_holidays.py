"""The holiday table through the CLI: an imported year stops being provisional and moves deadlines."""

import json

from gongkai.cli import main

ARRANGEMENT_2027 = """# test arrangement (not an official notice)
year: 2027
source: 测试通知
2027-01-01..2027-01-03 放假 元旦
2027-02-05..2027-02-12 放假 春节
2027-02-14 上班 春节调休
"""


def test_it_imports_a_year_and_uses_it_for_deadlines(db, tmp_path, capsys):
    path = tmp_path / "2027.txt"
    path.write_text(ARRANGEMENT_2027, encoding="utf-8")
    assert main(["deadline", "2027-01-29", "--format", "json"]) == 0
    before = json.loads(capsys.readouterr().out)
    assert before["provisional"] is True
    # provisional rule: Mon–Fri; 20th working day after Fri 2027-01-29 → Fri 2027-02-26
    assert before["due"] == "2027-02-26"

    assert main(["holidays", "import", str(path)]) == 0
    assert "2027" in capsys.readouterr().out
    assert main(["deadline", "2027-01-29", "--format", "json"]) == 0
    after = json.loads(capsys.readouterr().out)
    # counted by hand: Feb 1–4 (1–4), Feb 5–12 off, Sun Feb 14 worked (5), Feb 15–19 (6–10),
    # Feb 22–26 (11–15), Mar 1–5 (16–20) → 2027-03-05
    assert after["provisional"] is False
    assert after["due"] == "2027-03-05"


def test_it_shows_a_year(db, capsys):
    assert main(["holidays", "show", "2026", "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    days = {d["date"]: d["workday"] for d in shown["days"]}
    # 2026 notice (domain.md §5.3): 春节 2/15–2/23 off, 2/14 and 2/28 (Saturdays) worked
    assert days["2026-02-16"] is False and days["2026-02-14"] is True and days["2026-02-28"] is True
    assert shown["provisional"] is False


def test_it_refuses_a_bad_file_with_a_chinese_message(db, tmp_path, capsys):
    path = tmp_path / "bad.txt"
    path.write_text("year: 2027\n2027-13-01 放假\n", encoding="utf-8")
    assert main(["holidays", "import", str(path)]) == 2
    assert "错误" in capsys.readouterr().err
    assert main(["holidays", "import", str(tmp_path / "missing.txt")]) == 2
    assert main(["holidays", "show", "abc"]) == 2


def test_it_replaces_a_year_when_imported_again(db, tmp_path):
    from gongkai.accounts.models import Holiday

    path = tmp_path / "a.txt"
    path.write_text(ARRANGEMENT_2027, encoding="utf-8")
    main(["holidays", "import", str(path)])
    main(["holidays", "import", str(path)])
    assert Holiday.objects.filter(date__year=2027).count() == 3 + 8 + 1
