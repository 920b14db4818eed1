from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "pingxuan.jobs"
    label = "jobs"
    verbose_name = "后台任务"
