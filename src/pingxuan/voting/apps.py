from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "pingxuan.voting"
    label = "voting"
    verbose_name = "投票"
