"""Staff pages of the standing programme: commitments (亮承诺, 回头看 with evidence, 再承诺) and leader scores (领导点评).

Thin views over the services in `commitments` and `services`; a window, commitment or review outside the user's
scope is a 404. Window by window: a page shows one window's subjects (the window, its people on duty and their
party organisations), so that a programme of thousands of windows stays usable.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render

from pingxuan.core.actions import act
from pingxuan.core.errors import ServiceError
from pingxuan.core.files import file_response

from . import access, commitments, rules
from . import services as s
from .models import Commitment, CommitmentReview, DutyMember, LeaderScore

WINDOW_LIST_MAX = 200


def pick_window(request, programme):
    """The window chosen with ?window= (404 outside scope), the only visible window, or None (show the list)."""
    visible = rules.visible_windows(request.user, programme)
    raw = request.GET.get("window") or request.POST.get("window")
    if raw:
        window = visible.filter(pk=raw if str(raw).isdigit() else 0).first()
        if window is None:
            raise Http404("未找到该窗口。")
        return window, visible
    if visible.count() == 1:
        return visible.first(), visible
    return None, visible


def window_choices(request, visible):
    q = (request.GET.get("q") or "").strip()
    rows = visible.filter(name__icontains=q) if q else visible
    return q, list(rows.order_by("path")[:WINDOW_LIST_MAX]), rows.count()


def subjects_of(programme, window):
    """[(key, label, organisation, member)] of a window: the window, its party organisations, its people on duty."""
    members = list(DutyMember.objects.filter(programme=programme, window=window, active=True).select_related("party_org"))
    out = [(f"org:{window.pk}", f"窗口：{window.name}", window, None)]
    parties = {m.party_org.pk: m.party_org for m in members if m.party_org}
    out += [(f"org:{p.pk}", f"党组织：{p.name}", p, None) for p in sorted(parties.values(), key=lambda o: o.path)]
    out += [(f"member:{m.pk}", f"党员：{m.name}（{m.post}）", m.window, m) for m in members]
    return out


def period_param(request, programme):
    code = request.GET.get("period") or request.POST.get("period")
    if code:
        try:
            return s.get_period(programme, code)
        except ServiceError:
            raise Http404("没有这个周期。")
    return s.current_period(programme)


@login_required
def commitments_page(request, code):
    programme = access.get_programme(request.user, code)
    window, visible = pick_window(request, programme)
    period = period_param(request, programme)
    ctx = {
        "programme": programme,
        "period": period,
        "periods": s.periods(programme),
        "tab": "commitments",
        "reader": rules.can_read_programme(request.user, programme),
    }
    if window is None:
        q, rows, total = window_choices(request, visible)
        counts = {r["organisation"]: r for r in commitments.counts(programme, period["code"] if period else None)}
        rows = [(w, counts.get(w.pk)) for w in rows]
        return render(request, "stars/staff/windows.html", {**ctx, "q": q, "rows": rows, "total": total, "next": "commitments"})
    subjects = subjects_of(programme, window)
    can_staff = {key for key, _, org, _ in subjects if rules.can_staff_org(request.user, programme, org)}
    if request.method == "POST":
        key = request.POST.get("subject", "")
        found = next((x for x in subjects if x[0] == key and key in can_staff), None)
        if found is None:
            messages.error(request, "请选择本窗口的承诺主体（窗口、党组织或党员）。")
        else:
            done, _ = act(
                request,
                commitments.publish,
                "承诺已公开。",
                user=request.user,
                programme=programme,
                organisation=found[2],
                member=found[3],
                kind=request.POST.get("kind", ""),
                text=request.POST.get("text", ""),
                period=request.POST.get("period", ""),
            )
            if done:
                return redirect(f"{request.path}?window={window.pk}&period={request.POST.get('period', '')}")
    orgs = [org.pk for key, _, org, member in subjects if member is None]
    members = [member.pk for _, _, _, member in subjects if member is not None]
    rows = (
        Commitment.objects.filter(programme=programme)
        .filter(_subject_q(orgs, members))
        .select_related("organisation", "member", "superseded_by")
        .prefetch_related("reviews")
        .order_by("-is_active", "member_id", "id")
    )
    kinds = {k["key"]: k["name"] for k in programme.config["commitments"]["kinds"]}
    names = {p["code"]: p["name"] for p in s.periods(programme)}
    shown = []
    for c in rows:
        review = next((r for r in c.reviews.all() if period and r.period == period["code"]), None)
        shown.append({"c": c, "kind": kinds.get(c.kind, c.kind), "review": review, "period": names.get(c.period, c.period)})
    return render(
        request,
        "stars/staff/commitments.html",
        {
            **ctx,
            "window": window,
            "subjects": [(key, label) for key, label, _, _ in subjects if key in can_staff],
            "kinds": kinds,
            "rows": shown,
            "form": request.POST if request.method == "POST" else {},
        },
    )


def _subject_q(orgs, members):
    from django.db.models import Q

    return Q(organisation_id__in=orgs, member__isnull=True) | Q(member_id__in=members)


@login_required
def commitment_page(request, code, pk):
    programme = access.get_programme(request.user, code)
    c = access.get_commitment(request.user, pk, programme)
    review_cfg = programme.config["commitments"]["review"]
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "review":
            done, _ = act(
                request,
                commitments.review,
                f"{review_cfg['name']}已记录。",
                user=request.user,
                commitment=c,
                period=request.POST.get("period", ""),
                fulfilled=request.POST.get("fulfilled") == "yes",
                evidence=request.POST.get("evidence", ""),
                evidence_file=request.FILES.get("evidence_file"),
            )
            if done:
                return redirect("stars-staff-commitment", code=code, pk=c.pk)
        elif action == "recommit":
            done, new = act(
                request,
                commitments.recommit,
                f"{review_cfg['recommit_name']}已公开，原承诺保留在记录中。",
                user=request.user,
                commitment=c,
                text=request.POST.get("text", ""),
                period=request.POST.get("period", ""),
                kind=request.POST.get("kind") or None,
            )
            if done:
                return redirect("stars-staff-commitment", code=code, pk=new.pk)
        else:
            messages.error(request, "请求无效，请重新操作。")
    chain, older = [], c.supersedes
    while older is not None:
        chain.append(older)
        older = Commitment.objects.select_related("supersedes").get(pk=older.pk).supersedes
    window = c.member.window if c.member else c.organisation
    kinds = {k["key"]: k["name"] for k in programme.config["commitments"]["kinds"]}
    names = {p["code"]: p["name"] for p in s.periods(programme)}
    reviews = list(c.reviews.select_related("reviewed_by").order_by("period"))
    for r in reviews:
        r.period_name = names.get(r.period, r.period)
    return render(
        request,
        "stars/staff/commitment.html",
        {
            "programme": programme,
            "tab": "commitments",
            "reader": rules.can_read_programme(request.user, programme),
            "c": c,
            "kind": kinds.get(c.kind, c.kind),
            "kinds": kinds,
            "window": window,
            "reviews": reviews,
            "period_name": names.get(c.period, c.period),
            "chain": chain,
            "periods": s.periods(programme),
            "current": s.current_period(programme),
            "review_cfg": review_cfg,
            "can_staff": rules.can_staff_org(request.user, programme, c.organisation),
            "form": request.POST if request.method == "POST" else {},
        },
    )


@login_required
def evidence_file(request, pk):
    """A 回头看 evidence file, for whoever may see the commitment."""
    review = CommitmentReview.objects.select_related("commitment__programme__owner", "commitment__member__window").filter(pk=pk)
    review = review.first()
    if review is None or not review.evidence_file:
        raise Http404("未找到该证明材料。")
    c = review.commitment
    access.get_commitment(request.user, c.pk)
    return file_response(review.evidence_file, name=review.evidence_name or "evidence")


@login_required
def leader_page(request, code):
    """领导点评: a leader scores the subjects of one window for a period (each score replaces their earlier one)."""
    programme = access.get_programme(request.user, code)
    if not rules.can_lead(request.user, programme, programme.owner) and not _leads_somewhere(request.user, programme):
        raise Http404("未找到该页面。")
    window, visible = pick_window(request, programme)
    period = period_param(request, programme)
    ctx = {
        "programme": programme,
        "period": period,
        "periods": s.periods(programme),
        "tab": "leader",
        "reader": rules.can_read_programme(request.user, programme),
    }
    if window is None:
        q, rows, total = window_choices(request, visible)
        return render(
            request,
            "stars/staff/windows.html",
            {**ctx, "q": q, "rows": [(w, None) for w in rows], "total": total, "next": "leader"},
        )
    subjects = [x for x in subjects_of(programme, window) if rules.can_lead(request.user, programme, x[2])]
    if not subjects:
        raise Http404("未找到该窗口。")
    if request.method == "POST":
        done = _save_scores(request, programme, period, subjects)
        if done:
            messages.success(request, f"已保存 {done} 项点评。")
            return redirect(f"{request.path}?window={window.pk}&period={period['code']}")
    mine = {
        r.subject_key: r for r in LeaderScore.objects.filter(programme=programme, period=period["code"], scored_by=request.user)
    }
    typed = request.POST if request.method == "POST" else {}
    rows = [
        {
            "key": key,
            "label": label,
            "mine": mine.get(key),
            "typed": typed.get(f"score-{key}", ""),
            "typed_comment": typed.get(f"comment-{key}"),
        }
        for key, label, _, _ in subjects
    ]
    return render(
        request,
        "stars/staff/leader.html",
        {
            **ctx,
            "window": window,
            "rows": rows,
            "scale": programme.config["evaluation"]["leader"]["scale_max"],
            "name": programme.config["evaluation"]["leader"]["name"],
        },
    )


def _leads_somewhere(user, programme):
    from pingxuan.orgs import rules as org_rules

    return any(p.startswith(programme.owner.path) for p in org_rules.paths_for(user, rules.LEADERS))


def _save_scores(request, programme, period, subjects):
    """Every filled score of the form in one transaction: one refusal saves none (the message names the subject)."""
    filled = [(key, label, org, member) for key, label, org, member in subjects if request.POST.get(f"score-{key}", "").strip()]
    if not filled:
        messages.error(request, "请至少填写一项点评得分。")
        return 0
    try:
        with transaction.atomic():
            for key, label, org, member in filled:
                try:
                    s.score_subject(
                        user=request.user,
                        programme=programme,
                        period=period["code"],
                        organisation=org,
                        member=member,
                        score=request.POST.get(f"score-{key}"),
                        comment=request.POST.get(f"comment-{key}", ""),
                    )
                except ServiceError as exc:
                    exc.message = f"{label}：{exc.message}（本次点评均未保存）"
                    raise
    except ServiceError as exc:
        messages.error(request, exc.message)
        return 0
    return len(filled)
