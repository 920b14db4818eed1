"""Duplicates and near copies within one campaign (SPEC §4.4, last paragraph).

* The same person nominated twice (by ID number when the form has one, else name + birth month), the same window
  or brand (normalised name, or the same subject organisation) — any category, live nominations only.
* Case material largely copied between nominations: every long-text field of a nomination, with spaces and
  punctuation removed, is cut into 5-character shingles; a pair is flagged when the shared shingles make up at least
  half of the smaller text's (containment ≥ 0.5). Candidate pairs come from an inverted index of a content-defined
  sample of the shingles (1 in 4, by hash), so a provincial campaign (1,000 nominations × 2,000 字) is compared in
  about two seconds; each candidate is then measured exactly and its overlapping passages (longest common runs,
  at least 10 字) are returned so a page can show them side by side.

`duplicates(campaign)` lists every finding of a campaign; `flags_for(nomination)` those of one nomination, each with
the other nominations under "others". `near_copies(texts)` is the pure text comparison underneath.
"""

import re
from collections import Counter, defaultdict

from pingxuan.core.display import clauses

from .eligibility import normalise_name
from .models import Nomination

SHINGLE = 5
THRESHOLD = 0.5
MIN_RUN = 10
SAMPLE_MASK = 3  # keep shingles whose hash is 0 mod 4
MAX_POSTINGS = 200  # shingles shared by more nominations than this are boilerplate: skipped when finding candidates
SEP = "\x00"
WORD = re.compile(r"\w+")
ID_KEYS = {"id_number", "id_card", "idcard", "identity_number", "id_no"}
KIND_LABELS = {
    "person": "同一人重复推荐",
    "window": "同一窗口重复推荐",
    "brand": "同一品牌重复推荐",
    "copy": "案例材料雷同",
}


# Text comparison ----------------------------------------------------------------------------------


def _norm(text):
    return "".join(WORD.findall(str(text or ""))).replace("_", "")


def _positions(text):
    """For each character of `_norm(text)`, its index in `text`."""
    out = []
    for m in WORD.finditer(str(text or "")):
        out.extend(i for i in range(m.start(), m.end()) if text[i] != "_")
    return out


def _joined(fields):
    """The comparable text of one nomination: its long texts normalised, joined by a separator no shingle crosses."""
    return SEP.join(_norm(text) for _, text in fields)


def _clean_shingles(text):
    """The 5-character shingles of a joined text, none crossing a field boundary."""
    shingles = {text[i : i + SHINGLE] for i in range(len(text) - SHINGLE + 1)}
    if SEP in text:
        shingles = {s for s in shingles if SEP not in s}
    return shingles


def common_runs(a, b, min_run=MIN_RUN):
    """Longest common runs of two normalised texts, greedily left to right in `a`: [(start_a, start_b, length)]."""
    where = defaultdict(list)
    for j in range(len(b) - SHINGLE + 1):
        s = b[j : j + SHINGLE]
        if SEP not in s and len(where[s]) < 20:
            where[s].append(j)
    runs, i = [], 0
    while i <= len(a) - SHINGLE:
        best = None
        for j in where.get(a[i : i + SHINGLE], ()):
            n = SHINGLE
            while i + n < len(a) and j + n < len(b) and a[i + n] == b[j + n] and a[i + n] != SEP:
                n += 1
            if best is None or n > best[2]:
                best = (i, j, n)
        if best and best[2] >= min_run:
            runs.append(best)
            i += best[2]
        else:
            i += 1
    return runs


def compare(a, b, *, threshold=0.0, min_run=MIN_RUN, shingles_a=None):
    """Exact measures of two normalised texts: {containment, jaccard, shared, runs}.

    containment = shared shingles / the smaller text's shingles; the runs (see `common_runs`) are only worked out
    when the containment reaches `threshold`.
    """
    sa = shingles_a if shingles_a is not None else _clean_shingles(a)
    sb = _clean_shingles(b)
    if not sa or not sb:
        return {"containment": 0.0, "jaccard": 0.0, "shared": 0, "runs": []}
    shared = len(sa & sb)
    containment = shared / min(len(sa), len(sb))
    return {
        "containment": containment,
        "jaccard": shared / (len(sa) + len(sb) - shared),
        "shared": shared,
        "runs": common_runs(a, b, min_run) if shared and containment >= threshold else [],
    }


