from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pingxuan.campaigns.models import Campaign
from pingxuan.campaigns.services import load_preset
from pingxuan.core.siteurl import site_url
from pingxuan.web.demo import DEMO_PASSWORD, add_demo, ensure_admin, start_urls


class Command(BaseCommand):
    help = (
        "载入演示数据并打印各角色的登录入口：以今天为准的四个荆门评选（申报中、投票中、公示中、已审定）和十堰“一诺双评”"
        "活动，推荐单位下的基层单位和窗口，各角色演示用户；可重复运行（已有的不重建）。"
        "--preset 只载入一个预设（如 hebei-2012），保持预设原来的日期。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--preset", default="", help="只载入这个预设（例如 hebei-2012），不建今天日期的演示")
        parser.add_argument("--base", default="", help="打印的网址前缀（make run 传入 http://HOST:PORT）")
        parser.add_argument(
            "--in-production",
            action="store_true",
            help="在正式环境（PINGXUAN_PRODUCTION）中也载入演示数据：演示账号的密码是公开的，切勿用于真实活动",
        )

    def handle(self, preset, base, in_production=False, **options):
        if settings.PRODUCTION and not in_production:
            raise CommandError(
                "正式环境不载入演示数据（演示账号的密码是公开的）。请用 manage.py create_admin 创建系统管理员；"
                "确需演示时加 --in-production。"
            )
        admin = ensure_admin()
        if preset:
            campaign = Campaign.objects.filter(code=preset).first()
            if campaign is None:
                campaign = load_preset(user=admin, name=preset)
                self.stdout.write(f"已载入预设 {preset}：{campaign.name}")
            lines = add_demo(campaign, user=admin)
        else:
            from pingxuan.web.demo_world import build

            made, _programme = build(admin)
            for campaign in made:
                self.stdout.write(f"已建演示活动：{campaign.name}")
            lines = None
        base = (base or site_url()).rstrip("/")
        self.stdout.write("")
        self.stdout.write(f"评选 pingxuan 已就绪： {base}/")
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}），登录后从以下页面开始：")
        for username, role, org, path in start_urls(lines):
            self.stdout.write(f"  {username:<11} {role:<10} {base}{path}  （{org}）")
        from pingxuan.web.demo_world import citizen_urls

        for what, path in citizen_urls():
            self.stdout.write(f"  {'市民':<11} {what:<10} {base}{path}  （无需登录）")
