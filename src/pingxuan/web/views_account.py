"""Sign-in's second step, and the account pages: my account (password, authenticator, API token) and, for
administrators and organisers, the people they look after (reset a password, unlock, reset the authenticator,
revoke a token, end a role). Views are thin: the services in orgs.accounts check permission and audit."""

import base64
import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from pingxuan.core.errors import PermissionDenied, ServiceError
from pingxuan.orgs import accounts
from pingxuan.orgs import rules as org_rules
from pingxuan.orgs.access import get_person, managed_memberships, managed_users
from pingxuan.orgs.forms import PersonForm
from pingxuan.orgs.models import Membership
from pingxuan.orgs.signals import SESSION_ENROLLED


def _safe_next(request):
    target = request.POST.get("next") or request.GET.get("next") or "/"
    return target if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) else "/"


# The second step of signing in ------------------------------------------------------------------------------


@login_required
def otp_verify(request):
    devices = accounts.confirmed_devices(request.user)
    if not devices:
        return redirect("otp_setup")
    if request.method == "POST":
        device = accounts.check_device_code(request.user, request.POST.get("token", ""))
        if device is not None:
            otp_login(request, device)
            accounts.audit(actor=request.user, action="auth.otp_verified", obj=request.user, request=request)
            return redirect(_safe_next(request))
        accounts.audit(actor=request.user, action="auth.otp_failed", obj=request.user, request=request)
        messages.error(request, "验证码不正确或已过期，请重新输入手机验证器上的 6 位数字。")
    return render(request, "registration/otp_verify.html", {"next": _safe_next(request)})


@login_required
def otp_setup(request):
    """Enrol an authenticator. The first one needs only the signed-in password (the required second factor is
    being set up); another one needs a session that passed the second factor and the current code of a
    confirmed authenticator."""
    user = request.user
    enrolled = accounts.has_second_factor(user)
    if enrolled and not user.is_verified():
        messages.error(request, "已绑定手机验证器：请先输入验证器上的验证码完成登录，再添加新的验证器。")
        return redirect("otp_verify")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="验证器", confirmed=False)
    status = 200
    if request.method == "POST":
        try:
            accounts.enrol_device(
                user=user,
                device=device,
                new_code=request.POST.get("token", ""),
                current_code=request.POST.get("current_token", ""),
                request=request,
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
            status = 400
        else:
            otp_login(request, device)
            request.session[SESSION_ENROLLED] = True
            messages.success(request, "两步验证已启用：以后登录须输入手机验证器上的验证码。")
            return redirect(_safe_next(request))
    img = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buf = io.BytesIO()
    img.save(buf)
    context = {
        "qr": base64.b64encode(buf.getvalue()).decode(),
        "secret": base64.b32encode(device.bin_key).decode(),
        "next": _safe_next(request),
        "enrolled": enrolled,
        "required": accounts.two_factor_required_by_role(user),
    }
    return render(request, "registration/otp_setup.html", context, status=status)


# My account -------------------------------------------------------------------------------------------------


def _token_info(user):
    token = Token.objects.filter(user=user).first()
    if token is None:
        return None
    return {"created": token.created, "expires": accounts.token_expires_at(token), "expired": accounts.token_expired(token)}


@login_required
def account(request):
    user = request.user
    context = {
        "enrolled": accounts.has_second_factor(user),
        "required": accounts.two_factor_required_by_role(user),
        "token": _token_info(user),
        "can_manage_people": _may_manage_anyone(user),
        "errors": {},
    }
    if request.method == "POST":
        try:
            accounts.change_password(
                user=user,
                old_password=request.POST.get("old_password", ""),
                new_password=request.POST.get("new_password", ""),
                request=request,
            )
        except ServiceError as exc:
            context["errors"] = {exc.field or "new_password": exc.message}
            return render(request, "web/account.html", context, status=400)
        update_session_auth_hash(request, user)
        messages.success(request, "密码已修改。")
        return redirect("account")
    return render(request, "web/account.html", context)


@login_required
@require_POST
def account_token_revoke(request):
    try:
        accounts.revoke_token(user=request.user, request=request)
        messages.success(request, "API 令牌已作废。")
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("account")


# People an administrator looks after ------------------------------------------------------------------------


def _may_manage_anyone(user):
    return org_rules.is_system_admin(user) or org_rules.is_organiser_anywhere(user)


def _person(request, pk):
    return get_person(request.user, pk)


def _creatable_orgs(user):
    return [o for o in org_rules.visible_orgs(user).order_by("path") if org_rules.can_manage_people(user, o)]


@login_required
def people(request):
    if not _may_manage_anyone(request.user):
        raise Http404("未找到该页面。")
    qs = managed_users(request.user).order_by("username")
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(display_name__icontains=q) | Q(phone__icontains=q))
    orgs = _creatable_orgs(request.user)
    form = PersonForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        org = next((o for o in orgs if str(o.pk) == request.POST.get("organisation")), None)
        if org is None:
            form.is_valid()
            form.add_error(None, "请选择所属组织。")
        elif form.is_valid():
            from pingxuan.orgs.services import create_user

            try:
                person = create_user(user=request.user, organisation=org, **form.cleaned_data)
            except PermissionDenied as exc:
                form.add_error(None, exc.message)
            except ServiceError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, f"已添加人员“{person}”。")
                return redirect("account-person", person.pk)
    context = {"people": list(qs[:500]), "q": q, "form": form, "orgs": orgs, "selected_org": request.POST.get("organisation", "")}
    return render(request, "web/people.html", context, status=status)


