"""Every JSON answer of the API has a typed shape in the OpenAPI document, and an answer built through its shape
cannot drift from it."""

import pytest
import yaml
from rest_framework import serializers
from rest_framework.test import APIClient

from pingxuan.api.serializers import AnswerSerializer, DateTimeValue, NumberValue


def untyped(schema, components):
    """An object without properties (or no schema at all): a body the document, and so the fuzzer, cannot check."""
    if schema is None or schema == {}:
        return True
    if "$ref" in schema:
        return untyped(components[schema["$ref"].split("/")[-1]], components)
    if schema.get("type") == "array":
        return untyped(schema.get("items"), components)
    return schema.get("type") == "object" and not schema.get("properties")


def test_every_json_answer_has_a_typed_shape(db):
    response = APIClient().get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content.decode())
    components = schema["components"]["schemas"]
    missing = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for code, answer in operation["responses"].items():
                if not code.startswith("2") or code == "204":
                    continue
                content = answer.get("content")
                if not content:
                    missing.append(f"{method.upper()} {path} {code}: no body described")
                    continue
                json_schema = content.get("application/json", {}).get("schema") if "application/json" in content else {}
                if "application/json" in content and untyped(json_schema, components):
                    missing.append(f"{method.upper()} {path} {code}: untyped object")
    assert missing == []


class Shape(AnswerSerializer):
    id = serializers.IntegerField()
    total = NumberValue(allow_null=True)
    at = DateTimeValue()
    note = serializers.CharField(required=False)


def test_an_answer_shape_passes_values_on_as_computed():
    import datetime
    from decimal import Decimal

    at = datetime.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=datetime.UTC)
    assert dict(Shape({"id": 7, "total": Decimal("91.5"), "at": at}).data) == {"id": 7, "total": Decimal("91.5"), "at": at}
    assert dict(Shape({"id": 7, "total": None, "at": at, "note": "说明"}).data) == {
        "id": 7,
        "total": None,
        "at": at,
        "note": "说明",
    }


def test_an_answer_missing_a_declared_key_is_an_error_not_a_silent_omission():
    with pytest.raises(KeyError):
        Shape({"id": 7, "at": None}).data  # noqa: B018


def test_declared_keys_are_read_only_and_required_in_the_document_optional_ones_are_not():
    fields = Shape().fields
    assert {name: (f.read_only, f.required) for name, f in fields.items()} == {
        "id": (True, True),
        "total": (True, True),
        "at": (True, True),
        "note": (False, False),
    }
