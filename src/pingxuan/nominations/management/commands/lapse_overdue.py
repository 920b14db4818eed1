from django.core.management.base import BaseCommand

from pingxuan.campaigns.management.commands.template import find_campaign
from pingxuan.nominations.services import lapse_overdue

from .send_reminders import parse_date


class Command(BaseCommand):
    help = "申报推荐阶段（含各单位延期）结束后，将未提交的草稿和退回修改的申报标记为“逾期未报（视为自动放弃）”。"

    def add_arguments(self, parser):
        parser.add_argument("campaign", help="评选活动代码")
        parser.add_argument("--date", help="按该日期计算（默认今天），如 2019-07-16")

    def handle(self, campaign, date=None, **options):
        camp = find_campaign(campaign)
        if not (camp.policies or {}).get("late_is_withdrawn", True):
            self.stdout.write(self.style.WARNING(f"“{camp.name}”未设置“逾期未报视为自动放弃”，未作处理。"))
            return
        lapsed = lapse_overdue(campaign=camp, on=parse_date(date))
        for n in lapsed:
            self.stdout.write(f"{n.unit.name}：{n}")
        self.stdout.write(self.style.SUCCESS(f"已将 {len(lapsed)} 份逾期未报的申报标记为视为自动放弃。"))
