"""The ``gongkai`` command line.

Each sub-command is a module ``gongkai/cli/<name>.py`` exposing ``HELP`` (one line, Chinese),
``add_arguments(parser)`` and ``run(args) -> int``. Exit codes: 0 success, 1 the checked thing has
errors, 2 bad input (a Chinese message on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

COMMANDS = ("serve", "demo", "check", "report", "deadline", "fee", "holidays", "backup", "restore", "manage")


class CommandError(Exception):
    """Bad input: printed in Chinese, exit code 2."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own messages are English; say it in Chinese
        self.print_usage(sys.stderr)
        translated = (message.replace("the following arguments are required", "缺少必需参数")
                      .replace("unrecognized arguments", "无法识别的参数")
                      .replace("invalid choice", "无效的选项")
                      .replace("argument ", "参数 ")
                      .replace("expected one argument", "需要一个值")
                      .replace("invalid int value", "不是整数")
                      .replace("choose from", "可选"))
        self.exit(2, f"{self.prog}: 错误：{translated}\n")


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="gongkai",
        description="gongkai 政府信息公开平台命令行。",
        epilog="每个命令都有 --help。退出码：0 成功，1 检查出错误，2 输入有误。",
    )
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=ChineseArgumentParser)
    for name in COMMANDS:
        module = importlib.import_module(f"gongkai.cli.{name}")
        p = sub.add_parser(name, help=module.HELP, description=module.HELP,
                           add_help=getattr(module, "ADD_HELP", True))
        module.add_arguments(p)
        p.set_defaults(_module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    if not argv:
        parser.print_help()
        return 0
    args = parser.parse_args(argv)
    if not getattr(args, "_module", None):
        parser.print_help()
        return 2
    try:
        return int(args._module.run(args) or 0)
    except CommandError as e:
        print(f"gongkai {args.command}: 错误：{e}", file=sys.stderr)
        return e.code
    except KeyboardInterrupt:
        return 130
    except Exception as e:
        message = _database_problem(e)
        if message is None:
            raise
        print(f"gongkai {args.command}: 错误：{message}", file=sys.stderr)
        return 2


def _database_problem(error: Exception) -> str | None:
    """A Chinese message for a database that is missing its tables or unreachable; None for other errors."""
    if "django.db" not in sys.modules:
        return None
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    if not isinstance(error, DatabaseError):
        return None
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return f"无法访问数据库（{error}），请检查 GONGKAI_DATABASE_URL 与数据库服务。"
    if pending:
        return ("数据库尚未初始化（缺少数据表），请先运行 gongkai manage migrate，"
                "或运行 gongkai serve（启动时自动迁移）。")
    return None


def entry() -> None:  # pragma: no cover - console script wrapper
    sys.exit(main())
