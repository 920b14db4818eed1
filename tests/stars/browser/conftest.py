"""The starting state of the shiyan-2011 play, made through the services a system administrator uses: the city
(十堰市) with the office's organiser and a leader. The organiser then creates the programme from its preset on the
新建常态化评议 page and adds the current and the next half-year on the 评定周期 page (the preset's periods are 2011's;
ratings are dated on the day they are given, so a round played live needs the current half-year). Once the programme
exists, `on_duty` puts two windows with their staff, a party branch and three people on duty into the organisations
the preset created, through the same services. Everything else is done in the browser."""

import datetime

import pytest

from pingxuan.orgs.services import create_org
from pingxuan.stars import services as s
from tests.screenshots import shots_dir
from tests.world import last_code as sms_code  # noqa: F401  (the play reads codes with it)

SHOTS = shots_dir("e2e", "shiyan-2011")


def half_year(day):
    """(code, name, start, end) of the half-year holding `day`."""
    first = day.month <= 6
    start = datetime.date(day.year, 1 if first else 7, 1)
    end = datetime.date(day.year, 6, 30) if first else datetime.date(day.year, 12, 31)
    return f"{day.year}h{1 if first else 2}", f"{day.year}年{'上' if first else '下'}半年", start, end


def period_doc(day):
    code, name, start, end = half_year(day)
    return {"code": code, "name": name, "start": start, "end": end}


@pytest.fixture
def periods():
    from django.utils import timezone

    today = timezone.localdate()
    current = period_doc(today)
    following = period_doc(current["end"] + datetime.timedelta(days=1))
    return current, following


@pytest.fixture
def shiyan_world(transactional_db, admin_user, make_user, settings, live_server):
    settings.SITE_URL = live_server.url  # the desk card's QR code points at the server under test
    city = create_org(user=admin_user, code="sy-city", name="十堰市", kind="region", region="十堰市")
    w = {"city": city}
    for name, role in [("organiser", "organiser"), ("leader", "leader")]:
        w[name] = make_user(city, role, by=admin_user, username=name)

    def on_duty():
        """Windows, a party branch, window staff and people on duty in the organisations the preset created."""
        from pingxuan.orgs.models import Organisation
        from pingxuan.stars.models import Programme

        programme = Programme.objects.get(code="shiyan-2011")
        hospital = Organisation.objects.get(code="sy-hospital")
        minzheng = Organisation.objects.get(code="sy-minzheng")
        w1 = create_org(user=admin_user, parent=hospital, code="sy-hosp-w1", name="十堰市人民医院门诊挂号窗口", kind="window")
        w2 = create_org(user=admin_user, parent=minzheng, code="sy-mz-w1", name="十堰市民政局婚姻登记窗口", kind="window")
        branch = create_org(
            user=admin_user, parent=hospital, code="sy-hosp-p1", name="十堰市人民医院门诊党支部", kind="base_unit"
        )
        w.update(programme=programme, w1=w1, w2=w2, branch=branch)
        w["clerk1"] = make_user(w1, "clerk", by=admin_user, username="clerk1")
        w["clerk2"] = make_user(w2, "clerk", by=admin_user, username="clerk2")
        add = s.add_member
        w["m1"] = add(
            user=w["clerk1"],
            programme=programme,
            window=w1,
            name="张红",
            post="挂号员",
            duties="门诊挂号、预约",
            party_org=branch,
        )
        w["m2"] = add(
            user=w["clerk1"], programme=programme, window=w1, name="李明", post="收费员", duties="门诊收费", party_org=branch
        )
        w["m3"] = add(user=w["clerk2"], programme=programme, window=w2, name="王芳", post="登记员", duties="婚姻登记")

    w["on_duty"] = on_duty
    SHOTS.mkdir(parents=True, exist_ok=True)
    return w