def near_copies(texts, *, threshold=THRESHOLD, min_run=MIN_RUN):
    """Pairs of texts sharing at least `threshold` of the smaller one's shingles.

    `texts` maps an id to a normalised text (see `_joined`). Returns [(id_a, id_b, measures)] with the measures of
    `compare`, highest containment first.
    """
    ids = [k for k, t in texts.items() if len(t) >= SHINGLE]
    first = {}  # sampled shingle hash → the first text holding it
    index = {}  # sampled shingle hash → every text holding it, for the shingles held by two or more
    sizes = {}
    for n, key in enumerate(ids):
        sample = {h for h in map(hash, _clean_shingles(texts[key])) if not h & SAMPLE_MASK}
        sizes[n] = len(sample)
        seen = sample & first.keys()
        for h in seen:
            index.setdefault(h, [first[h]]).append(n)
        first.update(dict.fromkeys(sample - seen, n))
    pairs = Counter()
    for posting in index.values():
        if 1 < len(posting) <= MAX_POSTINGS:
            for x in range(len(posting)):
                first = posting[x]
                for second in posting[x + 1 :]:
                    pairs[(first, second)] += 1
    out = []
    for (x, y), count in pairs.items():
        smaller = min(sizes[x], sizes[y])
        if count < 3 or count < threshold * 0.6 * smaller:
            continue
        measures = compare(texts[ids[x]], texts[ids[y]], threshold=threshold, min_run=min_run)
        if measures["containment"] >= threshold:
            out.append((ids[x], ids[y], measures))
    out.sort(key=lambda item: (-item[2]["containment"], str(item[0]), str(item[1])))
    return out


# Nominations --------------------------------------------------------------------------------------


def _live(campaign):
    from .services import LIVE

    return list(Nomination.objects.filter(campaign=campaign, status__in=LIVE).select_related("category", "unit", "recommender"))


def _long_fields(nomination):
    """[(field, text)] of the nomination's long-text fields, in form order (empty ones included as "")."""
    return [
        (f, str(nomination.data.get(f["key"]) or ""))
        for f in nomination.category.form.get("fields", [])
        if f["type"] == "longtext"
    ]


def _id_number(nomination):
    for f in nomination.category.form.get("fields", []):
        if f["key"] in ID_KEYS or "身份证" in f["label"]:
            value = "".join(str(nomination.data.get(f["key"]) or "").split()).upper()
            if value:
                return value
    return None


def _birth_month(nomination):
    for f in nomination.category.form.get("fields", []):
        if f["type"] in ("yearmonth", "date") and (f["key"] in ("birth", "birthday", "born") or "出生" in f["label"]):
            value = str(nomination.data.get(f["key"]) or "")
            if len(value) >= 7:
                return value[:7]
    return None


def _identity_keys(nomination):
    """The keys under which two nominations are the same nominee: [(kind, key, Chinese reason)]."""
    kind = nomination.category.kind
    name = normalise_name(nomination.title)
    if kind == "individual":
        id_number = _id_number(nomination)
        if id_number:
            return [("person", f"id:{id_number}", f"身份证号 {id_number} 相同")]
        birth = _birth_month(nomination)
        if name and birth:
            return [("person", f"name:{name}:{birth}", f"姓名“{nomination.title}”与出生年月 {birth} 相同")]
        return []
    keys = []
    if name:
        keys.append((kind, f"name:{name}", f"名称“{nomination.title}”相同"))
    for f in nomination.category.form.get("fields", []):
        value = normalise_name(nomination.data.get(f["key"])) if f["type"] == "org" else ""
        if value:
            keys.append((kind, f"org:{value}", f"{f['label']}“{nomination.data[f['key']]}”相同"))
    if nomination.unit.kind == kind:
        keys.append((kind, f"unit:{nomination.unit_id}", f"申报单位“{nomination.unit.name}”相同"))
    return keys


def _describe(n):
    return f"‘{n.title or n}’（{n.category.name}，{n.recommender.name}）"


