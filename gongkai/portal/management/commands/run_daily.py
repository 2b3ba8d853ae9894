from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "立即运行每日任务（期限提醒、互动督办、订阅通知）；可重复运行，不会重复发送。"

    def add_arguments(self, parser):
        parser.add_argument("--schedule", action="store_true", help="同时确保后台任务队列中已排好下一次每日运行")

    def handle(self, *args, schedule=False, **options):
        from gongkai.portal.tasks import ensure_scheduled, run_jobs

        for name, result in run_jobs().items():
            self.stdout.write(f"{name}：{result}")
        if schedule:
            self.stdout.write("已排入下一次每日运行。" if ensure_scheduled() else "下一次每日运行已在队列中。")
