from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pingxuan.campaigns.models import Campaign
from pingxuan.campaigns.services import load_preset
from pingxuan.web.demo import DEMO_PASSWORD, add_demo, ensure_admin


class Command(BaseCommand):
    help = "载入演示数据（jingmen-2019 活动、推荐单位、各角色演示用户）并打印登录信息；可重复运行。"

    def add_arguments(self, parser):
        parser.add_argument("--preset", default="jingmen-2019")
        parser.add_argument(
            "--in-production",
            action="store_true",
            help="在正式环境（PINGXUAN_PRODUCTION）中也载入演示数据：演示账号的密码是公开的，切勿用于真实活动",
        )

    def handle(self, preset, in_production=False, **options):
        if settings.PRODUCTION and not in_production:
            raise CommandError(
                "正式环境不载入演示数据（演示账号的密码是公开的）。请用 manage.py create_admin 创建系统管理员；"
                "确需演示时加 --in-production。"
            )
        admin = ensure_admin()
        campaign = Campaign.objects.filter(code=preset).first()
        if campaign is None:
            campaign = load_preset(user=admin, name=preset)
            self.stdout.write(f"已载入预设 {preset}：{campaign.name}")
        lines = add_demo(campaign, user=admin)
        self.stdout.write("")
        self.stdout.write("评选 pingxuan 已就绪： http://127.0.0.1:8000")
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        self.stdout.write(f"  {'admin':<11} {'系统管理员':<12} 全部")
        for line in lines:
            self.stdout.write(line)
