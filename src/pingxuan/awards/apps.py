from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "pingxuan.awards"
    label = "awards"
    verbose_name = "命名表彰"

    def ready(self):
        from pingxuan.results.services import REVOKE_CERTIFICATES

        from . import jobs  # noqa: F401  (registers the certificate and case-collection jobs)
        from .services import revoke_for_disqualification

        REVOKE_CERTIFICATES.register(revoke_for_disqualification)
