"""常州 2015 (seed 002): “编写下发《常州市第三批优质服务品牌案例集》” — the case collection carries the seed's title."""

import io

import pytest
from docx import Document

from pingxuan.awards import casebook

pytestmark = pytest.mark.django_db


def test_seed_002_casebook_title_reads_as_the_seed_names_it(changzhou):
    content = casebook.casebook_docx(changzhou["campaign"])
    texts = [p.text for p in Document(io.BytesIO(content)).paragraphs if p.text.strip()]
    assert "常州市第三批优质服务品牌案例集" in texts
    assert not any("推荐评选案例集" in t for t in texts)
