"""More nomination pages: the clerk's eligibility attestations (资格承诺) with evidence files, the Excel import of
nominations for clerks and the office, and the office's print-all job, deadline reminders and lapsing (视为自动放弃).

Views stay thin: every change goes through a service (`eligibility.attest`, `importer.import_nominations`,
`documents.imports.start_import_job`, `paper.jobs.start_print_all`, `reminders.send_reminders`,
`services.lapse_overdue`). Whoever may not see the nomination or the campaign's page gets 404; a refusal shows the
service's Chinese message and nothing is saved.
"""

from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from pingxuan.campaigns.access import get_category
from pingxuan.campaigns.services import phase_window, today
from pingxuan.core.errors import ImportRejected, PermissionDenied, ServiceError
from pingxuan.documents.excel import wants_background

from . import eligibility, importer, reminders, services
from . import rules as nom_rules
from .access import MANAGE_ONLY, get_evidence, get_nomination, import_campaign, office_campaign
from .downloads import evidence_response
from .models import Attestation, Nomination, Status
from .services import lapse_refusal
from .views import refused

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FOREGROUND_MAX = 512 * 1024  # larger uploads are imported as a background job


# Eligibility attestations ---------------------------------------------------------------------------------------


def _attestation_rows(nomination, errors=None, posted=None):
    """The checklist with, for each attested rule, its active attestation and the earlier (superseded) ones."""
    errors, posted = errors or {}, posted or {}
    needs = {r["key"]: bool(r.get("evidence")) for r in nomination.category.eligibility or []}
    active = eligibility.active_attestations(nomination)
    earlier = {}
    for a in Attestation.objects.filter(nomination=nomination, is_active=False).select_related("attested_by"):
        earlier.setdefault(a.rule_key, []).append(a)
    rows = []
    for item in eligibility.checklist(nomination):
        evidence = item["evidence"] if item["check"] == "attested" else None
        rows.append(
            {
                "item": item,
                "current": evidence,
                "attestation": active.get(item["key"]) if evidence else None,
                "earlier": earlier.get(item["key"], []),
                "error": errors.get(item["key"]),
                "statement": posted.get(item["key"], evidence["statement"] if evidence else ""),
                "needs_evidence": needs.get(item["key"], False),
            }
        )
    return rows


def _eligibility_context(request, nomination, errors=None, posted=None):
    rows = _attestation_rows(nomination, errors, posted)
    return {
        "n": nomination,
        "campaign": nomination.campaign,
        "rows": rows,
        "can_attest": nom_rules.can_nominate_for(request.user, nomination.campaign, nomination.unit)
        and nomination.status not in eligibility.ENDED,
        "can_rule": nom_rules.can_manage(request.user, nomination.campaign) and nomination.status not in eligibility.ENDED,
        "ruling_max": eligibility.RULING_MAX,
        "ended": nomination.status in eligibility.ENDED,
        "statement_max": eligibility.STATEMENT_MAX,
        "summary": eligibility.summary([r["item"] for r in rows]),
        "states": eligibility.STATES,
    }


@login_required
def eligibility_page(request, pk):
    """The checklist of one nomination; the unit's clerk attests the rules that need a statement."""
    nomination = get_nomination(request.user, pk)
    return render(request, "nominations/extra/eligibility.html", _eligibility_context(request, nomination))


@login_required
@require_POST
def attest(request, pk, rule):
    nomination = get_nomination(request.user, pk)
    statement = request.POST.get("statement", "")
    try:
        eligibility.attest(
            user=request.user,
            nomination=nomination,
            rule_key=rule,
            statement=statement,
            evidence=request.FILES.get("evidence"),
        )
    except PermissionDenied as exc:
        return refused(request, exc.message)
    except ServiceError as exc:
        context = _eligibility_context(request, nomination, errors={rule: exc.message}, posted={rule: statement})
        attested = {r["item"]["key"] for r in context["rows"] if r["item"]["check"] == "attested"}
        if rule not in attested or not context["can_attest"]:  # no form to show the message at
            context["page_error"] = exc.message
        return render(request, "nominations/extra/eligibility.html", context, status=exc.status)
    label = next((r["label"] for r in nomination.category.eligibility or [] if r["key"] == rule), rule)
    messages.success(request, f"已保存对“{label}”的承诺。")
    return redirect(reverse("nom-eligibility", args=[nomination.pk]) + f"#rule-{rule}")


