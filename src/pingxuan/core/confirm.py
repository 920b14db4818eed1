"""Confirmation before an irreversible step (审定, publish, finalise, issue certificates, invalidate votes).

The step's form posts once without `confirmed`: the server answers with a page summarising what will happen, asking
for the fields the record needs (a required reason, the minutes), and carrying the rest of the form as hidden
fields; its button posts again with `confirmed=1`, and the view then acts and ends on a page saying what happened.
Works without JavaScript, and the API needs no second step (a client states its intent in one call)."""

from django.shortcuts import render

CONFIRMED = "confirmed"


def confirmed(request):
    return request.POST.get(CONFIRMED) == "1"


def field(name, label, *, value="", required=True, rows=3, help="", error=""):
    return {"name": name, "label": label, "value": value, "required": required, "rows": rows, "help": help, "error": error}


def missing(request, fields):
    """The required fields left empty, each marked with a message naming it; [] when all are filled."""
    out = []
    for f in fields:
        value = (request.POST.get(f["name"]) or "").strip()
        f["value"] = value
        if f["required"] and not value:
            f["error"] = f"请填写“{f['label']}”：这一步记录在案，必须写明。"
            out.append(f)
    return out


def confirm_page(request, *, title, summary, action, cancel, fields=(), keep=None, warning="此操作不可撤销。", status=200):
    """The confirmation page: `summary` lines say what will happen; `fields` are asked for (required ones must be
    filled before the step runs); `keep` are the form's other values, carried along unchanged."""
    names = {f["name"] for f in fields}
    hidden = []
    for key, values in (keep if keep is not None else request.POST).lists():
        if key in names or key in ("csrfmiddlewaretoken", CONFIRMED):
            continue
        hidden += [(key, v) for v in values]
    context = {
        "title": title,
        "summary": summary,
        "action": action,
        "cancel": cancel,
        "fields": list(fields),
        "hidden": hidden,
        "warning": warning,
        "post_to": request.path,
    }
    return render(request, "web/confirm.html", context, status=status)
