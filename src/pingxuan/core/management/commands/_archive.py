"""The backup archive: one ZIP file holding a manifest, one JSON-lines file per table and the uploaded files.

    manifest.json          format, created_at, database vendor, applied migrations, tables and files with checksums
    db/NNNN_<label>.jsonl   one row per line, in primary-key order; tables in dependency order (parents first)
    media/<path>           every file under MEDIA_ROOT, byte for byte

Rows hold every concrete column by its attribute name (foreign keys as ids), values written without loss (datetimes
to the microsecond, decimals as text), so the same archive restores into SQLite or PostgreSQL and the audit chain's
hashes still match. Many-to-many links are their own (auto-created) tables.
"""

import datetime
import decimal
import hashlib
import json
import uuid

from django.apps import apps
from django.core import serializers
from django.db import models
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "pingxuan-backup/1"
# Rebuilt by `migrate` in every database; their rows are replaced by the archive's so that ids keep matching.
REGENERATED = ("contenttypes.contenttype", "auth.permission")


def all_models():
    """Every table-backed model, parents before children (Django's dependency sort), auto-created m2m tables last."""
    candidates = [
        m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy and not m._meta.swapped
    ]
    plain = [m for m in candidates if not m._meta.auto_created]
    through = [m for m in candidates if m._meta.auto_created]
    app_list = {}
    for model in plain:
        app_list.setdefault(apps.get_app_config(model._meta.app_label), []).append(model)
    ordered = serializers.sort_dependencies(list(app_list.items()), allow_cycles=True)
    return ordered + sorted(through, key=lambda m: m._meta.label_lower)


def label(model):
    return model._meta.label_lower


def encode(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    raise TypeError(f"cannot encode {type(value).__name__}")


def row_of(obj, fields):
    row = {}
    for field in fields:
        value = field.value_from_object(obj)
        row[field.attname] = (value.name or "") if isinstance(field, models.FileField) else value
    return row


def dump_line(row):
    return json.dumps(row, ensure_ascii=False, sort_keys=True, default=encode) + "\n"


def columns(model):
    return list(model._meta.concrete_fields)


def object_from(model, row):
    values = {}
    for field in columns(model):
        raw = row.get(field.attname)
        if raw is None:
            values[field.attname] = None  # type: ignore[assignment]
        elif isinstance(field, models.BinaryField):
            values[field.attname] = bytes.fromhex(raw)
        elif isinstance(field, models.JSONField):
            values[field.attname] = raw
        else:
            values[field.attname] = field.to_python(raw)
    return model(**values)


def applied_migrations(connection):
    done = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        done.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(done.items())}


def unapplied_migrations(connection):
    """Migrations of the code that the database has not had yet (backup and restore both need none)."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{m.app_label}.{m.name}" for m, _backwards in plan]


class Digest:
    """A file-like wrapper that counts and hashes what is written through it."""

    def __init__(self, target):
        self.target, self.sha, self.size = target, hashlib.sha256(), 0

    def write(self, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        self.sha.update(data)
        self.size += len(data)
        self.target.write(data)

    def hexdigest(self):
        return self.sha.hexdigest()
