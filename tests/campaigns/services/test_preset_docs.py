"""docs/presets.md names every key of both document kinds, and its two examples are valid documents."""

import re

from django.conf import settings

from pingxuan.campaigns.config import normalise
from pingxuan.campaigns.formschema import COMMON, TYPE_OPTIONS
from pingxuan.campaigns.presets import read_yaml
from pingxuan.campaigns.schema import CAMPAIGN
from pingxuan.campaigns.validation import List, Obj
from pingxuan.stars.schema import PROGRAMME
from pingxuan.stars.services import normalise_programme

DOC = (settings.PROJECT_DIR / "docs" / "presets.md").read_text(encoding="utf-8")


def keys_of(spec, seen=None):
    seen = set() if seen is None else seen
    if isinstance(spec, List):
        spec = spec.item
    if not isinstance(spec, Obj) or id(spec) in seen:
        return set()
    seen.add(id(spec))
    out = set(spec.fields)
    for child in spec.fields.values():
        out |= keys_of(child, seen)
    return out


def test_every_key_is_documented():
    keys = keys_of(CAMPAIGN) | keys_of(PROGRAMME) | set(COMMON)
    for options in TYPE_OPTIONS.values():
        keys |= set(options)
    missing = sorted(k for k in keys if f"`{k}`" not in DOC)
    assert missing == []


def test_examples_are_valid():
    examples = re.findall(r"```yaml\n(.*?)```", DOC, flags=re.S)
    assert len(examples) == 2
    assert normalise(read_yaml(examples[0]))["code"] == "mini"
    assert normalise_programme(read_yaml(examples[1]))["code"] == "demo-stars"
