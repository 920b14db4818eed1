from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "pingxuan.core"
    label = "core"
    verbose_name = "基础"
