from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "pingxuan.core"
    label = "core"
    verbose_name = "基础"

    def ready(self):
        from . import siteurl  # noqa: F401  (registers the SITE_URL checks)
