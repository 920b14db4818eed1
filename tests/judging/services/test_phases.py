"""Review and scoring keep to the campaign's timeline when it sets those phases."""

import datetime

import pytest

from pingxuan.campaigns.config import export_config
from pingxuan.campaigns.services import update_section
from pingxuan.core.chinese import date_zh
from pingxuan.core.errors import PhaseClosed
from pingxuan.judging import panels, scoring
from pingxuan.judging.services import review
from tests.judging.conftest import full


def move_phases(world, **dates):
    phases = export_config(world.campaign)["phases"]
    for p in phases:
        if p["kind"] in dates:
            p["start"], p["end"] = dates[p["kind"]]
    update_section(user=world.organiser, campaign=world.campaign, section="phases", value=phases)


def test_review_outside_its_phase_names_the_phase_and_dates(world):
    n = world.received("东宝区办税服务厅")
    later = world.today + datetime.timedelta(days=40)
    move_phases(
        world,
        preliminary_review=(later, later + datetime.timedelta(days=5)),
        voting=(later + datetime.timedelta(days=6), later + datetime.timedelta(days=9)),
    )
    with pytest.raises(PhaseClosed) as exc:
        review(user=world.organiser, nomination=n, decision="pass")
    span = f"{date_zh(later)}至{date_zh(later + datetime.timedelta(days=5))}"
    assert exc.value.message == f"“初审”阶段（{span}）尚未开始，不能进行初审。"
    n.refresh_from_db()
    assert n.status == "received"


def test_scoring_after_the_voting_phase_is_refused(world):
    n = world.passed("掇刀区政务服务窗口", side="dd")
    panels.set_panel(user=world.organiser, category=world.category, judges=world.judges[1:4])
    panels.assign(user=world.organiser, category=world.category, mode="all")
    yesterday = world.today - datetime.timedelta(days=1)
    move_phases(world, voting=(world.today - datetime.timedelta(days=4), yesterday))
    with pytest.raises(PhaseClosed) as exc:
        scoring.save_sheet(user=world.judges[1], nomination_id=n.pk, scores=full(18), submit=True)
    span = f"{date_zh(world.today - datetime.timedelta(days=4))}至{date_zh(yesterday)}"
    assert exc.value.message == f"“投票/评审”阶段（{span}）已结束，不能评分。"