@login_required
@require_POST
def rule_on(request, pk, rule):
    """The office records an exemption (不符合) or a verification (待核实) of an automatic rule, with its reason."""
    nomination = get_nomination(request.user, pk)
    reason = request.POST.get("reason", "")
    kind = request.POST.get("kind", "")
    try:
        eligibility.rule_on(user=request.user, nomination=nomination, rule_key=rule, kind=kind, reason=reason)
    except PermissionDenied as exc:
        return refused(request, exc.message)
    except ServiceError as exc:
        context = _eligibility_context(request, nomination, errors={rule: exc.message}, posted={rule: reason})
        context["page_error"] = exc.message
        return render(request, "nominations/extra/eligibility.html", context, status=exc.status)
    label = next((r["label"] for r in nomination.category.eligibility or [] if r["key"] == rule), rule)
    what = "豁免" if kind == "exemption" else "核实结论"
    messages.success(request, f"已记录对“{label}”的{what}。")
    return redirect(reverse("nom-eligibility", args=[nomination.pk]) + f"#rule-{rule}")


@login_required
def evidence_file(request, pk):
    """An attestation's evidence file (current or superseded), for whoever may see the nomination."""
    return evidence_response(get_evidence(request.user, pk))


# Import from Excel ----------------------------------------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Excel 文件（.xlsx）",
        error_messages={"required": "请选择要导入的 Excel 文件。"},
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": f".xlsx,{XLSX}"}),
    )
    background = forms.BooleanField(
        label="在后台运行（适合大文件）",
        required=False,
        help_text=f"超过 {FOREGROUND_MAX // 1024} KB 的文件总是在后台导入。",
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


def _xlsx(content, name):
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.xlsx"
    return response


@login_required
def import_template(request, code):
    campaign = import_campaign(request.user, code)
    category = None
    if request.GET.get("category"):
        category = get_category(campaign, request.GET["category"])
    content = importer.nominations_template(campaign, category=category)
    suffix = f"-{category.name}" if category is not None else ""
    return _xlsx(content, f"{campaign.code}-推荐对象导入模板{suffix}")


@login_required
def import_page(request, code):
    campaign = import_campaign(request.user, code)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    context = {
        "campaign": campaign,
        "form": form,
        "errors": None,
        "result": None,
        "categories": campaign.categories.all(),
        "is_office": nom_rules.is_office(request.user, campaign),
    }
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if form.cleaned_data["background"] or upload.size > FOREGROUND_MAX or wants_background(upload):
                    from pingxuan.documents.imports import start_import_job

                    job = start_import_job(user=request.user, key="nominations", upload=upload, campaign=campaign)
                    return redirect("job-detail", job.pk)
                result = importer.import_nominations(user=request.user, campaign=campaign, fileobj=upload)
                context["result"] = _import_result(campaign, result)
                status = 200
            except ImportRejected as exc:
                context["errors"] = exc.details
                form.add_error(None, exc.message)
            except PermissionDenied as exc:
                return refused(request, exc.message)
            except ServiceError as exc:
                form.add_error(None, exc.message)
    return render(request, "nominations/extra/import.html", context, status=status)


def _import_result(campaign, result):
    names = {c.code: c.name for c in campaign.categories.all()}
    created = list(Nomination.objects.filter(pk__in=result["nominations"]).select_related("category", "unit").order_by("id"))
    return {
        "created": result["created"],
        "categories": [(names.get(code, code), n) for code, n in result["categories"].items()],
        "nominations": created,
    }


# The office: print everything, reminders, lapsing -------------------------------------------------------------------


FORMAT_CHOICES = [("docx", "Word（DOCX）"), ("pdf", "PDF")]


class PrintForm(forms.Form):
    category = forms.ChoiceField(label="奖项", required=False, widget=forms.Select(attrs={"class": "form-select"}))
    formats = forms.MultipleChoiceField(
        label="格式",
        choices=FORMAT_CHOICES,
        error_messages={"required": "请至少选择一种打印格式（DOCX 或 PDF）。"},
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "全部奖项")] + [(c.code, c.name) for c in categories]
        self.fields["formats"].initial = ["docx", "pdf"]


