"""Every status field has one table of allowed moves and one door (`pingxuan.core.states`); nothing else writes it."""

import ast
import importlib
from pathlib import Path

import pytest
from django.apps import apps

from pingxuan.core.errors import InvalidTransition
from pingxuan.core.states import REGISTRY
from pingxuan.jobs.models import Job
from pingxuan.jobs.services import STATES as JOB_STATES
from pingxuan.jobs.services import handler, start_job

SRC = Path(__file__).resolve().parents[3] / "src" / "pingxuan"
# model → the module that holds its table and door
DOORS = {
    ("awards.Certificate", "status"): "pingxuan.awards.services",
    ("jobs.Job", "status"): "pingxuan.jobs.services",
    ("nominations.Nomination", "status"): "pingxuan.nominations.services",
    ("publicity.Entry", "state"): "pingxuan.publicity.objections",
    ("publicity.Objection", "status"): "pingxuan.publicity.objections",
    ("publicity.Publication", "status"): "pingxuan.publicity.publishing",
    ("results.ResultList", "status"): "pingxuan.results.services",
    ("voting.Cluster", "state"): "pingxuan.voting.services",
}
# Attributes called `state` that are not a model's status field (a vote being recorded carries its candidate's state).
NOT_A_STATUS = {"voting/recorder.py"}


def test_every_status_field_has_a_table_in_its_doors_module():
    for module in set(DOORS.values()):
        importlib.import_module(module)
    fields = {
        (model._meta.label, f.name)
        for model in apps.get_models()
        if model.__module__.startswith("pingxuan.")
        for f in model._meta.get_fields()
        if f.name in ("status", "state") and getattr(f, "choices", None)
    }
    assert fields == set(DOORS)
    held = {
        key: [name for name, v in vars(importlib.import_module(m)).items() if v is REGISTRY.get(key)] for key, m in DOORS.items()
    }
    assert all(len(names) == 1 for names in held.values()), held


def _writes(tree):
    """(line, text) of each assignment to an attribute `status`/`state` and each `.update(status=…)`/`(state=…)`."""
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            for t in node.targets:
                targets += t.elts if isinstance(t, ast.Tuple) else [t]
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for t in targets:
            if isinstance(t, ast.Attribute) and t.attr in ("status", "state"):
                yield node.lineno, ast.unparse(t)
        update = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "update"
        if update and any(k.arg in ("status", "state") for k in node.keywords):
            yield node.lineno, ast.unparse(node.func)


def test_no_code_outside_the_door_writes_a_status():
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if "/migrations/" in rel or rel in NOT_A_STATUS or rel == "core/states.py":
            continue
        found += [f"{rel}:{line}: {text}" for line, text in _writes(ast.parse(path.read_text()))]
    assert found == []


JOB_TABLE = [
    ("queued", "running"),
    ("running", "done"),
    ("running", "failed"),
    ("running", "running"),
    ("failed", "running"),
]


def test_the_job_table_is_its_lifecycle():
    assert JOB_STATES.moves == JOB_TABLE


@pytest.mark.parametrize(("old", "new"), JOB_TABLE)
def test_every_allowed_job_move_passes(old, new):
    job = Job(status=old)
    assert (JOB_STATES.move(job, new), job.status) == (old, new)


@handler("test.states")
def _nothing(job, progress):
    return {"ok": True}


def test_a_finished_job_is_not_run_again(admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(user=admin_user, kind="test.states", title="状态测试")
    job.refresh_from_db()
    assert (job.status, job.result) == ("done", {"ok": True})
    with pytest.raises(InvalidTransition) as exc:
        JOB_STATES.update(job, Job.Status.RUNNING)
    job.refresh_from_db()
    assert (exc.value.message, job.status) == ("“已完成”的后台任务不能变为“进行中”。", "done")
