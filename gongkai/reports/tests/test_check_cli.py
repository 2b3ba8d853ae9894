"""``gongkai check``: exit codes, text and JSON output, several files, --previous. Runs without
Django setup (the command must not need a database)."""

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.cli import main
from gongkai.reports.tests.generate import render_text, report_a

CORPUS = Path(__file__).parent / "corpus"
EXAMPLE = str(CORPUS / "000_22ace0d495ac63ac.txt")


@pytest.fixture
def clean_report(tmp_path):
    path = tmp_path / "clean.txt"
    path.write_text(render_text(report_a())[0], encoding="utf-8")
    return str(path)


def test_it_exits_1_on_the_example_and_prints_the_findings(capsys):
    assert main(["check", EXAMPLE]) == 1
    out = capsys.readouterr().out
    assert "互助县自然资源局" in out and "2024" in out
    assert "section.missing" in out and "table.blank" in out
    assert "二✗" in out
    # each finding by its Chinese name, its code beside it
    assert "[错误] 缺少部分（section.missing" in out and "[错误] 统计表空白（table.blank" in out


def test_it_prints_one_json_object_with_the_spec_keys(capsys):
    assert main(["check", EXAMPLE, "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"file", "agency", "year", "format", "published_on", "sections", "tables", "findings"}
    assert data["format"] == "2021" and data["published_on"] == "2025-01-13"
    assert data["tables"]["appeals"]["reconsideration"]["total"] == 10
    assert data["tables"]["appeals"]["reconsideration"]["corrected"] is None
    assert all(set(f) == {"code", "name", "severity", "message", "location"} for f in data["findings"])
    assert {f["code"]: f["name"] for f in data["findings"]}["table.blank"] == "统计表空白"


def test_it_exits_0_on_a_clean_report(clean_report, capsys):
    assert main(["check", clean_report]) == 0
    assert "没有发现问题" in capsys.readouterr().out


def test_it_prints_a_json_list_for_several_files(clean_report, capsys):
    assert main(["check", clean_report, EXAMPLE, "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, list) and len(data) == 2
    assert data[0]["agency"] == "某县市场监督管理局"


def test_it_exits_2_on_a_file_that_is_not_a_report(clean_report, capsys):
    assert main(["check", clean_report, str(CORPUS / "random_page.html"), "--format", "json"]) == 2
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert "不像一份年度报告" in data[1]["error"]
    assert "不像一份年度报告" in captured.err


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02\xff" * 100])
def test_it_exits_2_without_a_traceback_on_empty_or_binary_input(tmp_path, capsys, content):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.startswith("gongkai check: ") and "文件" in err


def test_it_exits_2_on_a_missing_file(capsys):
    assert main(["check", "/nonexistent/report.pdf"]) == 2
    assert "找不到文件" in capsys.readouterr().err


def test_it_checks_the_carry_chain_with_previous(tmp_path, capsys):
    prev = tmp_path / "2022.txt"
    tables = report_a().tables
    tables["applications"]["carried_out"]["natural_person"] = 5
    tables["applications"]["carried_out"]["total"] = 5
    prev.write_text(render_text(report_a(year=2022, tables=tables, published_on=dt.date(2023, 1, 5)))[0],
                    encoding="utf-8")
    now = tmp_path / "2023.txt"
    now.write_text(render_text(report_a())[0], encoding="utf-8")
    assert main(["check", str(now), "--previous", str(prev), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert {f["code"] for f in data["findings"]} >= {"carry_chain"}


def test_it_exits_2_when_the_previous_report_cannot_be_read(clean_report, tmp_path, capsys):
    bad = tmp_path / "prev.txt"
    bad.write_bytes(b"")
    assert main(["check", clean_report, "--previous", str(bad)]) == 2
    assert "上年报告" in capsys.readouterr().err


def test_it_needs_a_file(capsys):
    with pytest.raises(SystemExit) as e:
        main(["check"])
    assert e.value.code == 2
    assert "缺少必需参数" in capsys.readouterr().err


def test_it_runs_as_a_command_without_django_setup(tmp_path):
    code = ("import sys; from gongkai.cli import main; rc = main(['check', %r, '--format', 'json']);"
            "m = sys.modules.get('django.apps'); assert m is None or not m.apps.ready;"
            "sys.exit(rc)" % EXAMPLE)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[3])
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["agency"] == "互助县自然资源局"


def test_it_keeps_django_out_of_the_importers():
    root = Path(__file__).resolve().parents[1] / "importers"
    for path in root.glob("*.py"):
        assert "django" not in path.read_text(encoding="utf-8"), path
