from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "pingxuan.results"
    label = "results"
    verbose_name = "评选结果"

    def ready(self):
        from pingxuan.campaigns.services import CONFIG_EDIT_CHECKS
        from pingxuan.nominations.services import WINNER_DISQUALIFIED
        from pingxuan.voting.ballots import DECIDED

        from .amendments import check_edit
        from .models import Decision
        from .services import winner_disqualified

        WINNER_DISQUALIFIED.register(winner_disqualified)
        CONFIG_EDIT_CHECKS.register(check_edit)
        DECIDED.register(lambda campaign: Decision.objects.filter(campaign=campaign).exists() or None)
