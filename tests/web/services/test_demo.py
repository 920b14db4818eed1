import io

from django.core.management import call_command

from pingxuan.campaigns.models import Campaign
from pingxuan.orgs.models import Membership, User


def test_demo_preset_loads_jingmen_with_one_user_per_role_and_prints_logins(db):
    out = io.StringIO()
    call_command("demo", "--preset", "jingmen-2019", stdout=out)
    text = out.getvalue()
    campaign = Campaign.objects.get(code="jingmen-2019")
    assert campaign.doc_number == "荆工办〔2019〕3号"
    roles = sorted({m.role for m in Membership.objects.filter(is_active=True)})
    assert roles == ["approver", "clerk", "delegate", "judge", "leader", "organiser", "supervisor"]
    assert User.objects.get(username="admin").is_superuser
    for username in [
        "admin",
        "organiser",
        "leader",
        "supervisor",
        "clerk",
        "approver1",
        "approver2",
        "approver3",
        "judge1",
        "delegate",
    ]:
        assert f"  {username}" in text
    assert "演示账号（密码均为 Pingxuan-2026），登录后从以下页面开始：" in text
    again = io.StringIO()
    call_command("demo", "--preset", "jingmen-2019", stdout=again)
    assert User.objects.count() == 12 and "已载入预设" not in again.getvalue()


def test_load_preset_with_demo_flag(db):
    out = io.StringIO()
    call_command("load_preset", "hebei-2012", "--demo", stdout=out)
    assert "已载入：" in out.getvalue()
    clerk = User.objects.get(username="clerk")
    assert clerk.memberships.get().organisation.kind == "base_unit"
    judge = User.objects.get(username="judge1").memberships.get()
    assert judge.campaign.code == "hebei-2012" and judge.organisation.name == "专家评审组"
