"""The office's results of judging: progress per judge, the score table, leniency, normalisation preview,
reopening a sheet, Excel export and the import of paper sheets."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from pingxuan.core.errors import ImportRejected, ServiceError
from pingxuan.documents.excel import wants_background
from pingxuan.nominations.models import Nomination

from . import excel, scoring
from .access import office_campaign, office_category, office_sheet
from .models import ScoreSheet, SheetKind
from .views_office import act

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def results(request, code, cat):
    category = office_category(request.user, code, cat)
    rows = excel.results_rows(category)
    progress = scoring.progress(category)
    names = {r["judge"].pk: str(r["judge"]) for r in progress}
    leniency = [{"judge": names.get(j, j), **v} for j, v in sorted(scoring.judge_leniency(category).items())]
    preview = scoring.normalisation_preview(category)
    titles = {r["nomination"].pk: r["nomination"].title for r in rows}
    for p in preview:
        p["title"] = titles.get(p["nomination"], p["nomination"])
    sheets = list(
        ScoreSheet.objects.filter(nomination__category=category, kind=SheetKind.EXPERT, submitted=True)
        .select_related("judge", "nomination")
        .order_by("nomination_id", "judge_id")
    )
    return render(
        request,
        "judging/results.html",
        {
            "category": category,
            "rows": rows,
            "progress": progress,
            "leniency": leniency,
            "preview": preview,
            "sheets": sheets,
            "panel": getattr(category, "panel", None),
        },
    )


@require_POST
@login_required
def normalise(request, code, cat):
    category = office_category(request.user, code, cat)
    on = request.POST.get("on") == "1"
    act(
        request,
        scoring.set_normalise,
        "已启用按评委标准化。" if on else "已关闭按评委标准化。",
        user=request.user,
        category=category,
        on=on,
    )
    return redirect("judging-results", code=code, cat=cat)


@require_POST
@login_required
def reopen(request, code, pk):
    sheet = office_sheet(request.user, pk, campaign=office_campaign(request.user, code))
    act(
        request,
        scoring.reopen,
        "评分表已重新开放，评委可修改后再提交。",
        user=request.user,
        sheet=sheet,
        reason=request.POST.get("reason", ""),
    )
    return redirect("judging-results", code=code, cat=sheet.nomination.category.code)


def _xlsx(content, name):
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@login_required
def export(request, code):
    campaign = office_campaign(request.user, code)
    return _xlsx(excel.export_scores(user=request.user, campaign=campaign), f"{campaign.code}-专家评分.xlsx")


@login_required
def template(request, code):
    campaign = office_campaign(request.user, code)
    return _xlsx(excel.scores_template(campaign), f"{campaign.code}-专家评分-模板.xlsx")


@login_required
def import_page(request, code):
    campaign = office_campaign(request.user, code)
    errors = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, "请选择要导入的 Excel 文件。")
        else:
            try:
                if wants_background(upload):  # a big workbook: a background job with a progress bar
                    from pingxuan.documents.imports import start_import_job

                    job = start_import_job(user=request.user, key="scores", upload=upload, campaign=campaign)
                    return redirect("job-detail", job.pk)
                result = excel.import_scores(user=request.user, campaign=campaign, fileobj=upload)
                messages.success(request, f"已导入 {result['sheets']} 份纸质评分表。")
                return redirect("judging-import", code=code)
            except ImportRejected as exc:
                messages.error(request, exc.message)
                errors = exc.details
            except ServiceError as exc:
                messages.error(request, exc.message)
    first = Nomination.objects.filter(campaign=campaign).values_list("category__code", flat=True).first()
    return render(request, "judging/import.html", {"campaign": campaign, "errors": errors, "first": first})
