from django.core.management.base import BaseCommand

from pingxuan.audit.models import AuditEvent
from pingxuan.audit.services import verify_chain


class Command(BaseCommand):
    help = "重新计算审计日志哈希链：完整时退出码为 0，否则指出第一个被破坏的事件。"

    def handle(self, *args, **options):
        result = verify_chain()
        if result.ok:
            self.stdout.write(f"审计链完整：已核验 {result.checked} 个事件，{result.pending} 个待封存。")
            return
        broken = result.broken
        if isinstance(broken, AuditEvent):
            where = f"事件 #{broken.pk}（序号 {broken.seq}，{broken.action} {broken.object_type}:{broken.object_id}）"
        else:
            where = f"序号 {broken}"
        self.stderr.write(f"审计链被破坏：{where}：{result.problem}。此前已核验 {result.checked} 个事件。")
        raise SystemExit(1)
