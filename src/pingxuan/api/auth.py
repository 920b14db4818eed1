"""Signing in for API clients: a token for a username and password (counted by the lock-out), and `me`."""

from django.conf import settings
from django.contrib.auth import authenticate, logout
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from pingxuan.orgs import accounts
from pingxuan.orgs import rules as org_rules
from pingxuan.orgs.models import Membership

from .common import validated
from .orgs.serializers import MembershipSerializer
from .serializers import ErrorSerializer


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label="用户名")
    password = serializers.CharField(label="密码", style={"input_type": "password"}, trim_whitespace=False)
    otp = serializers.CharField(
        label="两步验证码",
        required=False,
        allow_blank=True,
        help_text="要求组织者两步验证时，组织者须填手机验证器上的 6 位数字",
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(label="令牌", help_text="之后的请求带上请求头 Authorization: Token <令牌>")
    user = serializers.IntegerField(label="用户 ID")
    username = serializers.CharField(label="用户名")
    expires_at = serializers.DateTimeField(label="令牌到期时间", help_text="到期后须重新获取令牌")


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField(label="用户名")
    display_name = serializers.CharField(label="姓名")
    email = serializers.CharField(label="电子邮箱")
    phone = serializers.CharField(label="手机号码")
    is_system_admin = serializers.BooleanField(label="系统管理员")
    can_read_audit = serializers.BooleanField(label="可查阅审计记录")
    roles = MembershipSerializer(many=True, label="有效的角色（组织与评选活动）")


def lockout_minutes():
    hours = settings.AXES_COOLOFF_TIME
    return round(float(hours) * 60) if isinstance(hours, (int, float)) else 30


def second_factor_refusal(user, code):
    """Whoever must pass a second factor on the web must pass it to get a token too (a token skips the web's check)."""
    if not accounts.needs_two_factor(user):
        return None
    if not accounts.has_second_factor(user):
        return {"detail": "该账号须先在网页上启用两步验证（手机验证器），才能获取 API 令牌。", "code": "otp_required"}
    code = (code or "").strip()
    if not code:
        return {"detail": "该账号须提供两步验证码（otp）：手机验证器上的 6 位数字。", "code": "otp_required", "field": "otp"}
    if accounts.check_device_code(user, code) is None:
        return {"detail": "两步验证码不正确或已过期，请重新输入手机验证器上的 6 位数字。", "code": "otp_invalid", "field": "otp"}
    return None


@extend_schema(tags=["认证"])
class TokenView(APIView):
    """No session, no CSRF: the credentials are the authentication."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        summary="获取令牌",
        description=(
            "用用户名和密码换取 API 令牌（同一用户只有一个有效令牌，签发后 API_TOKEN_DAYS 天——默认 30 天——过期，"
            "过期后再次获取即签发新令牌）。连续多次失败后账号被暂时锁定（回答 429），锁定期间即使密码正确也无法登录。"
            "须两步验证的账号（正式环境中的系统管理员、组织者、领导小组成员，以及自行启用两步验证的人）还须提供 otp。"
        ),
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(ErrorSerializer, description="用户名或密码错误"),
            403: OpenApiResponse(ErrorSerializer, description="缺少或填错两步验证码"),
            429: OpenApiResponse(ErrorSerializer, description="失败次数过多，已锁定"),
        },
    )
    def post(self, request):
        data = validated(TokenRequestSerializer(data=request.data))
        # The plain HttpRequest goes to authenticate() so django-axes counts failures and enforces the lock-out.
        django_request = request._request
        user = authenticate(request=django_request, username=data["username"], password=data["password"])
        if getattr(django_request, "axes_locked_out", False):
            # Answer in JSON here; the axes middleware would otherwise replace the answer with its HTML page.
            django_request.axes_locked_out = False
            return Response(
                {
                    "detail": f"登录失败次数过多，账号已被锁定，请 {lockout_minutes()} 分钟后再试或联系系统管理员。",
                    "code": "locked_out",
                },
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        if user is None:
            return Response({"detail": "用户名或密码错误。", "code": "invalid_credentials"}, status=400)
        if not user.is_active:
            return Response({"detail": "该账号已停用。", "code": "inactive"}, status=400)
        refusal = second_factor_refusal(user, data.get("otp", ""))
        if refusal:
            return Response(refusal, status=status.HTTP_403_FORBIDDEN)
        accounts.record_login(user=user, request=django_request)
        token = accounts.issue_token(user=user, request=django_request)
        return Response(
            {
                "token": token.key,
                "user": user.pk,
                "username": user.get_username(),
                "expires_at": accounts.token_expires_at(token),
            }
        )


class LogoutResultSerializer(serializers.Serializer):
    detail = serializers.CharField()


@extend_schema(tags=["认证"])
class LogoutView(APIView):
    @extend_schema(
        summary="退出登录",
        description="作废当前用户的 API 令牌，并结束会话（若用会话登录）。",
        request=None,
        responses={200: LogoutResultSerializer},
    )
    def post(self, request):
        if Token.objects.filter(user=request.user).exists():
            accounts.revoke_token(user=request.user, request=request._request, reason="退出登录")
        if request.session is not None and request.session.session_key:
            logout(request._request)
        return Response(LogoutResultSerializer({"detail": "已退出登录，令牌已作废。"}).data)


@extend_schema(tags=["认证"])
class MeView(APIView):
    @extend_schema(
        summary="当前用户", description="当前用户、其有效角色及角色所在的组织与评选活动。", responses={200: MeSerializer}
    )
    def get(self, request):
        user = request.user
        roles = (
            Membership.objects.filter(user=user, is_active=True)
            .select_related("user", "organisation", "campaign")
            .order_by("organisation__path", "id")
        )
        return Response(
            MeSerializer(
                {
                    "id": user.pk,
                    "username": user.get_username(),
                    "display_name": user.display_name,
                    "email": user.email,
                    "phone": user.phone,
                    "is_system_admin": org_rules.is_system_admin(user),
                    "can_read_audit": bool(org_rules.can_read_audit(user)),
                    "roles": roles,
                }
            ).data
        )
