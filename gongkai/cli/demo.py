"""gongkai demo — create (or complete) the demo data. Safe to run again."""

HELP = "创建演示数据（互助县人民政府及其部门、各岗位人员、指南等）；可重复运行。"


def add_arguments(parser):
    parser.add_argument("--no-migrate", action="store_true", help="不先执行数据库迁移")


def run(args):
    from gongkai.cli import setup_django

    setup_django()
    from django.core.management import call_command

    from gongkai.demo import load, print_logins

    if not args.no_migrate:
        call_command("migrate", interactive=False, verbosity=0)
    load()
    print("演示数据已就绪。")
    print_logins()
    return 0
