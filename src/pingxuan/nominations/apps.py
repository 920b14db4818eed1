from django.apps import AppConfig


class NominationsConfig(AppConfig):
    name = "pingxuan.nominations"
    label = "nominations"
    verbose_name = "推荐申报"

    def ready(self):
        from . import paper, periodic  # noqa: F401  (register the print job handler and the daily duties)
        from .importer import register_kind

        register_kind()
