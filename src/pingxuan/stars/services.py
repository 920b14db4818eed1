"""The standing programme (十堰, seed 004): create one from its configuration document, and read it back."""

import datetime

from django.db import transaction

from pingxuan.audit.services import record
from pingxuan.campaigns import rules as campaign_rules
from pingxuan.campaigns.config import ensure_organisations
from pingxuan.campaigns.validation import validate
from pingxuan.core.errors import PermissionDenied, ServiceError
from pingxuan.orgs.models import Organisation

from .models import Programme
from .schema import PROGRAMME


def normalise_programme(data):
    """Validate a programme document; returns it with defaults filled in, or raises ConfigErrors."""
    return validate(PROGRAMME, data)


def _to_json(value):
    """Dates become ISO strings so the configuration fits a JSON column; validation turns them back."""
    if isinstance(value, dict):
        return {k: _to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_json(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def load_programme(*, user, data, code=None, preset=""):
    """Create a standing programme from a configuration document (a preset file or the UI)."""
    data = dict(data)
    if code:
        data["code"] = code
    cfg = normalise_programme(data)
    with transaction.atomic():
        created = ensure_organisations(cfg.get("organisations") or [], user=user)
        owner = Organisation.objects.filter(code=cfg["owner"]).first()
        if owner is None:
            raise ServiceError(f"主办组织“{cfg['owner']}”不存在，请先建立组织。", field="owner")
        if not campaign_rules.can_create_campaign(user, owner):
            raise PermissionDenied(f"您无权在“{owner.name}”下创建常态化活动。")
        if Programme.objects.filter(code=cfg["code"]).exists():
            raise ServiceError(f"活动代码“{cfg['code']}”已被使用。", field="code")
        stored = _to_json(cfg)
        programme = Programme.objects.create(code=cfg["code"], name=cfg["name"], owner=owner, preset=preset, config=stored)
        record(
            actor=user,
            action="programme.create",
            obj=programme,
            organisation=owner,
            after={"config": stored, "organisations_created": [o.code for o in created]},
        )
    return programme


def export_programme(programme):
    """The programme's configuration as the same document a preset holds (load → export → load is lossless)."""
    data = dict(programme.config)
    data["code"] = programme.code
    data["name"] = programme.name
    data["owner"] = programme.owner.code
    return normalise_programme(data)
