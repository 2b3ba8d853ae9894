"""gongkai manage feedback_reminders — the daily reminder and escalation sweep (safe to run often)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.feedback.actions import remind_items


class Command(BaseCommand):
    help = "提醒即将到期的互动事项的承办人，并将超期事项报告负责人；重复运行不会重复提醒。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按该日期检查（YYYY-MM-DD，默认今天）")

    def handle(self, *args, **options):
        on = timezone.localdate()
        if options["date"]:
            try:
                on = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"日期无效：{options['date']}（应为 YYYY-MM-DD）") from None
        result = remind_items(on=on)
        self.stdout.write(f"{on:%Y-%m-%d}：到期提醒 {result['reminded']} 件，超期报告 {result['escalated']} 件。")
