from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    display_name = models.CharField("姓名", max_length=60, blank=True)
    phone = models.CharField("手机号码", max_length=20, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username


class OrgKind(models.TextChoices):
    LEADING_GROUP = "leading_group", "领导小组"
    OFFICE = "office", "活动办公室"
    RECOMMENDING_UNIT = "recommending_unit", "推荐单位"
    DEPARTMENT = "department", "主管部门"
    BASE_UNIT = "base_unit", "基层单位"
    WINDOW = "window", "服务窗口"
    REGION = "region", "地区"


PATH_DIGITS = 8


def path_segment(pk: int) -> str:
    """An id as it stands in `path`: zero-padded, so that ordering by path lists siblings in the order they were made
    (unpadded, "/1/10/" sorts before "/1/9/")."""
    return f"{pk:0{PATH_DIGITS}d}/"


class Organisation(models.Model):
    """A node of the organisation tree. `path` holds the ids from the root (zero-padded, see `path_segment`), so a
    subtree is a prefix query and ordering by path lists the tree depth-first, siblings in the order they were made."""

    code = models.CharField("编码", max_length=60, unique=True)
    name = models.CharField("名称", max_length=120)
    short_name = models.CharField("简称", max_length=60, blank=True)
    kind = models.CharField("类型", max_length=30, choices=OrgKind.choices)
    sector = models.CharField("行业", max_length=40, blank=True)
    region = models.CharField("地区", max_length=60, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=400, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    seal = models.ImageField("印章图片", upload_to="seals", blank=True)
    is_active = models.BooleanField("启用", default=True)
    sort_order = models.IntegerField("排序", default=0)

    class Meta:
        ordering = ["path"]
        verbose_name = "组织"
        verbose_name_plural = "组织"

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name

    def subtree(self) -> models.QuerySet[Organisation]:
        return Organisation.objects.filter(path__startswith=self.path)

    def ancestors(self) -> models.QuerySet[Organisation]:
        ids = [int(x) for x in self.path.strip("/").split("/") if x]
        return Organisation.objects.filter(pk__in=ids).order_by("depth")


class Role(models.TextChoices):
    ORGANISER = "organiser", "活动办公室（组织者）"
    LEADER = "leader", "领导小组成员"
    CLERK = "clerk", "经办人"
    APPROVER = "approver", "审核负责人"
    JUDGE = "judge", "专家评委"
    DELEGATE = "delegate", "代表"
    SUPERVISOR = "supervisor", "监督员"
    ADMIN = "admin", "系统管理员"


class Membership(models.Model):
    """A role a person holds over an organisation subtree, optionally only in one campaign."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    campaign = models.ForeignKey(
        "campaigns.Campaign", null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    title = models.CharField("职务", max_length=60, blank=True)
    is_active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = "角色任命"
        verbose_name_plural = "角色任命"
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role", "campaign"], name="unique_membership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"
