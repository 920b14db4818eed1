from django.apps import AppConfig


class JudgingConfig(AppConfig):
    name = "pingxuan.judging"
    label = "judging"
    verbose_name = "初审与专家评审"

    def ready(self):
        from .excel import register_kind

        register_kind()
