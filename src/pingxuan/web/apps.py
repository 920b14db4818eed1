from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "pingxuan.web"
    label = "web"
    verbose_name = "界面"
