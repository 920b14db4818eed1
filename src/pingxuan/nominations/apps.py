from django.apps import AppConfig


class NominationsConfig(AppConfig):
    name = "pingxuan.nominations"
    label = "nominations"
    verbose_name = "推荐申报"
