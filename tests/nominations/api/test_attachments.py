"""Photos and files through the API: upload with content checks, list, remove (a state), download; 404 across subtrees."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pingxuan.audit.models import AuditEvent
from pingxuan.nominations.models import Attachment
from tests.world import pdf, png

from .conftest import complete, draft, jpeg, submitted


def upload(client, n, field, file):
    return client.post(f"/api/nominations/{n.pk}/attachments/", {"field": field, "file": file})


def test_upload_answers_the_stored_file(world, api):
    n = draft(world)
    response = upload(api(world["clerk"]), n, "certs", pdf("证书.pdf"))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body.pop("uploaded_at")
    assert body == {
        "id": body["id"],
        "nomination": n.pk,
        "field": "certs",
        "original_name": "证书.pdf",
        "format": "PDF",
        "size": 77,
        "width": None,
        "height": None,
        "sort_order": 0,
        "is_active": True,
        "uploaded_by": "clerk",
        "url": f"/api/attachments/{body['id']}/file/",
    }
    photo = upload(api(world["clerk"]), n, "photos", jpeg("活动.jpg")).json()
    assert (photo["format"], photo["width"], photo["height"]) == ("JPEG", 640, 480)
    listed = api(world["clerk"]).get(f"/api/nominations/{n.pk}/attachments/").json()
    assert [(a["field"], a["original_name"]) for a in listed] == [("certs", "证书.pdf"), ("photos", "活动.jpg")]
    detail = api(world["clerk"]).get(f"/api/nominations/{n.pk}/").json()
    assert [a["id"] for a in detail["attachments"]] == [a["id"] for a in listed]
    assert AuditEvent.objects.filter(action="nomination.upload").count() == 2


def truncated_jpeg():
    data = jpeg().read()
    return SimpleUploadedFile("半张.jpg", data[: len(data) // 2], content_type="image/jpeg")


def big_jpeg():
    buf = io.BytesIO()
    Image.effect_noise((2400, 1800), 90).convert("RGB").save(buf, "JPEG", quality=98)
    return SimpleUploadedFile("大图.jpg", buf.getvalue(), content_type="image/jpeg")


def test_bad_uploads_are_refused_with_the_rule_and_nothing_is_stored(world, api):
    n = draft(world)
    clerk = api(world["clerk"])
    big = big_jpeg()
    cases = [
        (
            "photos",
            SimpleUploadedFile("照片.jpg", b"MZ\x90\x00" + b"\x00" * 200),
            "活动照片“照片.jpg”不是 JPG 图片（按文件内容识别为 可执行程序）。",
        ),
        ("photos", png("截图.png"), "活动照片“截图.png”不是 JPG 图片（按文件内容识别为 PNG）。"),
        ("photos", SimpleUploadedFile("空.jpg", b""), "活动照片“空.jpg”是空文件。"),
        ("photos", big, f"活动照片“大图.jpg”大小为 {big.size / 1024:.0f} KB，超过上限 2048 KB。"),
        ("certs", SimpleUploadedFile("证书.pdf", b"%PDF-1.4\n" + b"x" * 2000), "获奖证书复印件“证书.pdf”不是完整的 PDF 文件。"),
        ("unit_name", jpeg(), "“单位名称”不是上传字段。"),
        ("nope", jpeg(), "申报表中没有字段“nope”。"),
    ]
    for field, file, message in cases:
        response = upload(clerk, n, field, file)
        assert (response.status_code, response.json()["detail"]) == (400, message), field
    truncated = upload(clerk, n, "photos", truncated_jpeg())
    assert (truncated.status_code, truncated.json()) == (
        400,
        {"detail": "活动照片“半张.jpg”已损坏或不完整，无法读取。", "code": "invalid", "field": "photos"},
    )
    no_file = clerk.post(f"/api/nominations/{n.pk}/attachments/", {"field": "photos"})
    assert no_file.json() == {"detail": "请上传文件（表单字段“file”）。", "code": "invalid", "field": "file"}
    no_field = clerk.post(f"/api/nominations/{n.pk}/attachments/", {"file": jpeg()})
    assert no_field.json() == {"detail": "请给出上传字段代码（表单字段“field”）。", "code": "invalid", "field": "field"}
    assert not Attachment.objects.exists()
    for i in range(4):
        assert upload(clerk, n, "photos", jpeg(f"{i}.jpg")).status_code == 201
    fifth = upload(clerk, n, "photos", jpeg("5.jpg"))
    assert (fifth.status_code, fifth.json()) == (
        400,
        {"detail": "“活动照片”最多 4 个，已上传 4 个。", "code": "invalid", "field": "photos"},
    )
    assert Attachment.objects.count() == 4


def test_uploads_only_by_the_units_clerk_while_editable(world, api):
    n = submitted(world)
    late = upload(api(world["clerk"]), n, "certs", pdf())
    assert (late.status_code, late.json()["detail"]) == (409, "“审核中”状态的申报不能修改。")
    approver = upload(api(world["a1"]), n, "certs", pdf())
    assert (approver.status_code, approver.json()["detail"]) == (403, "您不能为这份申报上传文件。")
    stranger = upload(api(world["dd_clerk"]), n, "certs", pdf())
    assert (stranger.status_code, stranger.json()["detail"]) == (404, "未找到该申报。")


def test_remove_is_a_state_and_the_file_stays_readable(world, api):
    n = complete(world)
    clerk = api(world["clerk"])
    first = Attachment.objects.filter(nomination=n).order_by("id").first()
    removed = clerk.post(f"/api/attachments/{first.pk}/remove/")
    assert removed.status_code == 200
    assert (removed.json()["id"], removed.json()["is_active"]) == (first.pk, False)
    again = clerk.post(f"/api/attachments/{first.pk}/remove/")
    assert (again.status_code, again.json()["detail"]) == (400, "该文件已移除。")
    active = clerk.get(f"/api/nominations/{n.pk}/attachments/").json()
    everything = clerk.get(f"/api/nominations/{n.pk}/attachments/?include_removed=true").json()
    assert (len(active), len(everything)) == (2, 3)
    submit = clerk.post(f"/api/nominations/{n.pk}/submit/")
    assert submit.json()["detail"] == "申报表未填写完整：“活动照片”至少需要 3 张，现有 2 张。"
    download = clerk.get(f"/api/attachments/{first.pk}/file/")
    assert download.status_code == 200
    assert download["Content-Type"] == "image/jpeg"
    assert b"".join(download.streaming_content) == first.file.open("rb").read()
    approver = api(world["a1"]).post(f"/api/attachments/{active[0]['id']}/remove/")
    assert (approver.status_code, approver.json()["detail"]) == (403, "您不能修改这份申报的附件。")
    assert AuditEvent.objects.filter(action="nomination.remove_upload", object_id=str(first.pk)).count() == 1


def test_attachments_of_another_subtree_do_not_exist(world, api):
    n = complete(world)
    attachment = Attachment.objects.filter(nomination=n).first()
    outsider = api(world["dd_clerk"])
    for response in (
        outsider.get(f"/api/attachments/{attachment.pk}/file/"),
        outsider.post(f"/api/attachments/{attachment.pk}/remove/"),
        outsider.get("/api/attachments/999999/file/"),
    ):
        assert (response.status_code, response.json()) == (404, {"detail": "未找到该文件。", "code": "not_found"})
    attachment.refresh_from_db()
    assert attachment.is_active
    office = api(world["organiser"]).get(f"/api/attachments/{attachment.pk}/file/")
    assert office.status_code == 200
