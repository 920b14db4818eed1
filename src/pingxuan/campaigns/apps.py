from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "pingxuan.campaigns"
    label = "campaigns"
    verbose_name = "评选活动"

    def ready(self):
        from pingxuan.documents.imports import JOB_CAMPAIGN
        from pingxuan.orgs.views import GRANT_CAMPAIGNS

        from . import quota_excel, rules

        quota_excel.register_kind()  # the spreadsheet kind "quotas", after "orgs"
        JOB_CAMPAIGN.register(quota_excel.job_campaign)
        GRANT_CAMPAIGNS.register(rules.visible_campaigns)
