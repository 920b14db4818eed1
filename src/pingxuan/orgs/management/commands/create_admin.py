"""Create the first system administrator of a new installation: asks for the password twice (checked by the
password rules), or prints a one-time set-up link with --link. Never a known password."""

import getpass

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from pingxuan.audit.services import record
from pingxuan.core.errors import ServiceError
from pingxuan.orgs import accounts
from pingxuan.orgs.models import User


class Command(BaseCommand):
    help = "创建系统管理员账号：交互输入密码（须符合密码规则），或用 --link 打印一次性的设置密码链接。"

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin", help="用户名（默认 admin）")
        parser.add_argument("--name", default="系统管理员", help="姓名")
        parser.add_argument("--email", default="", help="电子邮箱")
        parser.add_argument("--phone", default="", help="手机号码")
        parser.add_argument(
            "--link", action="store_true", help="不输入密码，打印一次性设置密码链接（有效期见 PASSWORD_RESET_TIMEOUT）"
        )

    def handle(self, username, name, email, phone, link, **options):
        if User.objects.filter(username=username).exists():
            raise CommandError(f"用户名“{username}”已存在。")
        user = User(username=username, display_name=name, email=email, phone=phone, is_staff=True, is_superuser=True)
        if link:
            user.set_unusable_password()
        else:
            password = self._ask_password(user)
            user.set_password(password)
        with transaction.atomic():
            user.save()
            record(
                actor="manage.py create_admin", action="user.create_admin", obj=user, after={"username": username, "link": link}
            )
        if link:
            uid = urlsafe_base64_encode(force_bytes(user.pk))
            path = reverse("account-setup-link", args=[uid, default_token_generator.make_token(user)])
            hours = settings.PASSWORD_RESET_TIMEOUT // 3600
            self.stdout.write(f"已创建系统管理员 {username}。请在 {hours} 小时内打开以下链接设置密码（只能使用一次）：")
            self.stdout.write(f"  {settings.SITE_URL}{path}")
        else:
            self.stdout.write(f"已创建系统管理员 {username}。")
        if settings.REQUIRE_STAFF_2FA:
            self.stdout.write("首次登录时须绑定手机验证器（两步验证）。")

    def _ask_password(self, user):
        for _ in range(3):
            first = getpass.getpass("密码：")
            second = getpass.getpass("再次输入密码：")
            if first != second:
                self.stderr.write("两次输入的密码不一致。")
                continue
            try:
                accounts.check_password_rules(first, user)
            except ServiceError as exc:
                self.stderr.write(exc.message)
                continue
            return first
        raise CommandError("未能设置符合要求的密码，账号未创建。")
