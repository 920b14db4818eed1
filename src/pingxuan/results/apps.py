from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "pingxuan.results"
    label = "results"
    verbose_name = "评选结果"
