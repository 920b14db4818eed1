"""`manage.py backup FILE`: the whole database and every uploaded file in one archive, with checksums.

Read inside one repeatable-read transaction on PostgreSQL, so the tables agree with each other while the service
keeps running. The archive format is described in _archive.py.
"""

import hashlib
import json
import os
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from . import _archive as archive


class Command(BaseCommand):
    help = "备份：把数据库的全部表和上传文件写入一个归档文件（附校验和），可用 restore 恢复到空数据库。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="归档文件路径，例如 pingxuan-20260101.zip")
        parser.add_argument("--batch", type=int, default=2000)

    def handle(self, file, batch=2000, **options):
        target = Path(file)
        if target.exists():
            raise CommandError(f"文件 {target} 已存在：备份不会覆盖已有文件，请换一个文件名。")
        pending = archive.unapplied_migrations(connection)
        if pending:
            raise CommandError(
                f"数据库尚未迁移到当前程序版本（缺 {'、'.join(pending[:5])} 等 {len(pending)} 个迁移），请先运行 migrate 再备份。"
            )
        partial = target.with_name(target.name + ".partial")
        try:
            with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
                manifest = self.write_database(zf, batch)
                manifest["files"] = self.write_media(zf)
                zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        os.replace(partial, target)
        rows = sum(t["rows"] for t in manifest["tables"])
        self.stdout.write(f"已备份到 {target}：{len(manifest['tables'])} 张表 {rows} 行，{len(manifest['files'])} 个上传文件。")

    def write_database(self, zf, batch):
        tables = []
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            manifest = {
                "format": archive.FORMAT,
                "created_at": timezone.now().isoformat(),
                "vendor": connection.vendor,
                "migrations": archive.applied_migrations(connection),
            }
            for index, model in enumerate(archive.all_models(), start=1):
                fields = archive.columns(model)
                name = f"db/{index:04d}_{archive.label(model)}.jsonl"
                count = 0
                with zf.open(name, "w", force_zip64=True) as raw:
                    out = archive.Digest(raw)
                    queryset = model._base_manager.order_by("pk")
                    for obj in queryset.iterator(chunk_size=batch):
                        out.write(archive.dump_line(archive.row_of(obj, fields)))
                        count += 1
                tables.append(
                    {
                        "model": archive.label(model),
                        "table": model._meta.db_table,
                        "entry": name,
                        "rows": count,
                        "sha256": out.hexdigest(),
                    }
                )
        manifest["tables"] = tables
        return manifest

    def write_media(self, zf):
        root = Path(settings.MEDIA_ROOT)
        files = []
        if not root.is_dir():
            return files
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            rel = path.relative_to(root).as_posix()
            sha = hashlib.sha256()
            with path.open("rb") as src, zf.open("media/" + rel, "w", force_zip64=True) as dst:
                for chunk in iter(lambda: src.read(1 << 20), b""):
                    sha.update(chunk)
                    dst.write(chunk)
            files.append({"path": rel, "size": path.stat().st_size, "sha256": sha.hexdigest()})
        return files
