from django.core.management.base import BaseCommand

from pingxuan.audit import anchors
from pingxuan.audit.coverage import verify_data
from pingxuan.audit.models import Anchor, AuditEvent
from pingxuan.audit.services import verify_chain


class Command(BaseCommand):
    help = (
        "重新计算审计日志哈希链，并按链中记录的摘要核对投票、评分表、审定决定、申报版本和荣誉证书的现有数据；"
        "--anchor 哈希@序号 证明链仍经过某个公布点。完整时退出码为 0，否则指出第一个出问题的事件、数据表和行。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--anchor", action="append", default=[], help="公布过的链头，格式 HASH@SEQ（可重复）")

    def handle(self, *args, **options):
        failed = False
        result = verify_chain()
        if result.ok:
            self.stdout.write(f"审计链完整：已核验 {result.checked} 个事件，{result.pending} 个待封存。")
        else:
            failed = True
            broken = result.broken
            if isinstance(broken, AuditEvent):
                where = f"事件 #{broken.pk}（序号 {broken.seq}，{broken.action} {broken.object_type}:{broken.object_id}）"
            else:
                where = f"序号 {broken}"
            self.stderr.write(f"审计链被破坏：{where}：{result.problem}。此前已核验 {result.checked} 个事件。")
        problems = verify_data()
        if problems:
            failed = True
            self.stderr.write(f"数据与审计链不符（{len(problems)} 处），第一处：{problems[0]}")
            for p in problems[1:20]:
                self.stderr.write(f"  另：{p}")
        else:
            self.stdout.write("数据与审计链记录的摘要一致。")
        for anchor in Anchor.objects.filter(seq__isnull=False).order_by("seq"):
            ok, message = anchors.check(anchor.text)
            if not ok:
                failed = True
                self.stderr.write(f"本系统保存的公布点（{anchor.get_kind_display()}）：{message}")
        for text in options["anchor"]:
            try:
                ok, message = anchors.check(text)
            except ValueError as exc:
                ok, message = False, str(exc)
            (self.stdout if ok else self.stderr).write(message)
            failed = failed or not ok
        if failed:
            raise SystemExit(1)