@login_required
def print_all(request, code):
    campaign = office_campaign(request.user, code)
    categories = list(campaign.categories.all())
    form = PrintForm(request.POST if request.method == "POST" else None, categories=categories)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            from .paper.jobs import start_print_all

            category = next((c for c in categories if c.code == form.cleaned_data["category"]), None)
            try:
                job = start_print_all(
                    user=request.user, campaign=campaign, category=category, formats=form.cleaned_data["formats"]
                )
                return redirect("job-detail", job.pk)
            except PermissionDenied as exc:
                return refused(request, exc.message)
            except ServiceError as exc:
                form.add_error(None, exc.message)
    live = nom_rules.visible_nominations(request.user, campaign).filter(status__in=services.LIVE)
    counts = {c.pk: 0 for c in categories}
    for category_id in live.values_list("category_id", flat=True):
        counts[category_id] = counts.get(category_id, 0) + 1
    context = {
        "campaign": campaign,
        "form": form,
        "counts": [(c, counts.get(c.pk, 0)) for c in categories],
        "total": sum(counts.values()),
    }
    return render(request, "nominations/extra/print.html", context, status=status)


def _overdue(campaign, phase, on):
    """Drafts and returned forms whose unit's deadline (with extension) has passed: what lapsing would change."""
    if phase is None:
        return []
    rows = Nomination.objects.filter(campaign=campaign, status__in=[Status.DRAFT, Status.RETURNED]).select_related(
        "unit", "category", "recommender"
    )
    return [n for n in rows if on > phase_window(phase, n.unit)[1]]


def _deadline_context(request, campaign, **extra):
    on = today()
    phase = campaign.phases.filter(kind="nomination").first()
    context = {
        "campaign": campaign,
        "phase": phase,
        "on": on,
        "days": (campaign.policies or {}).get("deadline_reminder_days", 3),
        "can_manage": nom_rules.can_manage(request.user, campaign),
        "units": [u for u in reminders.units_status(campaign, on=on) if u["missing"] or u["drafts"]],
        "overdue": _overdue(campaign, phase, on),
        "lapse_refusal": lapse_refusal(campaign, phase, on),
        "reminded": None,
        "lapsed": None,
    }
    context.update(extra)
    return context


@login_required
def deadline_page(request, code):
    campaign = office_campaign(request.user, code)
    return render(request, "nominations/extra/deadline.html", _deadline_context(request, campaign))


@login_required
@require_POST
def remind(request, code):
    campaign = office_campaign(request.user, code)
    if not nom_rules.can_manage(request.user, campaign):
        return refused(request, MANAGE_ONLY.format("发送截止提醒"))
    sent = reminders.send_reminders(campaign, user=request.user)
    return render(request, "nominations/extra/deadline.html", _deadline_context(request, campaign, reminded=sent))


@login_required
@require_POST
def lapse(request, code):
    campaign = office_campaign(request.user, code)
    if not nom_rules.can_manage(request.user, campaign):
        return refused(request, MANAGE_ONLY.format("执行逾期处理"))
    phase = campaign.phases.filter(kind="nomination").first()
    problem = lapse_refusal(campaign, phase, today())
    if problem:
        context = _deadline_context(request, campaign, lapse_error=problem)
        return render(request, "nominations/extra/deadline.html", context, status=400)
    lapsed = services.lapse_overdue(campaign=campaign, user=request.user)
    lapsed = list(Nomination.objects.filter(pk__in=[n.pk for n in lapsed]).select_related("unit", "category", "recommender"))
    return render(request, "nominations/extra/deadline.html", _deadline_context(request, campaign, lapsed=lapsed))
