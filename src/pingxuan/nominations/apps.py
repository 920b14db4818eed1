from django.apps import AppConfig


class NominationsConfig(AppConfig):
    name = "pingxuan.nominations"
    label = "nominations"
    verbose_name = "推荐申报"

    def ready(self):
        from . import paper  # noqa: F401  (registers the nominations.print_all job handler)
        from .importer import register_kind

        register_kind()
