"""河北 2012 (seed 001), 附件 1 名额分配表: each unit has its own award number (石家庄 16 … 省直机关 40) and “各单位可
另推荐2个递补对象”. With all 12 units full (their quota + 2 alternates), the selection takes each unit's own formal
nominations up to its award number: 省直机关's 17th–40th are selected, no city's alternate is."""

import pytest

from pingxuan.campaigns.models import Quota
from pingxuan.nominations.models import Status
from pingxuan.nominations.services import change_status, create_nomination
from pingxuan.orgs.models import Organisation
from pingxuan.results.proposal import proposal
from tests.world import person

pytestmark = pytest.mark.django_db


def test_seed_001_each_unit_selected_by_its_own_award_number_with_all_12_units_full(hebei, admin_user):
    w = hebei
    window = w["window"]
    quotas = list(Quota.objects.filter(category=window).select_related("organisation").order_by("sort_order", "id"))
    assert len(quotas) == 12 and sum(q.awards for q in quotas) == 200
    ranked = {}
    for q in quotas:
        unit = q.organisation
        clerk = w["city_clerk"] if unit == w["city"] else person(unit, "clerk", by=admin_user, username=f"{unit.code}-clerk")
        ranked[unit.pk] = []
        for i in range(q.nominate_max + q.alternates):
            n = create_nomination(user=clerk, category=window, unit=unit, data={"window_name": f"{unit.label}窗口{i + 1}"})
            for status in (Status.RECEIVED, Status.PASSED, Status.CANDIDATE):
                change_status(n, status, user=w["organiser"], action=f"nomination.{status}")
            ranked[unit.pk].append(n.pk)
    assert sum(len(v) for v in ranked.values()) == 200 + 24
    prop = proposal(window, "final")
    expected = {q.organisation_id: ranked[q.organisation_id][: q.awards] for q in quotas}
    assert {u["unit_id"]: u["winners"] for u in prop["summary"]["by_unit"]} == expected
    assert len(prop["default"]) == 200
    shengzhi = Organisation.objects.get(code="he-shengzhi")
    assert set(ranked[shengzhi.pk][16:40]) <= set(prop["default"])
    alternates = {pk for q in quotas for pk in ranked[q.organisation_id][q.nominate_max :]}
    assert alternates.isdisjoint(prop["default"])
