"""Imports point down (docs/architecture.md): no module imports one that imports it back, directly or round a longer
loop, and no area imports a higher one, at module level or inside a function. Parsed with ast, nothing imported.
Imports made only for annotations (under `if TYPE_CHECKING:`) never run, so they are not counted."""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[3] / "src"
ROOT = SRC / "pingxuan"

# Bottom to top. A module belongs to the longest prefix listed. The infrastructure every area writes through (errors,
# the audit trail's writer, background jobs, documents) is at the bottom; the audit trail's reader pages scope events by
# organisation and campaign, and the job pages show a job to the people of its campaign, so they sit above the campaigns.
LAYERS = [
    ["core", "audit", "jobs", "documents"],
    ["orgs"],
    ["campaigns"],
    ["audit.rules", "audit.access", "audit.views", "audit.urls", "audit.forms", "jobs.access", "jobs.views", "jobs.urls"],
    ["nominations"],
    ["judging", "voting", "stars"],
    ["results"],
    ["publicity"],
    ["awards"],
    ["web", "api"],
]
# Cycles still being untangled elsewhere; each entry names its modules, sorted. Keep this empty.
ALLOWED_CYCLES: list[tuple[str, ...]] = []


def _modules():
    out = {}
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _owner(name):
    """The module (or package) of ours that `name` refers to, or None for third-party code."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name if name.startswith("pingxuan") else None


def _targets(module, path, node):
    if isinstance(node, ast.Import):
        names = [a.name for a in node.names]
    else:
        base = module
        if node.level:
            package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
            base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
        else:
            base = node.module
        names = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
    return {t for t in map(_owner, names) if t and t != module}


def _graph():
    graph = {}
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[module] = set()
        typing_only = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for inner in ast.walk(node)
        }
        for node in ast.walk(tree):  # every import, at module level and inside functions
            if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in typing_only:
                graph[module] |= _targets(module, path, node)
    return graph


GRAPH = _graph()


def _cycles(graph):
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index, low, on, stack, out, counter = {}, {}, set(), [], [], [0]
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    break
                if child in on:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        top = stack.pop()
                        on.discard(top)
                        component.append(top)
                        if top == node:
                            break
                    if len(component) > 1:
                        out.append(tuple(sorted(component)))
    return sorted(out)


def _layer(module):
    rest = module.removeprefix("pingxuan.")
    best = None
    for level, names in enumerate(LAYERS):
        for name in names:
            if (rest == name or rest.startswith(name + ".")) and (best is None or len(name) > len(best[1])):
                best = (level, name)
    return None if best is None else best[0]


def test_the_parser_sees_module_and_function_level_imports():
    assert "pingxuan.core.errors" in GRAPH["pingxuan.nominations.services"]
    assert "pingxuan.stars.facts" in GRAPH["pingxuan.stars.apps"]  # a relative import
    assert "pingxuan.nominations.eligibility" in GRAPH["pingxuan.stars.apps"]  # imported inside ready()


def test_no_import_cycle():
    assert [c for c in _cycles(GRAPH) if c not in ALLOWED_CYCLES] == []


def test_every_area_has_a_layer():
    assert sorted({m.split(".")[1] for m in MODULES if m.count(".") and _layer(m) is None}) == [
        "asgi",
        "settings",
        "urls",
        "wsgi",
    ]


def test_imports_point_down():
    upward = sorted(
        f"{a} -> {b}"
        for a, targets in GRAPH.items()
        for b in targets
        if _layer(a) is not None and _layer(b) is not None and _layer(b) > _layer(a)
    )
    assert upward == []
