"""The shiyan-2011 programme loaded from its preset, two windows with staff, a party branch and three people on duty."""

import pytest

from pingxuan.orgs.services import create_org
from pingxuan.stars import otp
from pingxuan.stars import services as s
from pingxuan.stars.services import load_programme
from tests.world import last_code, preset_document


def preset():
    return preset_document("shiyan-2011")


@pytest.fixture
def world(admin_user, make_user):
    from pingxuan.orgs.models import Organisation

    programme = load_programme(user=admin_user, data=preset(), preset="shiyan-2011")
    hospital = Organisation.objects.get(code="sy-hospital")
    minzheng = Organisation.objects.get(code="sy-minzheng")
    w1 = create_org(user=admin_user, parent=hospital, code="sy-hosp-w1", name="十堰市人民医院门诊挂号窗口", kind="window")
    w2 = create_org(user=admin_user, parent=minzheng, code="sy-mz-w1", name="十堰市民政局婚姻登记窗口", kind="window")
    branch = create_org(user=admin_user, parent=hospital, code="sy-hosp-p1", name="十堰市人民医院门诊党支部", kind="base_unit")
    owner = programme.owner
    w = {
        "admin": admin_user,
        "programme": programme,
        "w1": w1,
        "w2": w2,
        "branch": branch,
        "hospital": hospital,
        "organiser": make_user(owner, "organiser", by=admin_user, username="organiser"),
        "leader": make_user(owner, "leader", by=admin_user, username="leader"),
        "supervisor": make_user(owner, "supervisor", by=admin_user, username="supervisor"),
        "clerk1": make_user(w1, "clerk", by=admin_user, username="clerk1"),
        "clerk2": make_user(w2, "clerk", by=admin_user, username="clerk2"),
        "outsider": make_user(
            create_org(user=admin_user, code="xy", name="襄阳市", kind="leading_group"),
            "organiser",
            by=admin_user,
            username="outsider",
        ),
    }
    w["hclerk"] = make_user(hospital, "clerk", by=admin_user, username="hclerk")
    w["m1"] = s.add_member(
        user=w["clerk1"],
        programme=programme,
        window=w1,
        name="张红",
        post="挂号员",
        duties="门诊挂号、预约、咨询",
        party_org=branch,
    )
    w["m2"] = s.add_member(
        user=w["clerk1"], programme=programme, window=w1, name="李明", post="收费员", duties="门诊收费", party_org=branch
    )
    w["m3"] = s.add_member(user=w["clerk2"], programme=programme, window=w2, name="王芳", post="登记员", duties="婚姻登记")
    return w


@pytest.fixture
def verified(settings):
    """A function giving a verified-phone token through the SMS code, as a citizen gets one."""
    from django.core.cache import cache

    def token(phone):
        cache.delete(f"otp:cool:{phone}")
        otp.send_code(phone)
        return otp.verify_code(phone, last_code(settings, phone))

    return token
