"""python manage.py print_forms CAMPAIGN --out DIR: every category's blank form as DOCX and PDF."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pingxuan.campaigns.models import Campaign
from pingxuan.core.errors import ServiceError
from pingxuan.nominations.paper import blank_form_docx, blank_form_pdf
from pingxuan.nominations.paper.jobs import safe_name


class Command(BaseCommand):
    help = "把评选活动每个奖项的空白申报表输出为 DOCX 和 PDF。"

    def add_arguments(self, parser):
        parser.add_argument("campaign", help="评选活动代码，如 hebei-2012")
        parser.add_argument("--out", required=True, help="输出目录（不存在时自动建立）")
        parser.add_argument("--format", choices=["docx", "pdf", "both"], default="both", help="输出格式，默认两种都输出")

    def handle(self, *args, campaign, out, format, **options):
        found = Campaign.objects.filter(code=campaign).first()
        if found is None:
            codes = "、".join(Campaign.objects.order_by("code").values_list("code", flat=True)) or "（无）"
            raise CommandError(f"评选活动“{campaign}”不存在。现有活动：{codes}")
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        formats = ["docx", "pdf"] if format == "both" else [format]
        written = []
        for category in found.categories.all().order_by("sort_order", "id"):
            stem = f"{category.code}-{safe_name(category.form.get('title') or category.name)}"
            try:
                if "docx" in formats:
                    (folder / f"{stem}.docx").write_bytes(blank_form_docx(category))
                    written.append(f"{stem}.docx")
                if "pdf" in formats:
                    (folder / f"{stem}.pdf").write_bytes(blank_form_pdf(category))
                    written.append(f"{stem}.pdf")
            except ServiceError as exc:
                raise CommandError(exc.message) from exc
        for name in written:
            self.stdout.write(f"  {name}")
        self.stdout.write(self.style.SUCCESS(f"已输出 {len(written)} 个文件到 {folder}"))