@login_required
def person_detail(request, pk):
    person = _person(request, pk)
    locked, failures = accounts.lock_state(person)
    roles = managed_memberships(request.user).filter(user=person).order_by("-is_active", "organisation__path")
    context = {
        "person": person,
        "locked": locked,
        "failures": failures,
        "enrolled": accounts.has_second_factor(person),
        "token": _token_info(person),
        "roles": roles,
        "is_self": person.pk == request.user.pk,
    }
    return render(request, "web/person.html", context)


ACTIONS = {
    "reset-password": (
        "新密码已设置；原 API 令牌已作废。",
        lambda r, p: accounts.reset_password(user=r.user, person=p, new_password=r.POST.get("new_password", ""), request=r),
    ),
    "unlock": ("账号已解锁。", lambda r, p: accounts.unlock(user=r.user, person=p, request=r)),
    "reset-otp": (
        "两步验证已重置：此人下次登录时须重新绑定手机验证器。",
        lambda r, p: accounts.reset_second_factor(user=r.user, person=p, reason=r.POST.get("reason", ""), request=r),
    ),
    "revoke-token": (
        "API 令牌已作废。",
        lambda r, p: accounts.revoke_token(user=r.user, person=p, request=r, reason=r.POST.get("reason", "")),
    ),
}


@login_required
@require_POST
def person_action(request, pk, action):
    person = _person(request, pk)
    if action not in ACTIONS:
        raise Http404("未找到该操作。")
    done, run = ACTIONS[action]
    try:
        run(request, person)
        messages.success(request, done)
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("account-person", person.pk)


@login_required
@require_POST
def person_role_end(request, pk, membership):
    person = _person(request, pk)
    m = Membership.objects.select_related("organisation", "user").filter(pk=membership, user=person).first()
    if m is None or not org_rules.can_view_org(request.user, m.organisation):
        raise Http404("未找到该角色。")
    from pingxuan.orgs.services import end_role

    try:
        end_role(user=request.user, membership=m, reason=request.POST.get("reason", ""))
        messages.success(request, f"已撤销 {person} 的{m.get_role_display()}角色。")
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("account-person", person.pk)


# A one-time set-up link (the first administrator, printed by `manage.py create_admin --link`) -------------


class SetupLinkView(auth_views.PasswordResetConfirmView):
    """Django's reset-link check: the link works once (it is tied to the password it replaces) and expires after
    PASSWORD_RESET_TIMEOUT."""

    template_name = "registration/setup_link.html"
    success_url = reverse_lazy("login")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        accounts.audit(actor=form.user, action="auth.password_set_by_link", obj=form.user, request=self.request)
        messages.success(self.request, "密码已设置，请用新密码登录。")
        return response
