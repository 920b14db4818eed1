"""Organisations, people and roles as the API shows and accepts them."""

from rest_framework import serializers

from pingxuan.campaigns.models import Campaign
from pingxuan.orgs import rules as org_rules
from pingxuan.orgs.models import Membership, Organisation, OrgKind, Role, User

from ..serializers import AnswerSerializer


def choice_errors(choices):
    """A Chinese refusal for a value outside a choice set, listing each code with its label."""
    listed = "、".join(f"{value}（{label}）" for value, label in choices)
    return {"invalid_choice": f"“{{input}}”无效，可选：{listed}。"}


class OrgRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "code", "name", "short_name", "kind"]
        read_only_fields = fields


class OrganisationSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True, label="类型名称")
    parent = serializers.IntegerField(source="parent_id", read_only=True, allow_null=True, label="上级组织 ID")
    seal_url = serializers.SerializerMethodField(label="印章图片地址")
    can_manage = serializers.SerializerMethodField(label="当前用户可否管理")

    class Meta:
        model = Organisation
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "kind",
            "kind_label",
            "sector",
            "region",
            "parent",
            "path",
            "depth",
            "is_active",
            "sort_order",
            "seal_url",
            "can_manage",
        ]
        read_only_fields = fields

    def get_seal_url(self, org) -> str | None:
        return org.seal.url if org.seal else None

    def get_can_manage(self, org) -> bool:
        return bool(org_rules.can_manage_org(self.context["request"].user, org))


