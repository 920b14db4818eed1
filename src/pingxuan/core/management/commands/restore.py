"""`manage.py restore FILE`: put an archive made by `backup` into an empty, migrated database and MEDIA_ROOT.

Everything is checked before anything is written: the archive's checksums, the schema version (the same applied
migrations), that the database holds no data, and that no uploaded file would be overwritten by different bytes.
The rows then go in inside one transaction (all or nothing) and the id sequences are moved past the restored ids.
"""

import contextlib
import hashlib
import json
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction

from . import _archive as archive


class Command(BaseCommand):
    help = "恢复：把 backup 生成的归档写入空数据库和上传文件目录（先核对校验和；数据库非空时拒绝）。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--batch", type=int, default=2000)

    def handle(self, file, batch=2000, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到归档文件 {path}。")
        try:
            zf = zipfile.ZipFile(path)
        except zipfile.BadZipFile as exc:
            raise CommandError(f"{path} 不是有效的备份归档（ZIP 文件已损坏或格式不对）。") from exc
        with zf:
            manifest = self.read_manifest(zf)
            self.check_checksums(zf, manifest)
            self.check_schema(manifest)
            self.check_empty()
            media = self.check_media(zf, manifest)
            self.write_media(zf, media)
            rows = self.write_database(zf, manifest, batch)
        self.stdout.write(f"已恢复 {path}：{len(manifest['tables'])} 张表 {rows} 行，{len(manifest['files'])} 个上传文件。")

    def read_manifest(self, zf):
        try:
            manifest = json.loads(zf.read("manifest.json"))
        except (KeyError, ValueError) as exc:
            raise CommandError("归档中没有可读的 manifest.json：不是本系统的备份文件。") from exc
        if manifest.get("format") != archive.FORMAT:
            raise CommandError(f"归档格式为 {manifest.get('format')!r}，本系统只能恢复 {archive.FORMAT}。")
        return manifest

    def check_checksums(self, zf, manifest):
        entries = [(t["entry"], t["sha256"]) for t in manifest["tables"]]
        entries += [("media/" + f["path"], f["sha256"]) for f in manifest["files"]]
        for name, expected in entries:
            sha = hashlib.sha256()
            try:
                with zf.open(name) as src:
                    for chunk in iter(lambda src=src: src.read(1 << 20), b""):  # type: ignore[misc]
                        sha.update(chunk)
            except KeyError as exc:
                raise CommandError(f"归档不完整：缺少 {name}。未写入任何数据。") from exc
            if sha.hexdigest() != expected:
                raise CommandError(f"校验和不符：{name} 已损坏或被改动。未写入任何数据。")

    def check_schema(self, manifest):
        here = archive.applied_migrations(connection)
        if here != manifest["migrations"]:
            missing = sorted(
                f"{app}.{name}"
                for app, names in manifest["migrations"].items()
                for name in names
                if name not in here.get(app, [])
            )
            extra = sorted(
                f"{app}.{name}"
                for app, names in here.items()
                for name in names
                if name not in manifest["migrations"].get(app, [])
            )
            raise CommandError(
                "数据库结构版本与备份不一致，请用备份时的程序版本恢复后再升级。"
                f"备份有而本库没有的迁移：{'、'.join(missing) or '无'}；本库有而备份没有的迁移：{'、'.join(extra) or '无'}。"
            )
        known = {archive.label(m) for m in archive.all_models()}
        unknown = [t["model"] for t in manifest["tables"] if t["model"] not in known]
        if unknown:
            raise CommandError(f"备份中有本程序不认识的表：{'、'.join(unknown)}。")

    def check_empty(self):
        filled = []
        for model in archive.all_models():
            if archive.label(model) not in archive.REGENERATED and model._base_manager.exists():
                filled.append(model)
        if filled:
            first = filled[0]
            raise CommandError(
                f"目标数据库不是空的：{len(filled)} 张表已有数据（例如 {first._meta.db_table} 有 "
                f"{first._base_manager.count()} 行）。恢复只写入新建并已迁移、没有任何数据的数据库，不会覆盖或合并现有数据。"
            )

    def check_media(self, zf, manifest):
        root = Path(settings.MEDIA_ROOT)
        todo = []
        for item in manifest["files"]:
            target = root / item["path"]
            if not target.resolve().is_relative_to(root.resolve()):
                raise CommandError(f"归档中的文件路径 {item['path']} 越出了上传目录，拒绝恢复。")
            if target.exists():
                if hashlib.sha256(target.read_bytes()).hexdigest() != item["sha256"]:
                    raise CommandError(f"上传目录中已有内容不同的文件 {item['path']}：不会覆盖，未写入任何数据。")
                continue
            todo.append(item)
        return todo

    def write_media(self, zf, items):
        root = Path(settings.MEDIA_ROOT)
        for item in items:
            target = root / item["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(target.name + ".restoring")
            with zf.open("media/" + item["path"]) as src, partial.open("wb") as dst:
                for chunk in iter(lambda src=src: src.read(1 << 20), b""):  # type: ignore[misc]
                    dst.write(chunk)
            partial.replace(target)

    def write_database(self, zf, manifest, batch):
        by_label = {archive.label(m): m for m in archive.all_models()}
        total = 0
        with transaction.atomic():
            for name in reversed(archive.REGENERATED):
                by_label[name]._base_manager.all().delete()
            restored = []
            for table in manifest["tables"]:
                model = by_label[table["model"]]
                with zf.open(table["entry"]) as src, stored_times_kept(model):
                    pending = []
                    for line in src:
                        pending.append(archive.object_from(model, json.loads(line)))
                        if len(pending) >= batch:
                            model._base_manager.bulk_create(pending)
                            total, pending = total + len(pending), []
                    model._base_manager.bulk_create(pending)
                    total += len(pending)
                restored.append(model)
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), restored):
                    cursor.execute(sql)
            connection.check_constraints()
        return total


@contextlib.contextmanager
def stored_times_kept(model):
    """Inserting rows must keep their stored created/changed times: switch auto_now(_add) off for the while."""
    fields = [f for f in model._meta.concrete_fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, now, now_add in saved:
            field.auto_now, field.auto_now_add = now, now_add
