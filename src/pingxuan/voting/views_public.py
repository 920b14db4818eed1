"""Public pages: the mobile voting page of a category, receipts, candidate photos, the delegate's online ballot.

The voting page talks to the public API (code, verify, captcha, vote) from the browser; this module only renders.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from pingxuan.core.errors import ServiceError
from pingxuan.core.files import file_response

from . import ballots, ingest, page_html, public, services, tally_proof
from .models import Ballot, Delegate


def _404(exc):
    raise Http404(exc.message)


def vote_page(request, cat):
    try:
        data = public.shared(cat)
    except ServiceError as exc:
        _404(exc)
    seed = ingest.device_seed(request)
    if not ingest.device_of(request):  # a server-signed device cookie; the page's orders follow its value
        _raw, seed = ingest.issue_device()
    response = HttpResponse(page_html.page(data, seed=seed, query=request.GET.get("q", "")))
    if seed != ingest.device_seed(request):
        response.set_cookie(
            ingest.DEVICE_COOKIE, seed, max_age=ingest.DEVICE_MAX_AGE, httponly=True, samesite="Lax", secure=request.is_secure()
        )
    return response


def receipt_page(request):
    code = request.GET.get("code", "").strip()
    result, error = None, ""
    if code:
        try:
            result = services.lookup_receipt(code)
        except ServiceError as exc:
            error = exc.message
    return render(request, "voting/receipt.html", {"code": code, "result": result, "error": error})


def tally_page(request, cat):
    """The tally published at the close of voting: counts, the Merkle root, the export and how to check them."""
    try:
        category = tally_proof.public_category(cat)
    except ServiceError as exc:
        _404(exc)
    pub = tally_proof.latest(category)
    names = {str(c["id"]): c["name"] for c in pub.candidates}
    rows = sorted(((names.get(k, k), k, n) for k, n in pub.counts.items()), key=lambda r: (-r[2], int(r[1])))
    return render(request, "voting/tally.html", {"category": category, "pub": pub, "rows": rows})


def photo(request, pk):
    try:
        att = public.public_photo(pk)
    except ServiceError as exc:
        _404(exc)
    response = file_response(att.file, name=att.original_name, stored_kind=att.content_type)
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_http_methods(["GET", "POST"])
def delegate_ballot(request):
    code = (request.POST.get("code") or request.GET.get("code") or "").strip().upper()
    delegate = Delegate.objects.select_related("campaign").filter(code=code).first() if code else None
    errors, done = {}, []
    if delegate and request.method == "POST":
        for category in delegate.campaign.categories.all():
            picked = request.POST.getlist(f"cat-{category.code}")
            if f"submit-{category.code}" not in request.POST:
                continue
            try:
                ballots.cast_online(code=code, category_code=category.code, choices=picked)
                done.append(category.name)
            except ServiceError as exc:
                errors[category.code] = exc.message
    sections = []
    if delegate:
        voted = set(Ballot.objects.filter(delegate=delegate).values_list("category_id", flat=True))
        for category in delegate.campaign.categories.order_by("sort_order", "id"):
            sections.append(
                {
                    "category": category,
                    "candidates": list(services.candidates(category).order_by("id")),
                    "voted": category.pk in voted,
                    "error": errors.get(category.code, ""),
                }
            )
    return render(
        request,
        "voting/delegate_ballot.html",
        {
            "code": code,
            "delegate": delegate,
            "sections": sections,
            "done": done,
            "unknown": bool(code) and delegate is None,
            "max_choices": ballots.delegate_rules(delegate.campaign)["max_choices"] if delegate else 0,
        },
        status=400 if errors else 200,
    )
