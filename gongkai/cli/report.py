"""gongkai report — placeholder until its issue lands."""

from gongkai.cli import CommandError

HELP = "（尚未实现）"


def add_arguments(parser):
    pass


def run(args):
    raise CommandError("该命令尚未实现。")
