"""The office's pages: publish with a checklist, the entries and the register of objections of a publication,
one objection with its investigation record and decision. Anyone outside the campaign's office gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from pingxuan.core import confirm, phones
from pingxuan.core.errors import ServiceError
from pingxuan.nominations.downloads import attachment_response

from . import access, objections, publishing, rules
from .models import Stage


def _manage(request, campaign):
    """Readers (leaders, supervisors) see the office pages but may not act: 403."""
    if not rules.can_manage(request.user, campaign):
        raise DjangoPermissionDenied("只有活动办公室可以发布公示、核查和处理异议。")


@login_required
@require_http_methods(["GET", "POST"])
def office(request, code):
    campaign = access.get_campaign(request.user, code)
    form = request.POST if request.method == "POST" else request.GET
    values = {k: form.get(k, "") for k in ("stage", "starts_on", "ends_on", "contact", "note")}
    context = {
        "campaign": campaign,
        "values": values,
        "stages": Stage.choices,
        "can_manage": rules.can_manage(request.user, campaign),
    }
    context["publications"] = campaign.publications.all()
    if values["stage"] and values["starts_on"] and values["ends_on"]:
        try:
            context["checklist"] = publishing.checklist(
                campaign=campaign, stage=values["stage"], starts_on=values["starts_on"], ends_on=values["ends_on"]
            )
        except ServiceError as exc:
            context["error"] = exc.message
    if request.method == "POST":
        _manage(request, campaign)
        blocking = [r for r in context.get("checklist") or [] if r["blocking"] and not r["ok"]]
        if not confirm.confirmed(request) and not blocking and not context.get("error"):
            stage = dict(Stage.choices).get(values["stage"], values["stage"])
            summary = [r["text"] for r in context.get("checklist") or [] if r["ok"]]
            summary += [
                f"发布“{stage}”公示，公示期 {values['starts_on']} 至 {values['ends_on']}；名单和二维码海报即对外公开。",
                "公示期内群众可以实名提出异议；发布后名单不能撤回，只能按异议处理结果取消个别对象。",
            ]
            cancel = f"{request.path}?stage={values['stage']}&starts_on={values['starts_on']}&ends_on={values['ends_on']}"
            return confirm.confirm_page(request, title=f"发布{stage}公示", summary=summary, action="发布", cancel=cancel)
        try:
            pub = publishing.publish(user=request.user, campaign=campaign, **values)
        except ServiceError as exc:
            context["error"] = exc.message
            return render(request, "publicity/office.html", context, status=exc.status)
        messages.success(
            request, f"已发布“{pub.title}”：{pub.entries.count()} 个对象公示至 {pub.ends_on:%Y-%m-%d}，公示页面已对外公开。"
        )
        return redirect("publicity-office-pub", pub.pk)
    return render(request, "publicity/office.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def office_publication(request, pk):
    pub = access.get_publication(request.user, pk)
    if request.method == "POST":
        _manage(request, pub.campaign)
        issues = publishing.finalise_issues(pub)
        if not confirm.confirmed(request) and not issues:
            listed = pub.entries.filter(state="listed").count()
            summary = [
                f"“{pub.title}”公示期已结束，没有待核查的异议。",
                f"确定名单：{listed} 个对象列入；已取消资格的对象不再列入。",
                "名单确定后不再变动，下一步由领导小组审定。",
            ]
            return confirm.confirm_page(request, title="确定公示名单", summary=summary, action="确定名单", cancel=request.path)
        try:
            publishing.finalise(user=request.user, publication=pub)
            messages.success(
                request, f"公示名单已确定：{pub.entries.filter(state='listed').count()} 个对象。下一步：领导小组审定。"
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        return redirect("publicity-office-pub", pub.pk)
    context = {
        "pub": pub,
        "entries": pub.entries.select_related("category", "replaces").order_by("category__sort_order", "position", "id"),
        "objections": pub.objections.select_related("entry").order_by("created_at", "id"),
        "issues": publishing.finalise_issues(pub),
        "can_manage": rules.can_manage(request.user, pub.campaign),
    }
    return render(request, "publicity/office_publication.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def office_objection(request, pk):
    obj = access.get_objection(request.user, pk)
    revealed = ""
    if request.method == "POST" and request.POST.get("action") == "reveal":
        _manage(request, obj.publication.campaign)
        revealed = phones.reveal(user=request.user, obj=obj, field="phone", campaign=obj.publication.campaign)
    elif request.method == "POST":
        _manage(request, obj.publication.campaign)
        try:
            if request.POST.get("action") == "note":
                objections.add_note(user=request.user, objection=obj, text=request.POST.get("text"))
                messages.success(request, "已记录核查情况。")
            else:
                objections.decide(
                    user=request.user, objection=obj, outcome=request.POST.get("outcome"), reason=request.POST.get("reason")
                )
                messages.success(request, "已办结，处理结果已短信告知异议人。")
        except ServiceError as exc:
            messages.error(request, exc.message)
        return redirect("objection-office", obj.pk)
    context = {
        "obj": obj,
        "notes": obj.notes.select_related("author"),
        "evidence": obj.evidence.all(),
        "can_manage": rules.can_manage(request.user, obj.publication.campaign),
        "revealed": revealed,
    }
    return render(request, "publicity/office_objection.html", context)


@login_required
def evidence_file(request, pk):
    return attachment_response(access.get_evidence(request.user, pk))