def _same_nominee(nominations):
    groups = defaultdict(list)
    for n in nominations:
        for kind, key, reason in _identity_keys(n):
            groups[(kind, key)].append((n, reason))
    merged = {}
    for (kind, _), members in groups.items():
        ids = tuple(sorted({n.pk for n, _ in members}))
        if len(ids) < 2:
            continue
        entry = merged.setdefault(
            (kind, ids), {"kind": kind, "nominations": sorted({n for n, _ in members}, key=lambda n: n.pk), "reasons": []}
        )
        if members[0][1] not in entry["reasons"]:
            entry["reasons"].append(members[0][1])
    out = []
    for entry in merged.values():
        who = "、".join(_describe(n) for n in entry["nominations"])
        out.append(
            {
                "kind": entry["kind"],
                "label": KIND_LABELS[entry["kind"]],
                "nominations": entry["nominations"],
                "detail": f"{clauses(entry['reasons'])}：{who}。",
            }
        )
    return out


def _locate(nomination, norm_start, length):
    """Where a run of the joined normalised text lies in the original field: (field, start, original text)."""
    offset = 0
    for field, text in _long_fields(nomination):
        size = len(_norm(text))
        if norm_start < offset + size:
            local = norm_start - offset
            pos = _positions(text)
            start, end = pos[local], pos[min(local + length, len(pos)) - 1] + 1
            return field, start, text[start:end]
        offset += size + 1
    return None, 0, ""


def _passages(a, b, runs):
    out = []
    for start_a, start_b, length in runs:
        field_a, at_a, text_a = _locate(a, start_a, length)
        field_b, at_b, text_b = _locate(b, start_b, length)
        out.append(
            {
                "length": length,
                "text": text_a,
                "field": field_a["key"] if field_a else None,
                "field_label": field_a["label"] if field_a else None,
                "start": at_a,
                "other_text": text_b,
                "other_field": field_b["key"] if field_b else None,
                "other_field_label": field_b["label"] if field_b else None,
                "other_start": at_b,
            }
        )
    return out


def _copy_entry(a, b, measures):
    passages = _passages(a, b, measures["runs"])
    copied = sum(p["length"] for p in passages)
    percent = round(measures["containment"] * 100)
    return {
        "kind": "copy",
        "label": KIND_LABELS["copy"],
        "nominations": [a, b],
        "score": round(measures["containment"], 3),
        "detail": f"{_describe(a)}与{_describe(b)}的文字材料约 {percent}% 相同（重合 {len(passages)} 段，共 {copied} 字）。",
        "passages": passages,
    }


def duplicates(campaign):
    """Every finding of a campaign's live nominations, person/window/brand groups first, then near copies.

    Each entry: {kind: person|window|brand|copy, label, nominations: [Nomination…], detail (Chinese)}; copies also
    carry score (containment, 0–1) and passages: [{length, text, field, field_label, start, other_text,
    other_field, other_field_label, other_start}] — "other_*" refer to nominations[1], start offsets to the field's
    original text.
    """
    nominations = _live(campaign)
    by_id = {n.pk: n for n in nominations}
    texts = {n.pk: _joined(_long_fields(n)) for n in nominations}
    copies = [_copy_entry(by_id[x], by_id[y], m) for x, y, m in near_copies(texts)]
    return _same_nominee(nominations) + copies


def flags_for(nomination):
    """The findings that concern one nomination, for its page: like `duplicates`, each with "others" (the other
    nominations involved) and, for copies, passages oriented so that "text"/"field" are this nomination's."""
    nominations = _live(nomination.campaign)
    me = next((n for n in nominations if n.pk == nomination.pk), None)
    if me is None:
        return []
    out, copies = [], []
    for entry in _same_nominee(nominations):
        if any(n.pk == me.pk for n in entry["nominations"]):
            out.append({**entry, "others": [n for n in entry["nominations"] if n.pk != me.pk]})
    mine = _joined(_long_fields(me))
    shingles = _clean_shingles(mine)
    if shingles:
        for other in nominations:
            if other.pk == me.pk:
                continue
            measures = compare(mine, _joined(_long_fields(other)), threshold=THRESHOLD, shingles_a=shingles)
            if measures["containment"] >= THRESHOLD:
                copies.append({**_copy_entry(me, other, measures), "others": [other]})
    copies.sort(key=lambda e: -e["score"])
    return out + copies
