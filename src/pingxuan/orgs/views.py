"""Organisation pages: the tree, one organisation with its people and roles, and the Excel buttons.

Views stay thin: they read input through forms and call the services, which check permission and audit.
A user who may not see an organisation gets 404; one who may see it but not change it gets the service's reason.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from pingxuan.core.errors import ImportRejected, PermissionDenied, ServiceError
from pingxuan.core.files import file_response
from pingxuan.core.hooks import Hook
from pingxuan.documents.excel import wants_background

from . import rules as org_rules
from . import services
from .access import get_org
from .forms import EndRoleForm, GrantForm, ImportForm, MoveForm, OrgForm, PersonForm, SealForm
from .models import Membership, Organisation, OrgKind, User

RESULT_LABELS = {"created": "新建", "updated": "更新", "unchanged": "未变", "moved": "移动", "rows": "行数", "total": "合计"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The campaigns a user may restrict a granted role to: fn(user) -> campaigns (the campaigns area answers).
GRANT_CAMPAIGNS = Hook("campaigns a granted role may be restricted to")


def _grant_campaigns(user):
    return [c for found in GRANT_CAMPAIGNS(user) for c in found]


def _refused(request, exc):
    return render(request, "orgs/refused.html", {"message": exc.message}, status=403)


def _form_error(form, exc):
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


# The tree -----------------------------------------------------------------------------------------


def build_tree(orgs, matches=None):
    """Nest a path-ordered list of organisations. Returns the roots; each node has `.kids` and `.hit`."""
    by_path, roots = {}, []
    for org in orgs:
        org.kids = []
        org.hit = matches is None or org.pk in matches
        parent_path = org.path[: org.path.rstrip("/").rfind("/") + 1]
        parent = by_path.get(parent_path)
        (parent.kids if parent else roots).append(org)
        by_path[org.path] = org
    return roots


@login_required
def tree(request):
    visible = org_rules.visible_orgs(request.user).order_by("path")
    q = request.GET.get("q", "").strip()
    filters = {k: request.GET.get(k, "").strip() for k in ("kind", "sector", "region")}
    all_orgs = orgs = list(visible)
    matches = None
    if q or any(filters.values()):
        found = visible
        if q:
            found = found.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(code__icontains=q))
        for key, value in filters.items():
            if value:
                found = found.filter(**{key: value})
        matches = set(found.values_list("pk", flat=True))
        keep = {int(x) for o in orgs if o.pk in matches for x in o.path.strip("/").split("/")}
        orgs = [o for o in orgs if o.pk in keep]
    context = {
        "roots": build_tree(orgs, matches),
        "count": len(orgs) if matches is None else len(matches),
        "filtering": matches is not None,
        "q": q,
        "filters": filters,
        "kinds": OrgKind.choices,
        "sectors": sorted({o.sector for o in all_orgs if o.sector}),
        "regions": sorted({o.region for o in all_orgs if o.region}),
        "can_import": org_rules.is_organiser_anywhere(request.user),
    }
    return render(request, "orgs/tree.html", context)


# One organisation ---------------------------------------------------------------------------------


def _detail(request, org, *, status=200, **forms):
    manage = org_rules.can_manage_org(request.user, org)
    members = (
        Membership.objects.filter(organisation=org)
        .select_related("user", "campaign")
        .order_by("-is_active", "user__username", "role")
    )
    context = {
        "org": org,
        "ancestors": list(org.ancestors().exclude(pk=org.pk)),
        "children": list(org.children.order_by("sort_order", "name")),
        "members": members,
        "can_manage": manage,
        "person_form": forms.get("person_form") or PersonForm(),
        "grant_form": forms.get("grant_form") or GrantForm(campaigns=_grant_campaigns(request.user)),
        "seal_form": forms.get("seal_form") or SealForm(),
    }
    return render(request, "orgs/detail.html", context, status=status)


@login_required
def org_detail(request, pk):
    return _detail(request, get_org(request.user, pk))


def _org_form_page(request, *, org, parent, title):
    if request.method == "POST":
        form = OrgForm(request.POST)
        if form.is_valid():
            try:
                if org is None:
                    org = services.create_org(user=request.user, parent=parent, **form.values())
                    messages.success(request, f"已创建组织“{org.name}”。")
                else:
                    services.update_org(user=request.user, org=org, **form.values())
                    messages.success(request, f"已保存“{org.name}”。")
                return redirect("org-detail", org.pk)
            except PermissionDenied as exc:
                return _refused(request, exc)
            except ServiceError as exc:
                _form_error(form, exc)
        status = 400
    else:
        initial = {f: getattr(org, f) for f in services.ORG_FIELDS} if org else {"kind": OrgKind.WINDOW, "is_active": True}
        if parent is not None and org is None:
            initial.update(sector=parent.sector, region=parent.region)
        form, status = OrgForm(initial=initial), 200
    sectors = sorted(set(Organisation.objects.exclude(sector="").values_list("sector", flat=True)))
    return render(
        request, "orgs/form.html", {"form": form, "org": org, "parent": parent, "title": title, "sectors": sectors}, status=status
    )


@login_required
def org_create(request, pk):
    parent = get_org(request.user, pk)
    if not org_rules.can_manage_org(request.user, parent):
        return _refused(request, PermissionDenied(f"您无权在“{parent.name}”下新建组织。"))
    return _org_form_page(request, org=None, parent=parent, title=f"在“{parent.name}”下新建组织")


@login_required
def org_edit(request, pk):
    org = get_org(request.user, pk)
    if not org_rules.can_manage_org(request.user, org):
        return _refused(request, PermissionDenied(f"您无权修改“{org.name}”。"))
    return _org_form_page(request, org=org, parent=org.parent, title=f"修改“{org.name}”")


@login_required
def org_move(request, pk):
    org = get_org(request.user, pk)
    if not org_rules.can_manage_org(request.user, org):
        return _refused(request, PermissionDenied(f"您无权移动“{org.name}”。"))
    targets = [
        o
        for o in org_rules.visible_orgs(request.user).order_by("path")
        if not o.path.startswith(org.path) and org_rules.can_manage_org(request.user, o)
    ]
    form = MoveForm(request.POST or None, targets=targets, initial={"parent": org.parent_id})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            new_parent = next(o for o in targets if str(o.pk) == form.cleaned_data["parent"])
            try:
                services.move_org(user=request.user, org=org, new_parent=new_parent)
                messages.success(request, f"已把“{org.name}”移到“{new_parent.name}”之下。")
                return redirect("org-detail", org.pk)
            except PermissionDenied as exc:
                return _refused(request, exc)
            except ServiceError as exc:
                _form_error(form, exc)
    return render(request, "orgs/move.html", {"form": form, "org": org}, status=status)


@login_required
@require_POST
def org_seal(request, pk):
    org = get_org(request.user, pk)
    form = SealForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.set_seal(user=request.user, org=org, upload=form.cleaned_data["seal"])
            messages.success(request, "印章图片已更新。")
            return redirect("org-detail", org.pk)
        except PermissionDenied as exc:
            return _refused(request, exc)
        except ServiceError as exc:
            form.add_error("seal", exc.message)
    return _detail(request, org, status=400, seal_form=form)


@login_required
def org_seal_image(request, pk):
    org = get_org(request.user, pk)
    if not org.seal:
        raise Http404("该组织没有印章图片。")
    return file_response(org.seal, name=f"seal-{org.pk}")


# People and roles ---------------------------------------------------------------------------------


@login_required
@require_POST
def person_add(request, pk):
    org = get_org(request.user, pk)
    form = PersonForm(request.POST)
    if form.is_valid():
        try:
            person = services.create_user(user=request.user, organisation=org, **form.cleaned_data)
            messages.success(request, f"已添加人员“{person}”。")
            return redirect("org-detail", org.pk)
        except PermissionDenied as exc:
            return _refused(request, exc)
        except ServiceError as exc:
            _form_error(form, exc)
    return _detail(request, org, status=400, person_form=form)


@login_required
@require_POST
def role_grant(request, pk):
    org = get_org(request.user, pk)
    campaigns = list(_grant_campaigns(request.user))
    form = GrantForm(request.POST, campaigns=campaigns)
    if form.is_valid():
        data = form.cleaned_data
        person = User.objects.filter(username=data["username"]).first()
        campaign = next((c for c in campaigns if str(c.pk) == data["campaign"]), None)
        if person is None:
            form.add_error("username", f"用户名“{data['username']}”不存在。")
        else:
            try:
                services.grant_role(
                    user=request.user, person=person, organisation=org, role=data["role"], campaign=campaign, title=data["title"]
                )
                messages.success(request, f"已任命 {person} 为{org.name}的{dict(form.fields['role'].choices)[data['role']]}。")
                return redirect("org-detail", org.pk)
            except PermissionDenied as exc:
                return _refused(request, exc)
            except ServiceError as exc:
                _form_error(form, exc)
    return _detail(request, org, status=400, grant_form=form)


@login_required
@require_POST
def role_end(request, pk):
    membership = Membership.objects.select_related("organisation", "user").filter(pk=pk).first()
    if membership is None:
        raise Http404("未找到该角色。")
    org = get_org(request.user, membership.organisation_id)
    form = EndRoleForm(request.POST)
    form.is_valid()
    try:
        services.end_role(user=request.user, membership=membership, reason=form.cleaned_data.get("reason", ""))
        messages.success(request, f"已撤销 {membership.user} 的{membership.get_role_display()}角色。")
    except PermissionDenied as exc:
        return _refused(request, exc)
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("org-detail", org.pk)


# Excel ---------------------------------------------------------------------------------------------


def _excel():
    try:
        from . import excel
    except ImportError:
        raise Http404("Excel 导入导出尚未启用。") from None
    return excel


def _xlsx(content, filename):
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@login_required
def excel_template(request):
    return _xlsx(_excel().orgs_template(), "orgs-template.xlsx")


@login_required
def excel_export(request):
    root = get_org(request.user, request.GET["root"]) if request.GET.get("root") else None
    if request.GET.get("background"):
        from pingxuan.documents.imports import start_export_job

        job = start_export_job(user=request.user, key="orgs", params={"root": root.pk} if root else {})
        return redirect("job-detail", job.pk)
    try:
        content = _excel().export_orgs(user=request.user, root=root)
    except PermissionDenied as exc:
        return _refused(request, exc)
    return _xlsx(content, f"orgs-{root.code if root else 'all'}.xlsx")


@login_required
def excel_import(request):
    from pingxuan.jobs.services import HANDLERS

    if not org_rules.is_organiser_anywhere(request.user):
        return _refused(request, PermissionDenied("只有活动办公室和系统管理员可以从 Excel 导入组织机构。"))

    excel = _excel()
    form = ImportForm(request.POST or None, request.FILES or None)
    background = "orgs.import" in HANDLERS
    context = {"form": form, "background": background, "errors": None, "result": None}
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if background and (form.cleaned_data["background"] or wants_background(upload)):
                    from pingxuan.documents.imports import start_import_job

                    job = start_import_job(user=request.user, key="orgs", upload=upload)
                    return redirect("job-detail", job.pk)
                result = excel.import_orgs(user=request.user, fileobj=upload)
                context["result"] = [(RESULT_LABELS.get(k, k), v) for k, v in result.items() if isinstance(v, (int, str))]
                status = 200
            except ImportRejected as exc:
                context["errors"] = exc.details
                form.add_error(None, exc.message)
            except PermissionDenied as exc:
                return _refused(request, exc)
            except ServiceError as exc:
                form.add_error(None, exc.message)
    return render(request, "orgs/import.html", context, status=status)
