from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "pingxuan.jobs"
    label = "jobs"
    verbose_name = "后台任务"

    def ready(self):
        from . import schedule  # noqa: F401  (registers the audit sealing duty)
