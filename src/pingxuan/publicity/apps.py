from django.apps import AppConfig


class PublicityConfig(AppConfig):
    name = "pingxuan.publicity"
    label = "publicity"
    verbose_name = "公示与异议"

    def ready(self):
        from . import publishing  # noqa: F401  (registers the periodic finalising duty)
