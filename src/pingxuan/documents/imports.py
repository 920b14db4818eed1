"""A registry of spreadsheet import kinds (组织机构, 名额分配表, later 申报, 评分, 选票…).

Each kind registers a template builder, an importer and optionally an exporter; the `template` and `import`
commands, the background jobs `<kind>.import` / `<kind>.export` and the web pages all go through here, so a new
kind plugs in with one `register(...)` call made at start-up (from an AppConfig.ready).

    importer(*, user, fileobj, campaign=None, progress=None) -> dict      # raises ImportRejected / ServiceError
    template(*, campaign=None) -> bytes
    exporter(*, user, campaign=None, params=None) -> bytes
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from pingxuan.core.errors import ServiceError
from pingxuan.core.hooks import Hook


@dataclass(frozen=True)
class ImportKind:
    key: str
    label: str
    template: Callable
    importer: Callable
    exporter: Callable | None = None
    needs_campaign: bool = False
    filename: str = ""

    def file_name(self, campaign=None, suffix=""):
        base = self.filename or self.label
        prefix = f"{campaign.code}-" if campaign is not None else ""
        return f"{prefix}{base}{suffix}.xlsx"


KINDS = {}
# The campaign a job names, if the job's user may see it: fn(user, pk) -> Campaign | None (the campaigns area answers).
JOB_CAMPAIGN = Hook("the campaign of an import or export job")


def register(key, *, template, importer, label, exporter=None, needs_campaign=False, filename=""):
    """Make a kind available to the commands, the pages and the background jobs `<key>.import` / `<key>.export`."""
    from pingxuan.jobs.services import handler

    KINDS[key] = ImportKind(key, label, template, importer, exporter, needs_campaign, filename)
    handler(f"{key}.import")(import_job)
    if exporter is not None:
        handler(f"{key}.export")(export_job)
    return KINDS[key]


def get(key):
    kind = KINDS.get(key)
    if kind is None:
        choices = "、".join(f"{k}（{v.label}）" for k, v in KINDS.items())
        raise ServiceError(f"未知的导入类型“{key}”，可选：{choices}。", field="kind")
    return kind


def kinds():
    return list(KINDS.values())


def _need_campaign(kind, campaign):
    if kind.needs_campaign and campaign is None:
        raise ServiceError(f"导入“{kind.label}”须指定评选活动。", field="campaign")


def make_template(key, *, campaign=None):
    kind = get(key)
    _need_campaign(kind, campaign)
    return kind.template(campaign=campaign)


def run_import(key, *, user, fileobj, campaign=None, progress=None):
    kind = get(key)
    _need_campaign(kind, campaign)
    return kind.importer(user=user, fileobj=fileobj, campaign=campaign, progress=progress)


def run_export(key, *, user, campaign=None, params=None):
    kind = get(key)
    if kind.exporter is None:
        raise ServiceError(f"“{kind.label}”不支持导出。", field="kind")
    _need_campaign(kind, campaign)
    return kind.exporter(user=user, campaign=campaign, params=params or {})


def start_import_job(*, user, key, upload, campaign=None):
    """Keep the uploaded file and run the import in the background; the job's result holds the counts or errors."""
    from pingxuan.jobs.services import start_job

    kind = get(key)
    _need_campaign(kind, campaign)
    name = default_storage.save(f"imports/{uuid.uuid4().hex}.xlsx", ContentFile(upload.read()))
    params = {"file": name, "original_name": getattr(upload, "name", "") or ""}
    if campaign is not None:
        params["campaign"] = campaign.pk
    return start_job(user=user, kind=f"{key}.import", title=f"导入{kind.label}", params=params, campaign=campaign)


def start_export_job(*, user, key, campaign=None, params=None):
    from pingxuan.jobs.services import start_job

    kind = get(key)
    if kind.exporter is None:
        raise ServiceError(f"“{kind.label}”不支持导出。", field="kind")
    _need_campaign(kind, campaign)
    params = dict(params or {})
    if campaign is not None:
        params["campaign"] = campaign.pk
    return start_job(user=user, kind=f"{key}.export", title=f"导出{kind.label}", params=params, campaign=campaign)


# Background jobs `<kind>.import` and `<kind>.export` for every registered kind.


def _campaign(job):
    pk = (job.params or {}).get("campaign") or job.campaign_id
    if not pk:
        return None
    campaign = JOB_CAMPAIGN.first(job.user, pk)
    if campaign is None:
        raise ServiceError("未找到该评选活动。", code="not_found")
    return campaign


def import_job(job, progress):
    """The background job `<kind>.import`: import the stored upload named in `job.params["file"]`; the counts become
    the job's result."""
    key = job.kind.rsplit(".", 1)[0]
    name = job.params.get("file", "")
    if not name or not default_storage.exists(name):
        raise ServiceError("找不到要导入的文件，请重新上传。", field="file")
    try:
        with default_storage.open(name, "rb") as fh:
            result = run_import(key, user=job.user, fileobj=fh, campaign=_campaign(job), progress=progress)
    finally:
        default_storage.delete(name)
    return result


def export_job(job, progress):
    """The background job `<kind>.export`: build the workbook and attach it to the job for download."""
    key = job.kind.rsplit(".", 1)[0]
    kind = get(key)
    campaign = _campaign(job)
    progress(0, 2, "正在生成 Excel 文件")
    content = run_export(key, user=job.user, campaign=campaign, params=job.params)
    progress.attach(kind.file_name(campaign), content)
    progress(2, 2, "已生成")
    return {"file": kind.file_name(campaign), "bytes": len(content)}
