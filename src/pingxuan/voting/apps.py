from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "pingxuan.voting"
    label = "voting"
    verbose_name = "投票"

    def ready(self):
        from . import (
            analysis,  # noqa: F401  (registers the fraud analysis job)
            ballots,
            logs,  # noqa: F401  (registers the vote-log analysis job)
            signals,
            watch,  # noqa: F401  (registers the continuous analysis duty)
        )

        ballots.register_kinds()
        signals.connect()
