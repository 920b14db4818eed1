"""Who may do what in review and judging, and which nominations a judge may ever be given."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pingxuan.nominations import rules as nom_rules
from pingxuan.nominations.models import Status
from pingxuan.orgs import rules as org_rules
from pingxuan.orgs.models import Membership, Role

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from pingxuan.campaigns.models import Campaign, Category
    from pingxuan.nominations.models import Nomination
    from pingxuan.orgs.actors import AnyUser
    from pingxuan.orgs.models import User

# Nominations that passed the preliminary review and were not disqualified: the pool of judging.
BLIND_WORDS = (
    "名称",
    "姓名",
    "单位",
    "联系",
    "负责人",
    "地址",
    "经办",
    "填报人",
    "填表人",
    "推荐人",
    "审核人",
    "签名",
    "签字",
    "身份证",
    "电话",
    "手机",
    "邮箱",
)
JUDGEABLE = [Status.PASSED, Status.CANDIDATE, Status.SHORTLISTED, Status.PUBLISHED]
# Nominations whose submitted sheets count: the judging pool and every later state of the selection. A nomination
# scored while in the pool keeps its scores after the leading group's decision (获评 / 未获评); only a disqualified,
# withdrawn or failed nomination leaves the scores.
SCORED = [*JUDGEABLE, Status.AWARDED, Status.NOT_AWARDED]


def can_manage(user: AnyUser, campaign: Campaign) -> bool:
    """The office's actions: review, candidates, panels, assignments, reopening sheets, on-site control."""
    return nom_rules.can_manage(user, campaign)


def can_view_results(user: AnyUser, campaign: Campaign) -> bool:
    return nom_rules.is_office(user, campaign)


def is_judge(user: AnyUser, campaign: Campaign) -> bool:
    return bool(org_rules.paths_for(user, {Role.JUDGE}, campaign=campaign))


def own_paths(user: AnyUser, campaign: Campaign | None = None) -> list[str]:
    """The judge's own organisation subtrees: every organisation of their active memberships (any role)."""
    return org_rules.paths_for(user, None, campaign=campaign)


def judge_paths(judges: Iterable[User], campaign: Campaign) -> dict[int, list[str]]:
    """{judge_id: [paths]} for many judges in one query (for assignment)."""
    out: dict[int, list[str]] = {j.pk: [] for j in judges}
    memberships = Membership.objects.filter(user__in=list(out), is_active=True).select_related("organisation")
    for m in memberships:
        if m.campaign_id in (None, campaign.pk):
            out[m.user_id].append(m.organisation.path)
    return out


def in_own_subtree(paths: Sequence[str], nomination: Nomination) -> bool:
    """A conflict of interest by organisation: the nomination's unit lies inside one of the judge's subtrees."""
    return org_rules.in_subtree(nomination.unit.path, paths)


def blind_hidden_fields(category: Category) -> list[str]:
    """Form fields a blind category hides from judges: names, the unit, contacts and photos."""
    hidden = []
    for f in category.form.get("fields", []):
        label = f.get("label", "")
        if f["type"] in ("org", "mobile", "landline", "email", "photo", "photoset", "idcard", "person") or any(
            word in label for word in BLIND_WORDS
        ):
            hidden.append(f["key"])
    return hidden
