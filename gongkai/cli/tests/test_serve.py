"""``gongkai serve`` never opens a production site with the demo's published password (issue 15, item 8)."""

from argparse import Namespace

from gongkai.cli.serve import demo_on_start


def args(**kw):
    return Namespace(**{"demo": False, "no_demo": False, **kw})


def test_an_embedded_first_run_loads_the_demo_and_a_later_one_does_not():
    assert demo_on_start(args(), first_run=True, production=False) == (True, None)
    assert demo_on_start(args(), first_run=False, production=False) == (False, None)
    assert demo_on_start(args(no_demo=True), first_run=True, production=False) == (False, None)


def test_production_loads_no_demo_unless_asked_and_then_warns():
    load, message = demo_on_start(args(), first_run=True, production=True)
    assert load is False and "未载入演示数据" in message and "createsuperuser" in message
    load, message = demo_on_start(args(demo=True), first_run=True, production=True)
    assert load is True and message.startswith("警告：") and "密码是公开的" in message
    assert demo_on_start(args(demo=True, no_demo=True), first_run=True, production=True) == (False, None)
