"""Preset files: YAML documents under presets/ that reproduce the seed campaigns."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from django.conf import settings

from .validation import ConfigErrors, load_yaml, yaml_problem_zh

if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

PRESET_DIR = Path(getattr(settings, "PRESET_DIR", settings.PROJECT_DIR / "presets"))


def preset_path(name: str) -> Path:
    path = Path(name)
    if path.suffix in (".yaml", ".yml") and path.exists():
        return path
    candidate = PRESET_DIR / f"{name}.yaml"
    if not candidate.exists():
        available = "、".join(sorted(p.stem for p in PRESET_DIR.glob("*.yaml")))
        raise ConfigErrors([{"path": "", "message": f"找不到预设“{name}”，可用：{available}。"}])
    return candidate


def available_presets():
    out = []
    for path in sorted(PRESET_DIR.glob("*.yaml")):
        data = read_yaml(path.read_text(encoding="utf-8"))
        out.append(
            {
                "code": path.stem,
                "name": data.get("name", path.stem),
                "kind": data.get("kind", "campaign"),
                "doc_number": data.get("doc_number", ""),
                "year": data.get("year"),
            }
        )
    return out


def read_yaml(text: str) -> dict[str, Any]:
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else ""
        problem = yaml_problem_zh(getattr(exc, "problem", "") or str(exc))
        raise ConfigErrors(
            [{"path": "", "message": f"YAML 格式错误{('（' + where + '）') if where else ''}：{problem}"}]
        ) from exc
    if not isinstance(data, dict):
        raise ConfigErrors([{"path": "", "message": "配置文件的顶层应为键值表。"}])
    return data


class _Dumper(yaml.SafeDumper):
    pass


def _str_presenter(dumper, data):
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _str_presenter)


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)
