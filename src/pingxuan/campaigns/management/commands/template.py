from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pingxuan.core.errors import ServiceError
from pingxuan.documents import imports


def find_campaign(code):
    from pingxuan.campaigns.models import Campaign

    if not code:
        return None
    campaign = Campaign.objects.filter(code=code).first()
    if campaign is None:
        raise CommandError(f"评选活动“{code}”不存在。")
    return campaign


class Command(BaseCommand):
    help = "生成导入模板（Excel）：template orgs [--out FILE]；template quotas --campaign CODE [--out FILE]。"

    def add_arguments(self, parser):
        parser.add_argument("kind", help="导入类型：" + "、".join(f"{k.key}（{k.label}）" for k in imports.kinds()))
        parser.add_argument("--campaign", help="评选活动代码（名额分配表等按活动的模板需要）")
        parser.add_argument("--out", help="输出文件（默认：当前目录下的“<类型>-模板.xlsx”）")

    def handle(self, kind, campaign=None, out=None, **options):
        try:
            spec = imports.get(kind)
            camp = find_campaign(campaign)
            if spec.needs_campaign and camp is None:
                raise CommandError(f"生成“{spec.label}”模板须用 --campaign 指定评选活动。")
            content = imports.make_template(kind, campaign=camp)
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        path = Path(out or spec.file_name(camp, "模板"))
        path.write_bytes(content)
        self.stdout.write(self.style.SUCCESS(f"已生成{spec.label}模板：{path}"))
