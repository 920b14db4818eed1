"""回头看 through the API with an evidence file (multipart): stored, listed with its download address, served to whoever
may see the commitment; a file that is not a photo or PDF is refused with the rule and nothing is saved."""

from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from pingxuan.stars import commitments as c
from pingxuan.stars.models import CommitmentReview
from tests.stars.pages.test_staff_pages import png


def test_review_with_an_evidence_file_through_the_api(world):
    made = c.publish(
        user=world["clerk1"],
        programme=world["programme"],
        organisation=world["w1"],
        kind="standard",
        text="一次告知",
        period="2011h1",
    )
    api = APIClient()
    api.force_authenticate(world["clerk1"])
    url = f"/api/commitments/{made.pk}/review/"
    bad = api.post(
        url,
        {
            "period": "2011h1",
            "fulfilled": "true",
            "evidence_file": SimpleUploadedFile("假.pdf", b"MZ\x90\x00", "application/pdf"),
        },
    )
    assert (bad.status_code, bad.json()["detail"]) == (
        400,
        "证明材料“假.pdf”应为 JPG、PNG 图片或 PDF 文件（按文件内容识别为 可执行程序）。",
    )
    assert CommitmentReview.objects.count() == 0
    done = api.post(url, {"period": "2011h1", "fulfilled": "true", "evidence_file": png("台账照片.png")}, format="multipart")
    assert done.status_code == 200
    review = CommitmentReview.objects.get()
    assert done.json()["reviews"] == [
        {
            "period": "2011h1",
            "fulfilled": True,
            "evidence": "",
            "evidence_name": "台账照片.png",
            "evidence_url": f"/stars/evidence/{review.pk}/",
            "reviewed_at": done.json()["reviews"][0]["reviewed_at"],
        }
    ]
    web = APIClient()
    web.force_login(world["organiser"])  # the download is a page: the session, as in the browser
    file = web.get(f"/stars/evidence/{review.pk}/")
    assert file.status_code == 200 and b"".join(file.streaming_content) == png().read()
