"""gongkai deadline — expected dates hand-checked in gongkai/rules/tests/test_clock.py (domain.md §5)."""

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from gongkai.cli import deadline, main
from gongkai.rules.calendar import WorkCalendar

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def official_calendar(monkeypatch):
    """The official calendar alone: these tests do not touch the database."""
    monkeypatch.setattr(deadline, "load_calendar", WorkCalendar)


def run_json(capsys, *argv):
    assert main(["deadline", *argv, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_it_prints_the_due_dates_as_json(capsys):
    assert run_json(capsys, "2025-01-20") == {
        "received": "2025-01-20",
        "correction_notice_due": "2025-02-05",
        "due": "2025-02-21",
        "provisional": False,
    }


def test_it_prints_the_due_dates_in_chinese(capsys):
    assert main(["deadline", "2025-01-20"]) == 0
    out = capsys.readouterr().out
    assert "收到申请日期：2025-01-20（星期一，当日不计入）" in out
    assert "补正告知期限：2025-02-05（星期三" in out
    assert "答复期限：2025-02-21（星期五" in out
    assert "暂定" not in out


def test_it_extends_the_reply_period(capsys):
    assert run_json(capsys, "2025-01-20", "--extend", "20")["due"] == "2025-03-21"


def test_it_skips_paused_days(capsys):
    # 2025-06-03: 7/1 without the pause; 3 working days 6/16–6/18 held → 7/4.
    assert run_json(capsys, "2025-06-03", "--pause", "2025-06-16:2025-06-18")["due"] == "2025-07-04"
    # two pauses, one as a fee pause: 6/16–18 and 6/23 (Mon) → 4 working days held → 7/7.
    result = run_json(capsys, "2025-06-03", "--pause", "2025-06-16:2025-06-18", "--pause", "2025-06-23:2025-06-23:fee")
    assert result["due"] == "2025-07-07"


def test_it_has_no_due_date_while_a_pause_is_open(capsys):
    assert run_json(capsys, "2025-06-03", "--pause", "2025-06-16:")["due"] is None
    assert main(["deadline", "2025-06-03", "--pause", "2025-06-16:"]) == 0
    assert "暂停计算中，暂不能确定（已计8个工作日，共20个）" in capsys.readouterr().out


def test_it_restarts_after_a_correction(capsys):
    result = run_json(capsys, "2025-03-03", "--correction-received", "2025-04-02")
    assert result == {"received": "2025-04-02", "correction_notice_due": "2025-03-12",
                      "due": "2025-04-30", "provisional": False}


def test_it_explains_each_day(capsys):
    days = run_json(capsys, "2025-01-20", "--explain")["days"]
    assert days[0] == {"date": "2025-01-21", "counted": True, "ordinal": 1, "reason": "工作日"}
    assert days[5] == {"date": "2025-01-26", "counted": True, "ordinal": 5, "reason": "调休上班日（春节）"}
    assert days[7] == {"date": "2025-01-28", "counted": False, "ordinal": None, "reason": "法定节假日（春节）"}
    assert days[-1]["date"] == "2025-02-21" and days[-1]["ordinal"] == 20
    assert main(["deadline", "2025-01-20", "--explain"]) == 0
    assert "2025-01-26 星期日  第 5个工作日  调休上班日（春节）" in capsys.readouterr().out


def test_it_warns_that_an_unknown_year_is_provisional(capsys):
    assert run_json(capsys, "2026-12-20") == {"received": "2026-12-20", "correction_notice_due": "2026-12-29",
                                              "due": "2027-01-18", "provisional": True}
    assert main(["deadline", "2026-12-20"]) == 0
    out = capsys.readouterr().out
    assert "2027年尚无官方节假日安排" in out and "暂定" in out


@pytest.mark.parametrize("argv, message", [
    (["2025-02-30"], "收到申请日期“2025-02-30”无效"),
    (["20250120"], "收到申请日期“20250120”无效"),
    (["2025-01-20", "--extend", "21"], "最长不得超过20个工作日"),
    (["2025-01-20", "--extend", "0"], "应为1—20"),
    (["2025-01-20", "--extend", "十"], "应为1—20的整数"),
    (["2025-01-20", "--pause", "2025-02-10"], "格式应为 起:止"),
    (["2025-01-20", "--pause", "2025-02-12:2025-02-10"], "结束日期早于开始日期"),
    (["2025-01-20", "--pause", "2025-02-10:2025-02-12:lunch"], "暂停类型“lunch”无效"),
    (["2025-01-20", "--pause", "2025-01-10:2025-01-12"], "早于收到申请日期"),
    (["2025-01-20", "--correction-received", "2025-01-19"], "不能早于收到申请日期"),
])
def test_it_refuses_bad_input_with_exit_2_and_a_chinese_message(capsys, argv, message):
    assert main(["deadline", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err
    assert "Traceback" not in captured.err


def test_it_uses_the_database_calendar_when_there_is_one(monkeypatch, capsys):
    monkeypatch.undo()  # the real load_calendar
    import gongkai.accounts.holidays as holidays

    # The agency enters 2025-02-10 (Mon) as a local holiday: 2/10 no longer n=11, so the 20th
    # working day moves from 2/21 to the next working day, 2/24 (Mon).
    local = WorkCalendar(overrides={date(2025, 2, 10): False}, names={date(2025, 2, 10): "地方节日"})
    monkeypatch.setattr(holidays, "current_calendar", lambda: local)
    assert run_json(capsys, "2025-01-20")["due"] == "2025-02-24"


def test_it_falls_back_with_a_warning_when_the_database_fails(monkeypatch, capsys):
    monkeypatch.undo()
    import gongkai.accounts.holidays as holidays

    def broken():
        raise RuntimeError("数据库不可用")

    monkeypatch.setattr(holidays, "current_calendar", broken)
    assert main(["deadline", "2025-01-20", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["due"] == "2025-02-21"
    assert "无法读取节假日表（数据库不可用）" in captured.err


def test_it_runs_as_a_command():
    done = subprocess.run([sys.executable, "-m", "gongkai", "deadline", "2025-01-20", "--format", "json"],
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"received": "2025-01-20", "correction_notice_due": "2025-02-05",
                                       "due": "2025-02-21", "provisional": False}
