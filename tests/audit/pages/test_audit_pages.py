"""The audit trail pages: who may read, filters, paging, the readable diff, exports and chain verification."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from pingxuan.audit.models import AuditEvent
from pingxuan.orgs.services import update_org
from tests.world import count_queries

pytestmark = pytest.mark.django_db


def test_clerk_gets_404(client, tree, people):
    client.force_login(people["clerk"])
    for name in ("audit-list", "audit-export", "audit-verify"):
        assert client.get(reverse(name)).status_code == 404, name


def test_supervisor_sees_diff_and_filters(client, tree, people, admin_user):
    update_org(user=admin_user, org=tree["tax"], name="东宝区税务局（新）")
    client.force_login(people["supervisor"])
    html = client.get(reverse("audit-list"), {"action": "org.update"}).content.decode()
    assert "共 1 条，第 1 / 1 页。" in html
    # In words a 纪检 officer reads: a sentence, Chinese field names, no machine codes.
    event = AuditEvent.objects.filter(action="org.update").latest("id")
    at = timezone.localtime(event.at)
    assert f"{at.year}年{at.month}月{at.day}日 {at:%H:%M}，admin 修改了组织：组织“东宝区税务局（新）”。" in html
    assert (
        '<tr><th scope="row">名称</th><td class="diff-before">东宝区税务局</td><td class="diff-after">东宝区税务局（新）</td></tr>'
        in html
    )
    assert "<code>org.update</code>" not in html and '<option value="org.update" selected>修改了组织</option>' in html
    html = client.get(reverse("audit-list"), {"actor": "nobody"}).content.decode()
    assert "没有符合条件的事件。" in html
    # Filter by object: its name or number.
    html = client.get(reverse("audit-list"), {"object": "（新）"}).content.decode()
    assert "共 1 条，第 1 / 1 页。" in html
    html = client.get(reverse("audit-list"), {"object": str(tree["tax"].pk), "action": "org.update"}).content.decode()
    assert "共 1 条，第 1 / 1 页。" in html


def test_supervisor_of_one_subtree_sees_only_its_events(client, tree, people, admin_user, make_user):
    dd_sup = make_user(tree["duodao"], "supervisor", by=admin_user, username="sup-dd")
    update_org(user=admin_user, org=tree["tax"], name="东宝区税务局（新）")
    client.force_login(dd_sup)
    html = client.get(reverse("audit-list")).content.decode()
    assert "东宝区税务局（新）" not in html
    assert "掇刀区" in html


def test_bad_date_range(client, tree, people):
    client.force_login(people["supervisor"])
    response = client.get(reverse("audit-list"), {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert response.status_code == 400
    assert "截止日期不能早于起始日期。" in response.content.decode()


def test_paging_and_constant_queries(client, tree, people, admin_user):
    client.force_login(admin_user)
    count = AuditEvent.objects.count()
    first = count_queries(lambda: client.get(reverse("audit-list")))
    for i in range(60):
        update_org(user=admin_user, org=tree["window"], name=f"窗口{i}")
    assert count_queries(lambda: client.get(reverse("audit-list"))) == first
    html = client.get(reverse("audit-list"), {"page": 2}).content.decode()
    assert f"共 {count + 60} 条，第 2 / 2 页。" in html and "上一页" in html


def test_export_csv_and_xlsx(client, tree, people, admin_user):
    update_org(user=admin_user, org=tree["tax"], name="东宝区税务局（新）")
    client.force_login(people["supervisor"])
    response = client.get(reverse("audit-export"), {"action": "org.update", "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "序号",
        "时间",
        "操作人",
        "说明",
        "变更（修改前 → 修改后）",
        "操作代码",
        "对象类型",
        "对象编号",
        "对象",
        "活动",
        "组织",
        "修改前",
        "修改后",
        "理由",
        "IP",
        "哈希",
    ]
    assert len(rows) == 2 and rows[1][4] == "名称：东宝区税务局 → 东宝区税务局（新）"
    assert rows[1][3].endswith("admin 修改了组织：组织“东宝区税务局（新）”。")
    assert rows[1][2:3] + rows[1][5:9] == [
        "admin",
        "org.update",
        "orgs.organisation",
        str(tree["tax"].pk),
        "东宝区税务局（新）",
    ]
    assert rows[1][11:13] == ['{"name": "东宝区税务局"}', '{"name": "东宝区税务局（新）"}']
    response = client.get(reverse("audit-export"), {"action": "org.update", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[2]][5] == "org.update"


def test_verify_chain_ok_and_broken(client, tree, people):
    from pingxuan.audit.services import seal_pending

    seal_pending()
    client.force_login(people["supervisor"])
    html = client.get(reverse("audit-verify")).content.decode()
    checked = AuditEvent.objects.filter(seq__isnull=False).count()
    assert f"哈希链完整：已校验 {checked} 个事件，未发现篡改。" in html
    event = AuditEvent.objects.get(seq=3)
    AuditEvent.objects.filter(pk=event.pk).update(object_repr="篡改")
    html = client.get(reverse("audit-verify")).content.decode()
    assert f"哈希链已损坏：序号 3 的事件（#{event.pk} {event.action}，篡改）内容与哈希不符（记录被修改）。" in html
    assert "此前 2 个事件校验通过。" in html
