from django.core.management.base import BaseCommand, CommandError

from pingxuan.campaigns.management.commands._common import system_actor
from pingxuan.campaigns.presets import preset_path, read_yaml
from pingxuan.campaigns.validation import ConfigErrors
from pingxuan.core.errors import ServiceError


class Command(BaseCommand):
    help = "载入预设（presets/NAME.yaml 或 YAML 文件路径），建立评选活动或常态化活动；--demo 另建演示单位和用户。"

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--code", help="以另一个活动代码载入（同一预设可载入多次）")
        parser.add_argument("--demo", action="store_true", help="同时建立演示单位与各角色演示用户")
        parser.add_argument("--as", dest="actor", help="以该用户身份操作（默认：系统管理员）")

    def handle(self, name, code=None, demo=False, actor=None, **options):
        user = system_actor(actor)
        try:
            data = read_yaml(preset_path(name).read_text(encoding="utf-8"))
            if data.get("kind") == "programme":
                from pingxuan.stars.services import load_programme

                obj = load_programme(user=user, data=data, code=code, preset=preset_path(name).stem)
            else:
                from pingxuan.campaigns.services import create_campaign

                if code:
                    data["code"] = code
                obj = create_campaign(user=user, data=data, preset=preset_path(name).stem)  # type: ignore[assignment]
            if demo:
                from pingxuan.web.demo import add_demo

                for line in add_demo(obj, user=user):
                    self.stdout.write(line)
        except ConfigErrors as exc:
            raise CommandError("预设有误：\n" + "\n".join(exc.messages())) from exc
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(self.style.SUCCESS(f"已载入：{obj.name}（{obj.code}）"))
