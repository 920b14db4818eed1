"""Background jobs for spreadsheet imports and exports: `<kind>.import` and `<kind>.export` for every registered kind."""

from django.core.files.storage import default_storage

from pingxuan.core.errors import ServiceError


def _campaign(job):
    from pingxuan.campaigns import rules as campaign_rules
    from pingxuan.campaigns.models import Campaign

    pk = (job.params or {}).get("campaign") or job.campaign_id
    if not pk:
        return None
    campaign = Campaign.objects.filter(pk=pk).first()
    if campaign is None or not campaign_rules.can_view_campaign(job.user, campaign):
        raise ServiceError("未找到该评选活动。", code="not_found")
    return campaign


def run_import(job, progress):
    """Import the stored upload named in `job.params["file"]`; the counts become the job's result."""
    from . import imports

    key = job.kind.rsplit(".", 1)[0]
    name = job.params.get("file", "")
    if not name or not default_storage.exists(name):
        raise ServiceError("找不到要导入的文件，请重新上传。", field="file")
    try:
        with default_storage.open(name, "rb") as fh:
            result = imports.run_import(key, user=job.user, fileobj=fh, campaign=_campaign(job), progress=progress)
    finally:
        default_storage.delete(name)
    return result


def run_export(job, progress):
    """Build the workbook and attach it to the job for download."""
    from . import imports

    key = job.kind.rsplit(".", 1)[0]
    kind = imports.get(key)
    campaign = _campaign(job)
    progress(0, 2, "正在生成 Excel 文件")
    content = imports.run_export(key, user=job.user, campaign=campaign, params=job.params)
    progress.attach(kind.file_name(campaign), content)
    progress(2, 2, "已生成")
    return {"file": kind.file_name(campaign), "bytes": len(content)}
