"""People and their roles, within the subtrees the user manages (organisers and admins)."""

from django.db.models import Prefetch, Q
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from pingxuan.orgs import accounts, services
from pingxuan.orgs import rules as org_rules
from pingxuan.orgs.access import get_person, managed_memberships, managed_users
from pingxuan.orgs.models import Membership, Role, User

from ..common import int_param, validated
from ..serializers import ErrorSerializer
from .serializers import (
    AccountReasonSerializer,
    AccountStateSerializer,
    EndRoleSerializer,
    GrantSerializer,
    MembershipSerializer,
    PasswordResetSerializer,
    UserCreateSerializer,
    UserSerializer,
)
from .views_accounts import account_schema, account_state

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


@extend_schema_view(
    list=extend_schema(
        summary="人员列表",
        description="在当前用户管理的组织子树内担任（或曾担任）角色的人员；每人只列出这些子树内的角色。",
        parameters=[
            OpenApiParameter("organisation", int, description="只列出在该组织（含下级）任职的人员"),
            OpenApiParameter("q", str, description="按用户名或姓名查找"),
        ],
    ),
    retrieve=extend_schema(summary="人员详情", responses={200: UserSerializer, 404: ErrorSerializer}),
)
@extend_schema(tags=["人员与角色"])
class UserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = UserSerializer

    def get_queryset(self):
        user = self.request.user
        scoped = managed_memberships(user).order_by("id")
        qs = managed_users(user).order_by("username")
        params = self.request.query_params
        org_id = int_param(self.request, "organisation", "组织 ID")
        if self.action == "list" and org_id is not None:
            org = org_rules.visible_orgs(user).filter(pk=org_id).first()
            path = org.path if org else "/none/"
            qs = qs.filter(memberships__organisation__path__startswith=path).distinct()
        if self.action == "list" and params.get("q"):
            q = params["q"].strip()
            qs = qs.filter(Q(username__icontains=q) | Q(display_name__icontains=q))
        return qs.prefetch_related(Prefetch("memberships", queryset=scoped, to_attr="scoped_memberships"))

    @extend_schema(
        summary="新建人员",
        description="在可管理的组织下新建账号并授予一个角色。密码须符合密码规则（至少 8 位，不能过于常见或全为数字）。",
        request=UserCreateSerializer,
        responses={201: UserSerializer, **ERRORS},
    )
    def create(self, request):
        data = dict(validated(UserCreateSerializer(data=request.data, context={"request": request})))
        person = services.create_user(user=request.user, **data)
        person = self.get_queryset().get(pk=person.pk)
        return Response(UserSerializer(person, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED)

    # One person's account (the services check that the user may act for this person) ----------------------

    def _person(self):
        return get_person(self.request.user, self.kwargs["pk"])

    def _state(self, person, detail=None):
        data = account_state(User.objects.get(pk=person.pk))
        return Response({**data, "detail": detail} if detail else data)

    @account_schema(
        "账号状态", "是否因登录失败被锁定、是否启用两步验证、API 令牌何时到期。", method_result=AccountStateSerializer
    )
    @action(detail=True, methods=["get"])
    def account(self, request, pk=None):
        return self._state(self._person())

    @account_schema(
        "重置密码", "为该人员设置新密码（须符合密码规则）；其 API 令牌同时作废，已登录的会话失效。", PasswordResetSerializer
    )
    @action(detail=True, methods=["post"], url_path="reset-password")
    def reset_password(self, request, pk=None):
        person = self._person()
        data = validated(PasswordResetSerializer(data=request.data))
        accounts.reset_password(user=request.user, person=person, new_password=data["new_password"], request=request._request)
        return self._state(person, "新密码已设置；原 API 令牌已作废。")

    @account_schema("解锁账号", "清除该人员的登录失败记录，解除锁定。没有失败记录时回答 400。")
    @action(detail=True, methods=["post"])
    def unlock(self, request, pk=None):
        person = self._person()
        accounts.unlock(user=request.user, person=person, request=request._request)
        return self._state(person, "账号已解锁。")

    @account_schema(
        "重置两步验证", "手机验证器遗失时使用：该人员的验证器作废，下次登录时重新绑定。须填理由。", AccountReasonSerializer
    )
    @action(detail=True, methods=["post"], url_path="reset-otp")
    def reset_otp(self, request, pk=None):
        person = self._person()
        data = validated(AccountReasonSerializer(data=request.data))
        accounts.reset_second_factor(user=request.user, person=person, reason=data.get("reason", ""), request=request._request)
        return self._state(person, "两步验证已重置。")

    @account_schema("作废 API 令牌", "作废该人员的 API 令牌。", AccountReasonSerializer)
    @action(detail=True, methods=["post"], url_path="revoke-token")
    def revoke_token(self, request, pk=None):
        person = self._person()
        data = validated(AccountReasonSerializer(data=request.data))
        accounts.revoke_token(user=request.user, person=person, reason=data.get("reason", ""), request=request._request)
        return self._state(person, "API 令牌已作废。")


@extend_schema_view(
    list=extend_schema(
        summary="角色任命列表",
        description="当前用户管理的组织子树内的角色任命（含已撤销的，is_active=false）。",
        parameters=[
            OpenApiParameter("organisation", int, description="组织 ID（含下级）"),
            OpenApiParameter("user", int, description="人员 ID"),
            OpenApiParameter("role", str, enum=list(Role.values), description="角色"),
            OpenApiParameter("campaign", str, description="评选活动代码"),
            OpenApiParameter("active", bool, description="true 只列有效的，false 只列已撤销的"),
        ],
    ),
    retrieve=extend_schema(summary="角色任命详情", responses={200: MembershipSerializer, 404: ErrorSerializer}),
)
@extend_schema(tags=["人员与角色"])
class MembershipViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Roles are granted and ended, never deleted: an ended role stays as history."""

    serializer_class = MembershipSerializer

    def get_queryset(self):
        qs = managed_memberships(self.request.user).order_by("organisation__path", "id")
        if self.action != "list":
            return qs
        params = self.request.query_params
        org_id = int_param(self.request, "organisation", "组织 ID")
        if org_id is not None:
            org = org_rules.visible_orgs(self.request.user).filter(pk=org_id).first()
            qs = qs.filter(organisation__path__startswith=org.path if org else "/none/")
        user_id = int_param(self.request, "user", "人员 ID")
        if user_id is not None:
            qs = qs.filter(user_id=user_id)
        if params.get("role"):
            qs = qs.filter(role=params["role"])
        if params.get("campaign"):
            qs = qs.filter(campaign__code=params["campaign"])
        if params.get("active") in ("true", "false", "1", "0"):
            qs = qs.filter(is_active=params["active"] in ("true", "1"))
        return qs

    def _answer(self, membership, code=status.HTTP_200_OK):
        m = Membership.objects.select_related("user", "organisation", "campaign").get(pk=membership.pk)
        return Response(MembershipSerializer(m, context=self.get_serializer_context()).data, status=code)

    @extend_schema(
        summary="任命角色",
        description="在可管理的组织授予某人一个角色，可限定于一个评选活动。只有系统管理员可以任命系统管理员。",
        request=GrantSerializer,
        responses={201: MembershipSerializer, **ERRORS},
    )
    def create(self, request):
        data = validated(GrantSerializer(data=request.data, context={"request": request}))
        m = services.grant_role(
            user=request.user,
            person=data["user"],
            organisation=data["organisation"],
            role=data["role"],
            campaign=data.get("campaign"),
            title=data.get("title", ""),
        )
        return self._answer(m, status.HTTP_201_CREATED)

    @extend_schema(
        summary="撤销角色",
        description="结束一项角色任命（记录保留，不删除）。",
        request=EndRoleSerializer,
        responses={200: MembershipSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        membership = self.get_object()
        data = validated(EndRoleSerializer(data=request.data))
        services.end_role(user=request.user, membership=membership, reason=data.get("reason", ""))
        return self._answer(membership)
