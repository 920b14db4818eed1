from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "pingxuan.api"
    label = "api"
    verbose_name = "接口"
