from django.core.management.base import BaseCommand, CommandError

from gongkai.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "为用户生成接口令牌；令牌只显示这一次（最后一行），数据库中只保存其摘要。"

    def add_arguments(self, parser):
        parser.add_argument("username", help="用户名")
        parser.add_argument("--name", default="", help="令牌用途说明")

    def handle(self, *args, username, name, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在或已停用。")
        token, raw = ApiToken.issue(user, name=name)
        self.stderr.write(f"已为 {user.username} 生成令牌（前缀 {token.prefix}）。请妥善保存，它不会再次显示。")
        self.stdout.write(raw)
