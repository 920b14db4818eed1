import time

from django.core.management.base import BaseCommand

from pingxuan.jobs.schedule import run_due


class Command(BaseCommand):
    help = "定时执行周期性工作（截止提醒、逾期视为自动放弃、审计封存）；--once 只检查一次。"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true")
        parser.add_argument("--interval", type=int, default=30, help="检查间隔（秒）")

    def handle(self, once=False, interval=30, **options):
        while True:
            for name, result in run_due().items():
                self.stdout.write(f"{name}：{result}")
            if once:
                return
            time.sleep(interval)
