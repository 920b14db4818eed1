import datetime

from django.core.management.base import BaseCommand, CommandError

from pingxuan.campaigns.management.commands.template import find_campaign
from pingxuan.nominations.reminders import send_reminders


def parse_date(value):
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"日期“{value}”格式不对，应为 2019-07-15 这样的日期。") from exc


class Command(BaseCommand):
    help = "向申报截止前仍有草稿、退回修改或尚未提交申报的推荐单位经办人发送截止提醒（每个单位每天至多一次）。"

    def add_arguments(self, parser):
        parser.add_argument("campaign", help="评选活动代码")
        parser.add_argument("--date", help="按该日期计算（默认今天），如 2019-07-08")

    def handle(self, campaign, date=None, **options):
        camp = find_campaign(campaign)
        sent = send_reminders(camp, on=parse_date(date))
        for item in sent:
            names = "、".join(p.get_username() for p in item["recipients"]) or "（无经办人）"
            self.stdout.write(f"{item['unit'].name}：距截止 {item['days_left']} 天，已提醒 {names}")
        self.stdout.write(self.style.SUCCESS(f"已向 {len(sent)} 个单位发送截止提醒。"))
