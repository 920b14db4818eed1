"""Setting up a standing programme in the browser: 新建常态化评议 from a programme preset, and the programme's evaluation
periods (评定周期) with a form to add one. Thin views over `programmes`; a user who may not do this gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from pingxuan.campaigns.validation import ConfigErrors
from pingxuan.core.errors import ServiceError

from . import access, programmes, rules
from . import services as s


@login_required
def new_page(request):
    """新建常态化评议: a programme preset, the organisation to create it under, and an optional code."""
    owners = programmes.owners(request.user)
    if not owners:
        raise Http404("未找到该页面。")
    presets = programmes.programme_presets()
    values = {"preset": presets[0]["code"] if presets else "", "under": str(owners[0].pk), "code": ""}
    errors, status = [], 200
    if request.method == "POST":
        values = {k: (request.POST.get(k) or "").strip() for k in values}
        under = next((o for o in owners if str(o.pk) == values["under"]), None)
        try:
            if under is None:
                raise ServiceError("请选择您有权管理的组织。", field="under")
            programme = programmes.create_from_preset(
                user=request.user, preset=values["preset"], under=under, code=values["code"]
            )
        except ConfigErrors as exc:
            errors, status = exc.messages(), 400
        except ServiceError as exc:
            errors, status = [exc.message], 400
        else:
            messages.success(request, f"已从预设创建常态化活动“{programme.name}”。请添加当前的评定周期。")
            return redirect("stars-staff-periods", code=programme.code)
    ctx = {"presets": presets, "owners": owners, "values": values, "errors": errors}
    return render(request, "stars/staff/new.html", ctx, status=status)


@login_required
def periods_page(request, code):
    """The programme's evaluation periods (everyone who sees the programme); the office adds one (start ≤ end, no overlap)."""
    programme = access.get_programme(request.user, code)
    can_manage = rules.can_manage_programme(request.user, programme)
    suggestion = programmes.suggested_period(programme)
    values = {k: str(v) for k, v in suggestion.items()}
    errors, status = [], 200
    if request.method == "POST":
        if not can_manage:
            raise Http404("未找到该页面。")
        values = {k: (request.POST.get(k) or "").strip() for k in ("code", "name", "start", "end")}
        try:
            programmes.add_period(user=request.user, programme=programme, **values)
        except ServiceError as exc:
            errors, status = [exc.message], 400
        else:
            messages.success(request, f"已添加评定周期“{values['name']}”。")
            return redirect("stars-staff-periods", code=programme.code)
    current = s.period_of(programme, timezone.localdate())
    ctx = {
        "programme": programme,
        "periods": s.periods(programme),
        "current": current,
        "tab": "periods",
        "reader": rules.can_read_programme(request.user, programme),
        "can_manage": can_manage,
        "values": values,
        "errors": errors,
    }
    return render(request, "stars/staff/periods.html", ctx, status=status)
