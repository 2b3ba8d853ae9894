import subprocess
import sys

import pytest

from gongkai.cli import COMMANDS, main


def test_it_lists_every_command(capsys):
    from gongkai.cli import build_parser

    text = build_parser().format_help()
    for name in COMMANDS:
        assert name in text


@pytest.mark.parametrize("name", [c for c in COMMANDS if c != "manage"])
def test_it_has_help_for_each_command(name, capsys):
    with pytest.raises(SystemExit) as e:
        main([name, "--help"])
    assert e.value.code == 0
    assert capsys.readouterr().out.strip()


def test_it_answers_an_unknown_command_in_chinese(capsys):
    with pytest.raises(SystemExit) as e:
        main(["frobnicate"])
    assert e.value.code == 2
    assert "错误" in capsys.readouterr().err


def test_it_runs_as_a_module():
    r = subprocess.run([sys.executable, "-m", "gongkai", "--help"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "deadline" in r.stdout


def test_serve_gives_mail_links_the_address_it_listens_on():
    from gongkai.cli.serve import local_site_url

    assert local_site_url("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert local_site_url("0.0.0.0", 8080) == "http://localhost:8080"
    assert local_site_url("::1", 8000) == "http://[::1]:8000"
    assert local_site_url("gk.example.cn", 80) == "http://gk.example.cn:80"
