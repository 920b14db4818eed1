from django.core.management.base import BaseCommand

from pingxuan.audit.services import seal_pending


class Command(BaseCommand):
    help = "把尚未封存的审计事件链入哈希链。"

    def handle(self, *args, **options):
        self.stdout.write(f"已封存 {seal_pending()} 个事件。")
