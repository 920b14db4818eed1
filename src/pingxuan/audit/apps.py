from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "pingxuan.audit"
    label = "audit"
    verbose_name = "审计日志"

    def ready(self):
        from . import anchors  # noqa: F401  (registers the daily anchor duty)
