from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "pingxuan.voting"
    label = "voting"
    verbose_name = "投票"

    def ready(self):
        from . import (
            analysis,  # noqa: F401  (registers the fraud analysis job)
            ballots,
            digest,  # noqa: F401  (registers the sealed vote batches duty)
            logs,  # noqa: F401  (registers the vote-log analysis job)
            signals,
            tally_proof,  # noqa: F401  (registers publishing the tally at the close of voting)
            watch,  # noqa: F401  (registers the continuous analysis duty)
        )

        ballots.register_kinds()
        signals.connect()
