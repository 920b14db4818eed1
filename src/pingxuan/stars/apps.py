from django.apps import AppConfig


class StarsConfig(AppConfig):
    name = "pingxuan.stars"
    label = "stars"
    verbose_name = "承诺与星级"

    def ready(self):
        from pingxuan.nominations.eligibility import PROGRAMME_FACTS

        from . import complaints  # noqa: F401  (registers the periodic notice duty)
        from .facts import facts

        PROGRAMME_FACTS.register(facts)
