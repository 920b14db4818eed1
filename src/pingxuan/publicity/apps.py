from django.apps import AppConfig


class PublicityConfig(AppConfig):
    name = "pingxuan.publicity"
    label = "publicity"
    verbose_name = "公示与异议"

    def ready(self):
        from pingxuan.results.services import DECISION_CHECKS

        from . import publishing  # registers the periodic finalising duty

        DECISION_CHECKS.register(publishing.decision_items)
