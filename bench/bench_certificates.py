"""Certificate benchmark (SPEC §9): 200 honour certificates issued and rendered as one PDF, as the batch job does.

Creates a throwaway PostgreSQL database (dropped at the end), a campaign of three issuing bodies (two with seal
images) and two categories of 100 awards each, 200 nominations moved to candidate through the nomination service, and
the leading group's decision. Then runs the batch job's body (`awards.jobs.generate_certificates`): issue 200
certificates (each an audit event) and lay them out as one multi-page HTML document in one WeasyPrint pass. Ends with
`name: value unit` lines.

    .venv/bin/python bench/bench_certificates.py [--count 200] [--database pingxuan_bench_certificates]
"""

import argparse
import datetime
import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("FONTCONFIG_FILE", str(ROOT / "var" / "fonts" / "fonts.conf"))

from bench_vote_ingest import drop_database, setup_database  # noqa: E402

ISSUERS = ["中共荆门市精神文明建设指导委员会办公室", "荆门市总工会", "荆门市消费者委员会"]
FORM = {"title": "申报表", "fields": [{"key": "name", "label": "名称", "type": "text", "required": True, "max_length": 50}]}


def seal():
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (240, 240), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.ellipse((8, 8, 232, 232), outline="red", width=12)
    draw.regular_polygon((120, 120, 40), 5, fill="red")
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return SimpleUploadedFile("seal.png", buf.getvalue(), content_type="image/png")


def build(count):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from pingxuan.campaigns.services import create_campaign
    from pingxuan.nominations.models import Status
    from pingxuan.nominations.services import change_status, create_nomination
    from pingxuan.orgs.services import create_org, create_user, grant_role, set_seal
    from pingxuan.results import services as results

    admin = get_user_model().objects.create_superuser("bench", "bench@example.com", "Bench-pass-2026")
    root = create_org(user=admin, code="bc-lg", name="评选活动领导小组", kind="leading_group")
    for code, name in (("bc-wmb", ISSUERS[0]), ("bc-union", ISSUERS[1])):
        set_seal(user=admin, org=create_org(user=admin, parent=root, code=code, name=name, kind="office"), upload=seal())
    unit = create_org(user=admin, parent=root, code="bc-u", name="市直单位", kind="recommending_unit")

    def person(org, role, name):
        u = create_user(user=admin, username=name, password="Bench-pass-2026", organisation=org)
        grant_role(user=admin, person=u, organisation=org, role=role)
        return u

    organiser, leader, clerk = person(root, "organiser", "bc-o"), person(root, "leader", "bc-l"), person(unit, "clerk", "bc-c")
    today = timezone.localdate()
    half = count // 2
    cats = [("window", "window", "优质服务窗口", half), ("star", "individual", "优质服务明星", count - half)]
    campaign = create_campaign(
        user=organiser,
        data={
            "code": "bench-2019",
            "name": "2019年度荆门市窗口行业“优质服务窗口、优质服务明星”评选",
            "year": 2019,
            "organisers": ISSUERS,
            "owner": "bc-lg",
            "phases": [
                {"kind": "nomination", "start": (today - datetime.timedelta(days=30)).isoformat(), "end": today.isoformat()}
            ],
            "categories": [
                {"code": c, "kind": k, "name": n, "awards": a, "form": FORM, "linked_honours": ["荆门市“工人先锋号”"]}
                for c, k, n, a in cats
            ],
            "quotas": [{"unit": "bc-u", "category": c, "nominate": a, "awards": a} for c, _k, _n, a in cats],
        },
    )
    for category in campaign.categories.all():
        for i in range(category.awards):
            n = create_nomination(user=clerk, category=category, unit=unit, data={"name": f"{category.name}{i + 1:03d}号"})
            for status in (Status.RECEIVED, Status.PASSED, Status.CANDIDATE):
                change_status(n, status, user=organiser, action=f"nomination.{status}")
    results.decide(user=leader, campaign=campaign, minutes="领导小组审定")
    return campaign, organiser


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--database", default="pingxuan_bench_certificates")
    args = parser.parse_args()
    media = tempfile.mkdtemp(prefix="bench-certificates-")
    os.environ["MEDIA_ROOT"] = media  # seals and the result file; removed at the end
    setup_database(args.database)
    try:
        from pingxuan.awards import jobs
        from pingxuan.awards.models import Certificate
        from pingxuan.jobs.models import Job
        from pingxuan.jobs.services import Progress

        t0 = time.perf_counter()
        campaign, organiser = build(args.count)
        print(f"set-up ({args.count} winners through the services and the decision): {time.perf_counter() - t0:.1f} s")
        job = Job.objects.create(kind=jobs.CERTS, title="bench", user=organiser, params={"campaign": campaign.pk})
        t0 = time.perf_counter()
        result = jobs.generate_certificates(job, Progress(job))
        elapsed = time.perf_counter() - t0
        job.refresh_from_db()
        size = job.result_file.size
        assert result["certificates"] == args.count == Certificate.objects.filter(status="issued").count()
        print(f"pages: {result['pages']}, PDF size: {size / 1024:.0f} KiB ({size / result['pages'] / 1024:.1f} KiB per page)")
        print(f"per certificate: {elapsed / args.count * 1000:.0f} ms")
        print(f"certificates_{args.count}: {elapsed:.1f} s")
    finally:
        drop_database(args.database)
        shutil.rmtree(media, ignore_errors=True)


if __name__ == "__main__":
    main()
