"""The unit clerk's (经办人) pages: the unit's nominations with quota and 排序表, create, the form editor, uploads,
submit and withdraw, and pre-review (预审)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from pingxuan.campaigns.access import get_campaign
from pingxuan.campaigns.models import Quota
from pingxuan.core.display import clauses
from pingxuan.core.errors import PermissionDenied, ServiceError
from pingxuan.orgs import rules as org_rules
from pingxuan.orgs.models import Organisation, Role

from . import rules as nom_rules
from . import services, uploads
from .access import get_attachment, get_nomination
from .fields import FILE_TYPES
from .forms import CreateForm, PreReviewForm, details_by_field, editor_row, editor_rows, editor_values
from .models import Attachment, Nomination, PreReview
from .views import attachments_of, change_with_reason, last_return, optional, refused, units_of

UNIT_ROLES = (Role.CLERK, Role.APPROVER)


def _recommender_quotas(user, campaign, category):
    """The quota rows of the recommending units a person's units belong to (or that lie below them)."""
    units = units_of(user, campaign, roles=UNIT_ROLES)
    found = {}
    for unit in units:
        quota = services.quota_for(category, unit)
        if quota is not None:
            found[quota.pk] = quota
    for quota in Quota.objects.filter(category=category).select_related("organisation", "category"):
        if any(quota.organisation.path.startswith(u.path) for u in units):
            found[quota.pk] = quota
    return sorted(found.values(), key=lambda q: (q.sort_order, q.organisation.path))


@login_required
def unit_page(request, code):
    campaign = get_campaign(request.user, code)
    user = request.user
    paths = nom_rules.unit_paths(user, campaign, roles=UNIT_ROLES)
    if not paths:
        raise Http404("您在该评选活动中没有经办或审核的单位。")
    mine = list(
        Nomination.objects.filter(campaign=campaign)
        .filter(org_rules.subtree_q(paths, field="unit__path"))
        .select_related("category", "unit", "recommender")
        .order_by("category__sort_order", "rank", "id")
    )
    visible = {n.pk: n for n in mine}
    sections = []
    for category in campaign.categories.all():
        groups = []
        for quota in _recommender_quotas(user, campaign, category):
            ranked = services.ranking(category, quota.organisation)
            rows = [{"n": visible.get(n.pk), "rank": n.rank, "alternate": alt, "pk": n.pk} for n, alt in ranked]
            groups.append(
                {
                    "quota": quota,
                    "rows": rows,
                    "used": len(rows),
                    "can_rank": nom_rules.can_nominate_for(user, campaign, quota.organisation)
                    or nom_rules.can_manage(user, campaign),
                }
            )
        ended = [n for n in mine if n.category_id == category.pk and n.status not in services.LIVE]
        if groups or ended:
            sections.append({"category": category, "groups": groups, "ended": ended})
    context = {
        "campaign": campaign,
        "sections": sections,
        "can_create": bool(units_of(user, campaign)),
        "pre_review": bool(campaign.policies.get("pre_review")),
        "paper_ready": optional("paper") is not None,
    }
    return render(request, "nominations/unit.html", context)


@login_required
@require_POST
def rank(request, code, category, recommender):
    """排序表: move one nomination up or down (buttons), or post the whole order (drag and drop)."""
    campaign = get_campaign(request.user, code)
    cat = campaign.categories.filter(pk=category).first()
    org = Organisation.objects.filter(pk=recommender).first()
    if cat is None or org is None or not org_rules.can_view_org(request.user, org):
        raise Http404("未找到该排序表。")
    current = [n.pk for n, _ in services.ranking(cat, org)]
    order = [int(x) for x in request.POST.getlist("order") if x.isdigit()]
    move, direction = request.POST.get("move", ""), request.POST.get("dir")
    if not order and move.isdigit() and int(move) in current:
        i = current.index(int(move))
        j = i - 1 if direction == "up" else i + 1
        order = list(current)
        if 0 <= j < len(order):
            order[i], order[j] = order[j], order[i]
    try:
        services.set_ranking(user=request.user, category=cat, recommender=org, order=order)
        messages.success(request, f"已保存“{org.name}”在“{cat.name}”的排序。")
    except PermissionDenied as exc:
        return refused(request, exc.message)
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect(reverse("nom-unit", args=[campaign.code]) + f"#cat-{cat.pk}")


