"""What the staff pages share around a service call."""

from django.contrib import messages

from pingxuan.core.errors import ServiceError


def act(request, fn, ok, **kwargs):
    """Run a service; a refusal becomes the page's error message (never a 500). Returns (done, result)."""
    try:
        result = fn(**kwargs)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return False, None
    if ok:
        messages.success(request, ok)
    return True, result


def bulk(request, *, heading, action_label, back_url, selectable, run, hidden, check=None, text_label="", text=""):
    """A select-all action in two steps: the first POST shows what will happen to which nominations (nothing is
    changed; `check()` refuses bad shared input first); the second, with confirm=1, runs `run(ids)` (one service call per item) and shows each item's result."""
    from django.shortcuts import redirect, render

    from pingxuan.core.bulk import parse_ids

    try:
        ids = parse_ids(request.POST.getlist("nominations"))
        if check:
            check()
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(back_url)
    context = {"heading": heading, "action_label": action_label, "back_url": back_url}
    if request.POST.get("confirm") != "1":
        items = {n.pk: n for n in selectable.filter(pk__in=ids)}
        context.update(
            items=[items[pk] for pk in ids if pk in items],
            unknown=[pk for pk in ids if pk not in items],
            ids=ids,
            hidden=hidden,
            text_label=text_label,
            text=text,
            action_url=request.path,
        )
        return render(request, "web/bulk_confirm.html", context)
    try:
        rows = run(ids)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(back_url)
    done = sum(1 for r in rows if r["ok"])
    context.update(rows=rows, done=done, failed=len(rows) - done)
    return render(request, "web/bulk_result.html", context)
