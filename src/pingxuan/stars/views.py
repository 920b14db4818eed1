"""Pages of the standing programme. Public (no login): window and member pages, desk cards, rating by QR code,
the star board. Staff: a notice (通报) and its PDF; the other staff pages are in views_staff and views_register."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from pingxuan.core.errors import ServiceError
from pingxuan.core.files import file_response

from . import access, boardcache, cards, commitments, compute, otp, ratings
from . import services as s
from .models import DutyMember, SubjectKind

PDF = "application/pdf"


def _member(programme, pk):
    return get_object_or_404(
        DutyMember.objects.select_related("window", "party_org", "programme"), programme=programme, pk=pk, active=True
    )


def _kinds(programme):
    return {k["key"]: k["name"] for k in programme.config["commitments"]["kinds"]}


def window_page(request, code, pk):
    programme = access.public_programme(code)
    window = access.public_window(programme, pk)
    kinds = _kinds(programme)
    period = s.current_period(programme)
    rate = None
    if period:
        rate = ratings.satisfaction(programme, window, period["start"], period["end"])
    return render(
        request,
        "stars/window.html",
        {
            "programme": programme,
            "window": window,
            "period": period,
            "rate": rate,
            "members": DutyMember.objects.filter(window=window, active=True).order_by("id"),
            "commitments": [(kinds.get(c.kind, c.kind), c) for c in commitments.active_commitments(organisation=window)],
            "trend": compute.trend(programme, window=window),
            "level": compute.current_level(programme, window=window),
        },
    )


def member_page(request, code, pk):
    programme = access.public_programme(code)
    member = _member(programme, pk)
    kinds = _kinds(programme)
    return render(
        request,
        "stars/member.html",
        {
            "programme": programme,
            "member": member,
            "commitments": [(kinds.get(c.kind, c.kind), c) for c in commitments.active_commitments(member=member)],
            "trend": compute.trend(programme, member=member),
            "level": compute.current_level(programme, member=member),
        },
    )


def member_photo(request, code, pk):
    """A person on duty's photo on the public pages: typed by its content, inert (core.files)."""
    programme = access.public_programme(code)
    member = _member(programme, pk)
    if not member.photo:
        raise Http404("没有照片。")
    return file_response(member.photo, name=f"member-{member.pk}", missing="没有照片。")


def _pdf(content, name):
    response = HttpResponse(content, content_type=PDF)
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{name}"
    return response


def window_card(request, code, pk):
    programme = access.public_programme(code)
    return _pdf(cards.window_card(programme, access.public_window(programme, pk)), f"window-{pk}.pdf")


def member_card(request, code, pk):
    programme = access.public_programme(code)
    return _pdf(cards.member_card(_member(programme, pk)), f"member-{pk}.pdf")


def _ip(request):
    return request.META.get("REMOTE_ADDR")


@require_http_methods(["GET", "POST"])
def rate_page(request, code, pk):
    """Scan → phone → SMS code → 满意 / 基本满意 / 不满意 with an optional comment."""
    programme = access.public_programme(code)
    window = access.public_window(programme, pk)
    ctx = {
        "programme": programme,
        "window": window,
        "options": ratings.options(programme),
        "step": "phone",
        "phone": "",
        "error": None,
        "done": None,
    }
    if request.method == "POST":
        action = request.POST.get("action")
        ctx["phone"] = request.POST.get("phone", "").strip()
        try:
            if action == "send":
                ratings.send_code(programme, ctx["phone"], ip=_ip(request))
                ctx["step"] = "code"
            elif action == "rate":
                ctx["step"] = "code"
                token = otp.verify_code(ctx["phone"], request.POST.get("code"), ip=_ip(request))
                ctx["done"] = ratings.submit(
                    programme=programme,
                    window=window,
                    token=token,
                    option=request.POST.get("option"),
                    comment=request.POST.get("comment", ""),
                    ip=_ip(request),
                )
                ctx["step"] = "done"
            else:
                raise ServiceError("请求无效，请重新操作。")
        except ServiceError as exc:
            ctx["error"] = exc.message
    status = 200 if not ctx["error"] else 400
    return render(request, "stars/rate.html", ctx, status=status)


def board_page(request, code):
    """The public star board; a published run's pages come from the cache (see `boardcache`)."""
    index = boardcache.board_index(code)
    all_periods = index["periods"]
    published = [p["code"] for p in all_periods if p["code"] in index["published"]]
    period = request.GET.get("period") or (published[-1] if published else all_periods[0]["code"])
    if period not in {p["code"] for p in all_periods}:
        raise Http404("没有这个周期。")
    kind = request.GET.get("kind") or index.get("default_kinds", {}).get(period) or index["default_kind"]
    if kind not in SubjectKind.values:
        raise Http404("没有这类评星对象。")
    try:
        page = max(1, int(request.GET.get("page") or 1))
    except ValueError:
        page = 1
    run_id = index["published"].get(period)
    if run_id is not None:
        html = boardcache.cached_page(run_id, kind, page)
        if html is not None:
            return HttpResponse(html)
    programme = access.public_programme(code)
    run, rows, total = compute.board(programme, period, kind, page)
    response = render(
        request,
        "stars/board.html",
        {
            "programme": programme,
            "periods": all_periods,
            "period": period,
            "kind": kind,
            "run": run,
            "rows": rows,
            "total": total,
            "page": page,
            "pages": max(1, (total + 49) // 50),
            "kinds": SubjectKind.choices,
        },
    )
    if run is not None and run.pk == run_id:
        boardcache.keep_page(run_id, kind, page, response.content.decode())
    return response


@login_required
def notice_page(request, code, pk):
    programme, notice = access.get_notice(request.user, code, pk)
    if request.GET.get("format") == "pdf":
        from pingxuan.documents.pdf import render_pdf

        return _pdf(
            render_pdf("stars/notice_pdf.html", {"programme": programme, "notice": notice}), f"notice-{notice.number}.pdf"
        )
    return render(request, "stars/notice.html", {"programme": programme, "notice": notice})