class OrganisationWriteSerializer(serializers.Serializer):
    """Input of create and update. On update every key is optional (PATCH)."""

    code = serializers.CharField(label="编码", max_length=60, required=False, allow_blank=True, help_text="留空时自动生成")
    name = serializers.CharField(label="名称", max_length=120)
    short_name = serializers.CharField(label="简称", max_length=60, required=False, allow_blank=True)
    kind = serializers.ChoiceField(label="类型", choices=OrgKind.choices, error_messages=choice_errors(OrgKind.choices))
    sector = serializers.CharField(label="行业", max_length=40, required=False, allow_blank=True)
    region = serializers.CharField(label="地区", max_length=60, required=False, allow_blank=True)
    is_active = serializers.BooleanField(label="启用", required=False)
    sort_order = serializers.IntegerField(label="排序", required=False)
    parent = serializers.PrimaryKeyRelatedField(
        label="上级组织",
        queryset=Organisation.objects.none(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": "上级组织（ID {pk_value}）不存在。"},
        help_text="仅创建时使用；移动组织请用 move 接口",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["parent"].queryset = org_rules.visible_orgs(request.user)


class MoveSerializer(serializers.Serializer):
    parent = serializers.PrimaryKeyRelatedField(
        label="新的上级组织",
        queryset=Organisation.objects.none(),
        error_messages={"does_not_exist": "目标组织（ID {pk_value}）不存在。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "request" in self.context:
            self.fields["parent"].queryset = org_rules.visible_orgs(self.context["request"].user)


class SealSerializer(serializers.Serializer):
    seal = serializers.FileField(label="印章图片", help_text="PNG 或 JPG，不超过 2 MB，边长 100–3000 像素")


class FileUploadSerializer(serializers.Serializer):
    file = serializers.FileField(label="Excel 文件", help_text="按模板填写的 .xlsx 文件")


class ImportErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(label="行号", allow_null=True)
    column = serializers.CharField(label="列", allow_blank=True, allow_null=True)
    message = serializers.CharField(label="错误说明")


class ImportRejectedSerializer(serializers.Serializer):
    """The 400 of an import: the rejected workbook (`code` import_rejected, `errors` row by row), or a refused upload
    (no file, not a workbook: `code` invalid or bad_file, `field` names the form field, no `errors`)."""

    detail = serializers.CharField(label="说明")
    code = serializers.CharField(label="错误代码")
    field = serializers.CharField(label="出错的字段", required=False)
    errors = ImportErrorSerializer(many=True, label="逐行错误", required=False)


class MembershipSerializer(serializers.ModelSerializer):
    role_label = serializers.CharField(source="get_role_display", read_only=True, label="角色名称")
    organisation = OrgRefSerializer(read_only=True, label="组织")
    campaign = serializers.SerializerMethodField(label="限定的评选活动")
    user = serializers.IntegerField(source="user_id", read_only=True, label="用户 ID")
    user_name = serializers.CharField(source="user", read_only=True, label="姓名")

    class Meta:
        model = Membership
        fields = ["id", "user", "user_name", "role", "role_label", "organisation", "campaign", "title", "is_active"]
        read_only_fields = fields

    def get_campaign(self, m) -> dict | None:
        if m.campaign_id is None:
            return None
        return {"id": m.campaign_id, "code": m.campaign.code, "name": m.campaign.name}


class GrantSerializer(serializers.Serializer):
    user = serializers.PrimaryKeyRelatedField(
        label="人员", queryset=User.objects.none(), error_messages={"does_not_exist": "人员（ID {pk_value}）不存在。"}
    )
    organisation = serializers.PrimaryKeyRelatedField(
        label="组织",
        queryset=Organisation.objects.none(),
        error_messages={"does_not_exist": "组织（ID {pk_value}）不存在。"},
    )
    role = serializers.ChoiceField(label="角色", choices=Role.choices, error_messages=choice_errors(Role.choices))
    campaign = serializers.SlugRelatedField(
        label="限定的评选活动（代码）",
        slug_field="code",
        queryset=Campaign.objects.none(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": "评选活动“{value}”不存在。"},
    )
    title = serializers.CharField(label="职务", max_length=60, required=False, allow_blank=True)

    def __init__(self, *args, **kwargs):
        from pingxuan.campaigns.rules import visible_campaigns
        from pingxuan.orgs.access import managed_users

        super().__init__(*args, **kwargs)
        if "request" not in self.context:
            return
        user = self.context["request"].user
        self.fields["user"].queryset = managed_users(user)
        self.fields["organisation"].queryset = org_rules.visible_orgs(user)
        self.fields["campaign"].queryset = visible_campaigns(user)


class EndRoleSerializer(serializers.Serializer):
    reason = serializers.CharField(label="撤销理由", max_length=1000, required=False, allow_blank=True)


class UserSerializer(serializers.ModelSerializer):
    # A person without an address has "" (as `phone` and GET /api/me/ do), so no `format: email` in the schema.
    email = serializers.CharField(label="电子邮箱", read_only=True, help_text="未登记时为空字符串")
    memberships = MembershipSerializer(many=True, read_only=True, source="scoped_memberships", label="角色（本人可管理范围内）")

    class Meta:
        model = User
        fields = ["id", "username", "display_name", "phone", "email", "is_active", "memberships"]
        read_only_fields = fields


class UserCreateSerializer(serializers.Serializer):
    username = serializers.CharField(label="用户名", max_length=150)
    password = serializers.CharField(label="初始密码", write_only=True, style={"input_type": "password"})
    display_name = serializers.CharField(label="姓名", max_length=60, required=False, allow_blank=True)
    phone = serializers.CharField(label="手机号码", max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(label="电子邮箱", required=False, allow_blank=True)
    organisation = serializers.PrimaryKeyRelatedField(
        label="所属组织",
        queryset=Organisation.objects.none(),
        error_messages={"does_not_exist": "组织（ID {pk_value}）不存在。"},
    )
    role = serializers.ChoiceField(
        label="角色", choices=Role.choices, error_messages=choice_errors(Role.choices), help_text="新人员在所属组织担任的角色"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "request" in self.context:
            self.fields["organisation"].queryset = org_rules.visible_orgs(self.context["request"].user)


class OrgImportResultSerializer(AnswerSerializer):
    created = serializers.IntegerField(label="新建的组织数")
    updated = serializers.IntegerField(label="修改的组织数")
    unchanged = serializers.IntegerField(label="未变的组织数")


class DoneSerializer(serializers.Serializer):
    detail = serializers.CharField(label="结果说明")


class PasswordChangeSerializer(serializers.Serializer):
    old_password = serializers.CharField(label="原密码", trim_whitespace=False, style={"input_type": "password"})
    new_password = serializers.CharField(label="新密码", trim_whitespace=False, style={"input_type": "password"})


class PasswordResetSerializer(serializers.Serializer):
    new_password = serializers.CharField(label="新密码", trim_whitespace=False, style={"input_type": "password"})


class AccountReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(label="理由", max_length=1000, required=False, allow_blank=True)


class AccountStateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField(label="用户名")
    locked = serializers.BooleanField(label="因登录失败被锁定")
    failed_logins = serializers.IntegerField(label="登录失败次数（解锁后清零）")
    second_factor = serializers.BooleanField(label="已启用两步验证")
    token_expires_at = serializers.DateTimeField(label="API 令牌到期时间", allow_null=True)


class AccountActionResultSerializer(AccountStateSerializer):
    detail = serializers.CharField(label="结果说明", required=False)
