"""gongkai fee — values hand-checked in gongkai/rules/tests/test_fees.py (domain.md §3.3)."""

import json

import pytest

from gongkai.cli import main


@pytest.mark.parametrize("argv, method, amount", [
    (["--per-piece", "10"], "per_piece", 0),
    (["--per-piece", "11"], "per_piece", 100),
    (["--per-piece", "41"], "per_piece", 300),
    (["--per-volume", "30"], "per_volume", 0),
    (["--per-volume", "150"], "per_volume", 1700),
    (["--per-volume", "250"], "per_volume", 4700),
])
def test_it_prints_the_fee_as_json(capsys, argv, method, amount):
    assert main(["fee", *argv, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"method": method, "amount_yuan": amount}


def test_it_prints_the_fee_in_chinese(capsys):
    assert main(["fee", "--per-piece", "31"]) == 0
    assert "本自然月内第31件申请，信息处理费 200 元" in capsys.readouterr().out
    assert main(["fee", "--per-volume", "100"]) == 0
    assert "100页，信息处理费 700 元" in capsys.readouterr().out


@pytest.mark.parametrize("argv, message", [
    ([], "其中之一"),
    (["--per-piece", "3", "--per-volume", "40"], "其中之一"),
    (["--per-piece", "0"], "应为正整数"),
    (["--per-volume", "-5"], "应为正整数"),
    (["--per-volume", "十页"], "应为正整数"),
])
def test_it_refuses_bad_input_with_exit_2(capsys, argv, message):
    assert main(["fee", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err
