"""Pages of commendation. Office (organisers; leaders and supervisors read): the checklist, the decision document,
certificates (issue, batch generation, revoke), the plaque and linked-honour lists, the case collection. Public (no
login): the verification page a certificate's QR code opens, and the honour roll."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from pingxuan.core import confirm
from pingxuan.core.chinese import date_zh, year_month_upper
from pingxuan.core.errors import ServiceError

from . import access, certificates, decision, jobs, lists, rules, services
from .models import Certificate

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(content, name, content_type):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(False, name)
    return response


def _refused(request, exc, campaign):
    messages.error(request, exc.message)
    return redirect("awards-home", campaign.code)


@login_required
def home(request, code):
    campaign = access.get_campaign(request.user, code)
    items = services.checklist(campaign)
    certs = list(Certificate.objects.filter(campaign=campaign).select_related("category").order_by("sequence"))
    return render(
        request,
        "awards/home.html",
        {
            "campaign": campaign,
            "items": items,
            "blocked": bool(services.blocking_problems(items)),
            "p": services.particulars(campaign),
            "groups": [g for g in services.final_winners(campaign) if g["winners"]],
            "certs": certs,
            "can_commend": rules.can_commend(request.user, campaign),
        },
    )


@login_required
@require_POST
def set_particulars(request, code):
    campaign = access.get_campaign(request.user, code, manage=True)
    raw_date = request.POST.get("issued_on", "").strip()
    issued_on = parse_date(raw_date) if raw_date else None
    if raw_date and issued_on is None:
        messages.error(request, f"落款日期“{raw_date}”无效，应写作 2019-08-30。")
        return redirect("awards-home", code)
    try:
        services.set_particulars(
            user=request.user,
            campaign=campaign,
            doc_number=request.POST.get("doc_number", ""),
            title=request.POST.get("title", ""),
            issued_on=issued_on,
            preamble=request.POST.get("preamble", ""),
            closing=request.POST.get("closing", ""),
        )
    except ServiceError as exc:
        return _refused(request, exc, campaign)
    messages.success(request, "表彰决定的文号、标题和日期已保存。")
    return redirect("awards-home", code)


@login_required
@require_POST
def issue(request, code):
    campaign = access.get_campaign(request.user, code, manage=True)
    if not confirm.confirmed(request) and not services.blocking_problems(services.checklist(campaign)):
        from .models import CertStatus

        have = set(
            Certificate.objects.filter(campaign=campaign, status=CertStatus.ISSUED).values_list("nomination_id", flat=True)
        )
        summary = []
        for group in services.final_winners(campaign):
            new = [w["nomination"].title for w in group["winners"] if w["nomination"].pk not in have]
            if new:
                summary.append(f"{group['category'].name}：颁发 {len(new)} 张证书（{'、'.join(new)}）。")
        if not summary:
            summary = ["所有获评对象均已有有效证书，不会颁发新证书。"]
        p = services.particulars(campaign)
        summary.append(f"证书按表彰决定《{p['title']}》编号，每张带可扫码查验的二维码；颁发后只能撤销，不能删除。")
        return confirm.confirm_page(
            request, title="颁发荣誉证书", summary=summary, action="颁发", cancel=reverse("awards-home", args=[code])
        )
    try:
        created = services.issue_certificates(user=request.user, campaign=campaign)
    except ServiceError as exc:
        return _refused(request, exc, campaign)
    messages.success(
        request,
        f"已颁发 {len(created)} 张证书（编号 {created[0].serial} 至 {created[-1].serial}），可下载 PDF 或批量生成。"
        if created
        else "所有获评对象均已有有效证书。",
    )
    return redirect("awards-home", code)


@login_required
@require_POST
def generate(request, code):
    campaign = access.get_campaign(request.user, code, manage=True)
    try:
        job = jobs.start_certificates(user=request.user, campaign=campaign)
    except ServiceError as exc:
        return _refused(request, exc, campaign)
    return redirect("job-detail", job.pk)


@login_required
@require_POST
def casebook(request, code, fmt):
    campaign = access.get_campaign(request.user, code, manage=True)
    try:
        job = jobs.start_casebook(user=request.user, campaign=campaign, fmt=fmt)
    except ServiceError as exc:
        return _refused(request, exc, campaign)
    return redirect("job-detail", job.pk)


@login_required
def decision_file(request, code, fmt):
    campaign = access.get_campaign(request.user, code)
    if fmt not in ("docx", "pdf"):
        raise Http404("格式只能是 DOCX 或 PDF。")
    if not services.latest_decision(campaign):
        messages.error(request, "尚未记录领导小组的审定决定，不能生成表彰决定。")
        return redirect("awards-home", code)
    title = services.particulars(campaign)["title"]
    if fmt == "docx":
        return _file(decision.decision_docx(campaign), f"{title}.docx", DOCX)
    return _file(decision.decision_pdf(campaign), f"{title}.pdf", PDF)


@login_required
def plaques_file(request, code):
    campaign = access.get_campaign(request.user, code)
    return _file(lists.plaques_xlsx(campaign), f"{campaign.name}-奖牌制作清单.xlsx", XLSX)


@login_required
def linked_file(request, code):
    campaign = access.get_campaign(request.user, code)
    return _file(lists.linked_honours_xlsx(campaign), f"{campaign.name}-同时授予名单.xlsx", XLSX)


@login_required
def certificate_page(request, pk):
    cert = access.get_certificate(request.user, pk)
    status = 200
    if request.method == "POST":
        try:
            cert = services.revoke(user=request.user, certificate=cert, reason=request.POST.get("reason", ""))
            messages.success(request, f"证书 {cert.serial} 已撤销。")
            return redirect("awards-certificate", cert.pk)
        except ServiceError as exc:
            messages.error(request, exc.message)
            status = exc.status
    return render(
        request,
        "awards/certificate.html",
        {"cert": cert, "url": certificates.verify_url(cert), "can_commend": rules.can_commend(request.user, cert.campaign)},
        status=status,
    )


@login_required
def certificate_pdf(request, pk):
    cert = access.get_certificate(request.user, pk)
    return _file(certificates.certificates_pdf([cert]), f"荣誉证书-{cert.serial}.pdf", PDF)


def verify(request, token):
    try:
        cert = access.verified_certificate(token)
    except Http404:
        return render(request, "awards/verify.html", {"cert": None}, status=404)
    return render(
        request,
        "awards/verify.html",
        {
            "cert": cert,
            "date": year_month_upper(cert.issued_on),
            "revoked_on": cert.revoked_at and date_zh(timezone.localtime(cert.revoked_at)),
        },
    )


def honour_roll(request, code):
    campaign, certs = access.honour_roll(code)
    groups = []
    for cert in certs:
        if not groups or groups[-1]["category"].pk != cert.category_id:
            groups.append({"category": cert.category, "certs": []})
        groups[-1]["certs"].append(cert)
    p = services.particulars(campaign)
    return render(
        request,
        "awards/honours.html",
        {"campaign": campaign, "groups": groups, "issuers": services.issuers(campaign), "p": p, "date": date_zh(p["issued_on"])},
    )
