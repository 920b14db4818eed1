"""Accounts in the API: change my password, revoke my token; for administrators, a person's account state and the
reset / unlock / reset-second-factor / revoke-token actions (the same services as the account pages)."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from pingxuan.orgs import accounts

from ..common import validated
from ..serializers import ErrorSerializer
from .serializers import (
    AccountActionResultSerializer,
    DoneSerializer,
    PasswordChangeSerializer,
)

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


def account_state(person):
    from rest_framework.authtoken.models import Token

    locked, failures = accounts.lock_state(person)
    token = Token.objects.filter(user=person).first()
    return {
        "id": person.pk,
        "username": person.get_username(),
        "locked": locked,
        "failed_logins": failures,
        "second_factor": accounts.has_second_factor(person),
        "token_expires_at": accounts.token_expires_at(token) if token else None,
    }


@extend_schema(tags=["认证"])
class PasswordChangeView(APIView):
    @extend_schema(
        summary="修改我的密码",
        description="须提供原密码。新密码须符合密码规则（至少 8 位，不能过于常见、全为数字、与用户名相似或包含本系统名称）。",
        request=PasswordChangeSerializer,
        responses={200: DoneSerializer, 400: ErrorSerializer},
    )
    def post(self, request):
        data = validated(PasswordChangeSerializer(data=request.data))
        accounts.change_password(user=request.user, request=request._request, **data)
        if request.session is not None and request.session.session_key:
            from django.contrib.auth import update_session_auth_hash

            update_session_auth_hash(request._request, request.user)
        return Response(DoneSerializer({"detail": "密码已修改。"}).data)


@extend_schema(tags=["认证"])
class TokenRevokeView(APIView):
    @extend_schema(
        summary="作废我的 API 令牌",
        description="作废当前用户的 API 令牌（会话不受影响）。",
        request=None,
        responses={200: DoneSerializer, 400: ErrorSerializer},
    )
    def post(self, request):
        accounts.revoke_token(user=request.user, request=request._request)
        return Response(DoneSerializer({"detail": "API 令牌已作废。"}).data)


def account_schema(summary, description, request=None, method_result=AccountActionResultSerializer):
    return extend_schema(summary=summary, description=description, request=request, responses={200: method_result, **ERRORS})
