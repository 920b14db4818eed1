import json

from django.core.management.base import BaseCommand, CommandError

from pingxuan.campaigns.models import Campaign
from pingxuan.results.selection import select
from pingxuan.results.tally import components_of, tally, tie_break_of


class Command(BaseCommand):
    help = "按活动的计分方案计算各奖项的排名（每次从原始票数与评分计算）。"

    def add_arguments(self, parser):
        parser.add_argument("campaign", help="活动代码")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, **opts):
        campaign = Campaign.objects.filter(code=opts["campaign"]).first()
        if campaign is None:
            raise CommandError(f"未找到代码为“{opts['campaign']}”的评选活动。")
        out = {
            "campaign": campaign.code,
            "components": components_of(campaign),
            "tie_break": tie_break_of(campaign),
            "categories": [],
        }
        for category in campaign.categories.order_by("sort_order", "id"):
            rows = tally(category)
            summary = select(category, rows)
            out["categories"].append(
                {"category": category.code, "name": category.name, "awards": category.awards, "selection": summary, "rows": rows}
            )
        if opts["json"]:
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
            return
        for cat in out["categories"]:
            self.stdout.write(f"{cat['name']}（{cat['category']}）")
            for r in cat["rows"]:
                parts = "  ".join(f"{k} {v:g}" for k, v in r["points"].items())
                mark = "★" if r["selected"] else " "
                self.stdout.write(f"{mark}{r['rank']:>4}  {r['total']:>8.4f}  {parts}  {r['title']}（{r['recommender']}）")