def _unit_choices(user, campaign):
    """The units a clerk may nominate for: their units and every organisation below them."""
    tops = units_of(user, campaign)
    if not tops:
        return []
    out = []
    for org in Organisation.objects.filter(org_rules.subtree_q([t.path for t in tops]), is_active=True).order_by("path"):
        base = min((t for t in tops if org.path.startswith(t.path)), key=lambda t: len(t.path))
        org.indent = org.path.count("/") - base.path.count("/")
        out.append(org)
    return out


@login_required
def create(request, code):
    campaign = get_campaign(request.user, code)
    units = _unit_choices(request.user, campaign)
    if not units:
        raise Http404("您不是该评选活动中任何单位的经办人。")
    categories = list(campaign.categories.all())
    form = CreateForm(request.POST or None, categories=categories, units=units)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            category = next(c for c in categories if str(c.pk) == form.cleaned_data["category"])
            unit = next(u for u in units if str(u.pk) == form.cleaned_data["unit"])
            try:
                nomination = services.create_nomination(user=request.user, category=category, unit=unit)
                messages.success(request, f"已新建“{category.name}”申报，请填写申报表。")
                return redirect("nom-edit", nomination.pk)
            except PermissionDenied as exc:
                return refused(request, exc.message)
            except ServiceError as exc:
                form.add_error(None, exc.message)
    return render(request, "nominations/create.html", {"campaign": campaign, "form": form}, status=status)


def _editor_context(nomination, data, *, errors=None, warnings=None, problems=None):
    return {
        "n": nomination,
        "campaign": nomination.campaign,
        "rows": editor_rows(nomination.category, data, errors=errors, warnings=warnings, attachments=attachments_of(nomination)),
        "errors": errors or {},
        "warnings": warnings or {},
        "problems": problems or [],
        "returned": last_return(nomination) if nomination.status == "returned" else None,
    }


def _save_uploads(request, nomination):
    """Uploads that came with the whole form (without JavaScript). Returns refusals per field."""
    refusals = {}
    for field in services.file_fields(nomination.category):
        for upload in request.FILES.getlist("u_" + field["key"]):
            try:
                uploads.add_attachment(user=request.user, nomination=nomination, field_key=field["key"], upload=upload)
            except ServiceError as exc:
                refusals[field["key"]] = exc.message
    return refusals


@login_required
def edit(request, pk):
    nomination = get_nomination(request.user, pk)
    if not nom_rules.can_edit(request.user, nomination):
        return redirect("nom-detail", nomination.pk)
    if request.method != "POST":
        invalid = services.draft_problems(nomination)
        return render(request, "nominations/edit.html", _editor_context(nomination, nomination.data, errors=invalid))
    data = editor_values(nomination.category.form, request.POST)
    action = request.POST.get("action", "save")
    try:
        # Everything typed is saved (values that break a rule are kept and marked); only submission needs validity.
        invalid, warnings = services.save_draft(user=request.user, nomination=nomination, data=data)
    except PermissionDenied as exc:
        return refused(request, exc.message)
    except ServiceError as exc:
        errors = details_by_field(exc) or {"": exc.message}
        context = _editor_context(nomination, {**nomination.data, **data}, errors=errors, problems=list(errors.values()))
        return render(request, "nominations/edit.html", context, status=400)
    nomination.refresh_from_db()
    refusals = _save_uploads(request, nomination)
    remove = request.POST.get("remove", "")
    if remove.isdigit():
        attachment = Attachment.objects.filter(pk=int(remove), nomination=nomination).first()
        if attachment is not None:
            try:
                uploads.remove_attachment(user=request.user, attachment=attachment)
            except ServiceError as exc:
                refusals[attachment.field] = exc.message
    if refusals:
        context = _editor_context(
            nomination, nomination.data, errors={**invalid, **refusals}, warnings=warnings, problems=list(refusals.values())
        )
        return render(request, "nominations/edit.html", context, status=400)
    if invalid:
        # Saved, but marked: the page stays open on the fields to correct (also when 提交审核 was pressed).
        head = "草稿已保存（填写的内容都已保留）；" if action == "save" else "已保存填写的内容，但还不能提交审核："
        problems = [f"{head}以下 {len(invalid)} 项格式不对，请改正后再提交审核。", *invalid.values()]
        context = _editor_context(nomination, nomination.data, errors=invalid, warnings=warnings, problems=problems)
        return render(request, "nominations/edit.html", context, status=200 if action == "save" else 400)
    if action == "submit":
        try:
            services.submit_nomination(user=request.user, nomination=nomination)
        except PermissionDenied as exc:
            return refused(request, exc.message)
        except ServiceError as exc:
            errors = details_by_field(exc) or {"": exc.message}
            context = _editor_context(nomination, nomination.data, errors=errors, warnings=warnings, problems=[exc.message])
            return render(request, "nominations/edit.html", context, status=400)
        nomination.refresh_from_db()
        messages.success(request, f"“{nomination}”已提交{_next_step(nomination)}。")
        return redirect("nom-detail", nomination.pk)
    messages.success(request, "草稿已保存。")
    if warnings and not remove.isdigit():
        return render(request, "nominations/edit.html", _editor_context(nomination, nomination.data, warnings=warnings))
    return redirect("nom-edit", nomination.pk)


