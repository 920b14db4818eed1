"""Every preset loads, exports, loads again and exports the same document (the round trip is lossless)."""

import copy

import pytest
from django.core.management import call_command

from pingxuan.campaigns import config as cfgmod
from pingxuan.campaigns.models import Campaign
from pingxuan.campaigns.presets import PRESET_DIR, read_yaml
from pingxuan.campaigns.services import create_campaign, load_preset
from pingxuan.stars.models import Programme
from pingxuan.stars.services import export_programme, load_programme

CAMPAIGN_PRESETS = ["gucheng-2011", "hebei-2012", "changzhou-2015", "jingmen-2019"]
ALL_PRESETS = [*CAMPAIGN_PRESETS, "shiyan-2011"]


def read(name):
    return read_yaml((PRESET_DIR / f"{name}.yaml").read_text(encoding="utf-8"))


def without_code(doc):
    doc = copy.deepcopy(doc)
    doc.pop("code")
    return doc


def test_the_five_presets_are_shipped():
    assert sorted(p.stem for p in PRESET_DIR.glob("*.yaml")) == sorted(ALL_PRESETS)


@pytest.mark.parametrize("name", CAMPAIGN_PRESETS)
def test_campaign_preset_round_trip_is_lossless(admin_user, name):
    first = cfgmod.export_config(load_preset(user=admin_user, name=name))
    assert first["code"] == name
    again = dict(first, code=f"{name}-again")
    second = cfgmod.export_config(create_campaign(user=admin_user, data=again))
    assert without_code(second) == without_code(first)
    # The export is the normalised preset: nothing written in the file is lost on the way.
    assert first == cfgmod.normalise(read(name))


def test_programme_preset_round_trip_is_lossless(admin_user):
    first = export_programme(load_programme(user=admin_user, data=read("shiyan-2011"), preset="shiyan-2011"))
    second = export_programme(load_programme(user=admin_user, data=first, code="shiyan-again"))
    assert second["code"] == "shiyan-again"
    assert without_code(second) == without_code(first)
    assert Programme.objects.get(code="shiyan-2011").preset == "shiyan-2011"


@pytest.mark.parametrize("name", ALL_PRESETS)
def test_commands_load_export_load_export(admin_user, tmp_path, capsys, name):
    call_command("load_preset", name)
    out = capsys.readouterr().out
    obj = Campaign.objects.filter(code=name).first() or Programme.objects.get(code=name)
    assert out.strip() == f"已载入：{obj.name}（{name}）"
    first_file = tmp_path / "first.yaml"
    call_command("export_preset", name, out=str(first_file))
    call_command("load_preset", str(first_file), code="copy-of-it")
    second_file = tmp_path / "second.yaml"
    call_command("export_preset", "copy-of-it", out=str(second_file))
    first_text = first_file.read_text(encoding="utf-8")
    second_text = second_file.read_text(encoding="utf-8")
    assert second_text == first_text.replace(f"code: {name}\n", "code: copy-of-it\n", 1)
    assert without_code(read_yaml(second_text)) == without_code(read_yaml(first_text))


def test_loading_a_preset_writes_audit_events(admin_user):
    from pingxuan.audit.models import AuditEvent

    load_programme(user=admin_user, data=read("shiyan-2011"))
    event = AuditEvent.objects.get(action="programme.create")
    assert event.object_repr == "十堰市窗口单位和服务行业创先争优“一诺双评创十星”常态化活动"
    assert event.after["organisations_created"] == [
        "sy-lg",
        "sy-office",
        "sy-zhushan",
        "sy-hospital",
        "sy-minzheng",
        "sy-mobile",
        "sy-weisheng",
        "sy-dangan",
    ]
    assert event.after["config"]["periods"][0] == {
        "code": "2011h1",
        "name": "2011年上半年",
        "start": "2011-01-01",
        "end": "2011-06-30",
    }
