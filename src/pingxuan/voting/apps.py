from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "pingxuan.voting"
    label = "voting"
    verbose_name = "投票"

    def ready(self):
        from . import (
            analysis,  # noqa: F401  (registers the fraud analysis job)
            ballots,
            signals,
        )

        ballots.register_kinds()
        signals.connect()
