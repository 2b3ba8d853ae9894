"""gongkai manage ARGS… — any Django management command."""

import argparse

HELP = "运行任意 Django 管理命令，如 migrate、createsuperuser --noinput、create_api_token 用户名。"
ADD_HELP = False


def add_arguments(parser):
    parser.add_argument("args", nargs=argparse.REMAINDER, help="管理命令及其参数")


def run(args):
    from django.core.management import execute_from_command_line

    from gongkai.cli import setup_django

    setup_django()
    argv = ["gongkai manage", *(args.args or ["help"])]
    execute_from_command_line(argv)
    return 0
