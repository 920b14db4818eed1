from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "pingxuan.orgs"
    label = "orgs"
    verbose_name = "组织与人员"

    def ready(self):
        from . import excel, signals  # noqa: F401  (sign-in events are audited)

        excel.register_kind()  # the spreadsheet kind "orgs", first in lists and messages
