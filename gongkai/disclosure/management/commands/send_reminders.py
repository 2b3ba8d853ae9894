from datetime import date

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = ("立即执行依申请公开的到期提醒（5个工作日内到期、已逾期、延期待批准）；同一天重复执行不会重复发送。"
            "每天的自动运行见 run_daily。")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按该日期执行（YYYY-MM-DD，默认今天）")

    def handle(self, *args, **options):
        from gongkai.disclosure.reminders import sweep

        on = None
        if options["date"]:
            try:
                on = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"日期“{options['date']}”格式应为 YYYY-MM-DD。") from None
        result = sweep(on)
        self.stdout.write(f"5个工作日内到期 {result['due_soon']} 件，已逾期 {result['overdue']} 件，"
                          f"延期待批准 {result['extension_pending']} 件；发出提醒邮件 {result['mails']} 封。")
