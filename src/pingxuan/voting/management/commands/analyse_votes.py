from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pingxuan.voting import votelog


class Command(BaseCommand):
    requires_system_checks = []  # a file in, files out: no models or URLs involved
    help = "分析任意平台导出的投票记录（CSV：time,phone,ip,device,user_agent,candidate），逐行写出是否可疑及理由。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="投票记录 CSV 文件")
        parser.add_argument("--out", required=True, help="结果 CSV：row,flagged,cluster,kind,score,reason")
        parser.add_argument("--candidates", help="候选对象异常流入 CSV：candidate,start,end,excess_votes,evidence")
        parser.add_argument("--json", help="汇总 JSON")

    def handle(self, *args, **opts):
        _keep_freed_memory()
        src = Path(opts["file"])
        if not src.is_file():
            raise CommandError(f"找不到文件“{src}”。")
        try:
            votes = votelog.read_bytes(src.read_bytes())
        except UnicodeDecodeError as exc:
            raise CommandError(f"文件不是 UTF-8 编码（第 {exc.start} 字节附近）。请另存为 UTF-8 的 CSV。") from None
        except votelog.LogError as exc:
            raise CommandError(exc.message) from None
        result = votelog.fraudstats.analyse(votes, fmt_time=lambda s: votelog._fmt(s)[5:16])
        with open(opts["out"], "w", encoding="utf-8", newline="") as out:
            votelog.write_rows(out, result)
        if opts["candidates"]:
            with open(opts["candidates"], "w", encoding="utf-8", newline="") as out:
                votelog.write_candidates(out, result)
        summary = votelog.summarise(votes, result)
        if opts["json"]:
            import json

            with open(opts["json"], "w", encoding="utf-8") as out:
                json.dump(summary, out, ensure_ascii=False, indent=1)
        self.stdout.write(
            f"共 {summary['rows']} 行，标记可疑 {summary['flagged']} 行，{len(summary['clusters'])} 个团伙，"
            f"{len(summary['anomalies'])} 个候选对象有异常流入。"
        )


def _keep_freed_memory():
    """The analysis allocates and frees arrays of hundreds of megabytes over and over: with glibc, keep freed memory
    in the process (and serve arrays up to 32 MB from it) instead of returning it to the system and faulting it in
    again, which costs as much time in the kernel as the analysis itself spends in NumPy."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt(-1, 1 << 30)  # M_TRIM_THRESHOLD
        libc.mallopt(-2, 1 << 28)  # M_TOP_PAD
        libc.mallopt(-3, 1 << 25)  # M_MMAP_THRESHOLD (its maximum)
    except (OSError, AttributeError):
        pass
