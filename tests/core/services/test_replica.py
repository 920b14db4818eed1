"""With DATABASE_REPLICA_URL set, the public read-only pages read from the replica and everything else from the
primary. Two SQLite files stand in for PostgreSQL primary and replica: the "replica" is a copy taken before the
campaign was built, so a page that reads from it cannot find the campaign's category."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

BUILD = r"""
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.db import connections
connections.close_all()
import shutil, os
shutil.copy(os.environ["PRIMARY"], os.environ["REPLICA"])  # the replica: migrated, before the campaign exists
from django.contrib.auth import get_user_model
from pingxuan.voting import demo, otp
from pingxuan.voting.models import Voter
admin = get_user_model().objects.create_superuser("admin", "a@example.com", "Admin-pass-2026")
world = demo.build(admin=admin, code="rp", candidates=2)
voter = Voter.objects.create(phone="13900000001")
print(json.dumps({"cat": world["categories"][0].pk, "noms": [n.pk for n in world["candidates"]["window"]],
                  "token": otp.make_token(voter)}))
connections.close_all()
"""

ASK = r"""
import json, os, sys, django
django.setup()
from django.test import Client
w = json.loads(sys.argv[1])
c = Client()
page = c.get(f"/api/vote/categories/{w['cat']}/")
html = c.get(f"/vote/{w['cat']}/")
vote = c.post("/api/vote/", {"nomination": w["noms"][int(sys.argv[2])]}, content_type="application/json",
              HTTP_X_VOTER_TOKEN=w["token"], HTTP_X_DEVICE_ID="dev1")
staff = Client()
from pingxuan.orgs.models import User
staff.force_login(User.objects.get(username="rp-organiser"))
office = staff.get("/api/voting/campaigns/rp/rules/")
from pingxuan.voting.models import Vote
print(json.dumps({"page": page.status_code, "html": html.status_code, "vote": vote.status_code,
                  "office": office.status_code, "votes": Vote.objects.count(),
                  "replica_votes": Vote.objects.using("replica").count() if "replica" in __import__("django.conf").conf.settings.DATABASES else None}))
"""


def run(script, env, *args):
    result = subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_public_pages_read_the_replica_and_everything_else_the_primary(tmp_path):
    primary, replica = tmp_path / "primary.sqlite3", tmp_path / "replica.sqlite3"
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DATABASE_REPLICA_URL")},
        "DJANGO_SETTINGS_MODULE": "pingxuan.settings",
        "PYTHONPATH": str(ROOT / "src"),
        "PINGXUAN_VAR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{primary}",
        "PRIMARY": str(primary),
        "REPLICA": str(replica),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "SMS_LOG_FILE": str(tmp_path / "sms.log"),
    }
    world = json.dumps(run(BUILD, env))
    alone = run(ASK, env, world, "0")
    assert alone == {"page": 200, "html": 200, "vote": 201, "office": 200, "votes": 1, "replica_votes": None}
    with_replica = run(ASK, {**env, "DATABASE_REPLICA_URL": f"sqlite:///{replica}"}, world, "1")
    # public reads find no category in the replica; the vote (a write, and its reads) and the office use the primary
    assert with_replica == {"page": 404, "html": 404, "vote": 201, "office": 200, "votes": 2, "replica_votes": 0}
