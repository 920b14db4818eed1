from django.core.management.base import BaseCommand, CommandError

from pingxuan.campaigns.config import export_config
from pingxuan.campaigns.models import Campaign
from pingxuan.campaigns.presets import dump_yaml


class Command(BaseCommand):
    help = "把评选活动的配置导出为预设 YAML（写到标准输出或 --out 文件）。"

    def add_arguments(self, parser):
        parser.add_argument("campaign", help="活动代码")
        parser.add_argument("--out", help="输出文件")

    def handle(self, campaign, out=None, **options):
        obj = Campaign.objects.filter(code=campaign).first()
        if obj is None:
            from pingxuan.stars.models import Programme

            programme = Programme.objects.filter(code=campaign).first()
            if programme is None:
                raise CommandError(f"活动“{campaign}”不存在。")
            from pingxuan.stars.services import export_programme

            text = dump_yaml(export_programme(programme))
        else:
            text = dump_yaml(export_config(obj))
        if out:
            with open(out, "w", encoding="utf-8") as fh:
                fh.write(text)
            self.stdout.write(f"已写入 {out}")
        else:
            self.stdout.write(text)
