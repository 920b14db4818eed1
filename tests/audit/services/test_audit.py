import io

import pytest
from django.core.management import call_command

from pingxuan.audit.models import AuditEvent
from pingxuan.audit.services import seal_pending, verify_chain
from pingxuan.orgs.services import update_org


def verify():
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("verify_audit", stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue().strip(), err.getvalue().strip()


@pytest.fixture
def chain(tree, admin_user):
    update_org(user=admin_user, org=tree["tax"], sector="税务", short_name="东宝税务")
    update_org(user=admin_user, org=tree["duodao"], region="掇刀")
    seal_pending()
    return list(AuditEvent.objects.order_by("seq"))


def test_every_change_writes_an_event_with_before_and_after(chain, tree):
    last = chain[-1]
    assert (last.action, last.object_type, last.object_id) == ("org.update", "orgs.organisation", str(tree["duodao"].pk))
    assert (last.before, last.after, last.actor_repr) == ({"region": "掇刀区"}, {"region": "掇刀"}, "admin")
    assert [e.action for e in chain] == ["org.create"] * 5 + ["org.update", "org.update"]


def test_intact_chain_verifies(chain):
    assert verify() == (0, f"审计链完整：已核验 {len(chain)} 个事件，0 个待封存。\n数据与审计链记录的摘要一致。", "")


def test_edited_row_is_named(chain):
    victim = chain[3]
    AuditEvent.objects.filter(pk=victim.pk).update(after={"name": "篡改"})
    code, _out, err = verify()
    assert code == 1
    assert err == (
        f"审计链被破坏：事件 #{victim.pk}（序号 {victim.seq}，org.create orgs.organisation:{victim.object_id}）："
        f"内容与哈希不符（记录被修改）。此前已核验 3 个事件。"
    )


def test_deleted_row_is_detected(chain):
    AuditEvent.objects.filter(pk=chain[2].pk).delete()
    code, _, err = verify()
    assert code == 1
    assert err == "审计链被破坏：序号 3：链中缺少序号 3 的事件（可能被删除）。此前已核验 2 个事件。"


def test_rehashed_row_breaks_the_link_to_the_next(chain):
    """An attacker who recomputes the edited event's own hash still breaks the next event's link."""
    from pingxuan.audit.services import compute_hash

    victim = AuditEvent.objects.get(pk=chain[1].pk)
    victim.after = {"name": "篡改"}
    victim.hash = compute_hash(victim)
    victim.save()
    result = verify_chain()
    assert (result.ok, result.broken.pk, result.problem) == (False, chain[2].pk, "与前一事件的链接不符")


def test_unsealed_events_are_reported_as_pending(chain, settings, tree, admin_user):
    settings.AUDIT_SEAL_ON_COMMIT = False
    update_org(user=admin_user, org=tree["window"], sector="银行")
    assert verify()[1] == f"审计链完整：已核验 {len(chain)} 个事件，1 个待封存。\n数据与审计链记录的摘要一致。"
    assert seal_pending() == 1
    assert verify()[1] == f"审计链完整：已核验 {len(chain) + 1} 个事件，0 个待封存。\n数据与审计链记录的摘要一致。"


def test_truncated_tail_is_detected(chain):
    AuditEvent.objects.filter(pk=chain[-1].pk).delete()
    code, _, err = verify()
    assert code == 1
    assert (
        err
        == f"审计链被破坏：序号 {len(chain)}：链尾应为序号 {len(chain)}，实际只有 {len(chain) - 1} 个事件。此前已核验 {len(chain) - 1} 个事件。"
    )