def _next_step(nomination):
    from . import approval

    if nomination.status == "received":
        return "，已报送评选活动办公室"
    level = approval.levels(nomination.category)[nomination.level]
    return f"，等待“{level['title']}”"


def _field_of(nomination, key):
    for field in nomination.category.form.get("fields", []):
        if field["key"] == key and field["type"] in FILE_TYPES:
            return field
    raise Http404("申报表中没有该上传栏。")


def _field_partial(request, nomination, field, error="", status=200):
    row = editor_row(field, None, error=error, attachments=attachments_of(nomination).get(field["key"], ()))
    return render(request, "nominations/_field.html", {"row": row, "n": nomination}, status=status)


@login_required
@require_POST
def upload(request, pk, field):
    """Immediate upload from the editor (JavaScript): returns the field's part of the page with its previews."""
    nomination = get_nomination(request.user, pk)
    spec = _field_of(nomination, field)
    errors = []
    files = request.FILES.getlist("file")
    if not files:
        errors.append("请选择要上传的文件。")
    for item in files:
        try:
            uploads.add_attachment(user=request.user, nomination=nomination, field_key=field, upload=item)
        except PermissionDenied as exc:
            return refused(request, exc.message)
        except ServiceError as exc:
            errors.append(exc.message)
    return _field_partial(request, nomination, spec, error=clauses(errors, end="。"), status=400 if errors else 200)


@login_required
@require_POST
def remove(request, pk):
    attachment = get_attachment(request.user, pk)
    nomination = attachment.nomination
    error = ""
    try:
        uploads.remove_attachment(user=request.user, attachment=attachment)
    except PermissionDenied as exc:
        return refused(request, exc.message)
    except ServiceError as exc:
        error = exc.message
    if request.headers.get("X-Requested-With") == "fetch":
        return _field_partial(
            request, nomination, _field_of(nomination, attachment.field), error=error, status=400 if error else 200
        )
    if error:
        messages.error(request, error)
    return redirect("nom-edit", nomination.pk)


@login_required
@require_POST
def withdraw(request, pk):
    return change_with_reason(request, pk, services.withdraw, "已撤回“{}”。")


@login_required
def prereview(request, code):
    """预审: the unit sends its draft list with a note and sees the office's comments."""
    campaign = get_campaign(request.user, code)
    units = units_of(request.user, campaign)
    if not units:
        raise Http404("您不是该评选活动中任何单位的经办人。")
    paths = [u.path for u in units]
    drafts = list(
        # Not yet reported formally: drafts, returned ones, and those still in the units' approval chain (河北: the
        # city leading group sends what has reached it before its formal report).
        Nomination.objects.filter(campaign=campaign, status__in=["draft", "returned", "submitted"])
        .filter(org_rules.subtree_q(paths, field="unit__path"))
        .select_related("category", "unit")
    )
    form = PreReviewForm(request.POST or None, units=units, nominations=drafts)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            unit = next(u for u in units if str(u.pk) == form.cleaned_data["unit"])
            chosen = [n for n in drafts if str(n.pk) in form.cleaned_data["nominations"]]
            try:
                services.send_prereview(
                    user=request.user, campaign=campaign, unit=unit, nominations=chosen, note=form.cleaned_data["note"]
                )
                messages.success(request, f"已将 {len(chosen)} 份申报报送活动办公室预审。")
                return redirect("nom-prereview", campaign.code)
            except PermissionDenied as exc:
                return refused(request, exc.message)
            except ServiceError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    sent = (
        PreReview.objects.filter(campaign=campaign)
        .filter(org_rules.subtree_q(paths, field="unit__path"))
        .select_related("unit", "sent_by", "commented_by")
        .prefetch_related("nominations__category")
    )
    context = {"campaign": campaign, "form": form, "sent": sent, "enabled": bool(campaign.policies.get("pre_review"))}
    return render(request, "nominations/prereview.html", context, status=status)
