from django.core.management.base import BaseCommand, CommandError

from pingxuan.campaigns.management.commands._common import system_actor
from pingxuan.core.errors import ImportRejected, ServiceError
from pingxuan.documents import imports

from .template import find_campaign

COUNT_LABELS = {"created": "新建", "updated": "更新", "unchanged": "未变", "units": "单位", "quotas": "名额条目"}


class Command(BaseCommand):
    help = (
        "从 Excel 导入：import orgs FILE [--as USERNAME]；import quotas FILE --campaign CODE。有错误时逐行列出，不导入任何数据。"
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", help="导入类型：" + "、".join(f"{k.key}（{k.label}）" for k in imports.kinds()))
        parser.add_argument("file", help="Excel 文件（.xlsx）")
        parser.add_argument("--campaign", help="评选活动代码（名额分配表等按活动的导入需要）")
        parser.add_argument("--as", dest="actor", help="以该用户身份操作（默认：系统管理员）")

    def handle(self, kind, file, campaign=None, actor=None, **options):
        try:
            spec = imports.get(kind)
            camp = find_campaign(campaign)
            if spec.needs_campaign and camp is None:
                raise CommandError(f"导入“{spec.label}”须用 --campaign 指定评选活动。")
            user = system_actor(actor)
            try:
                fh = open(file, "rb")  # noqa: SIM115 - closed below
            except OSError as exc:
                raise CommandError(f"无法打开文件“{file}”：{exc.strerror}。") from exc
            with fh:
                result = imports.run_import(kind, user=user, fileobj=fh, campaign=camp)
        except ImportRejected as exc:
            for error in exc.details:
                self.stderr.write(error["message"])
            raise CommandError(exc.message) from exc
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        counts = "，".join(f"{COUNT_LABELS[k]} {v}" for k, v in result.items() if k in COUNT_LABELS)
        if result.get("changed") is False:
            counts += "（与现有数据相同，未作修改）"
        self.stdout.write(self.style.SUCCESS(f"已导入{spec.label}：{counts}。"))
