"""Audit events in plain Chinese for a 纪检 officer: one sentence per event, and before/after with Chinese field names
and values (no machine codes, no raw JSON)."""

from django.utils import timezone

ACTIONS = {
    "auth.otp_enabled": "启用了两步验证",
    "auth.otp_verified": "通过了两步验证",
    "awards.casebook": "生成了案例集",
    "awards.particulars": "修改了表彰决定的文号、标题或日期",
    "campaign.configure": "修改了评选活动的配置",
    "campaign.create": "新建了评选活动",
    "campaign.phase_now": "调整了活动阶段",
    "certificate.generate": "生成了荣誉证书文件",
    "certificate.issue": "颁发了荣誉证书",
    "certificate.revoke": "撤销了荣誉证书",
    "judging.assign": "分配了评审任务",
    "judging.candidates.applied": "使候选名单生效",
    "judging.candidates.apply": "使候选名单生效",
    "judging.candidates.stage": "拟定了候选名单",
    "judging.conflict": "申报了回避",
    "judging.normalise": "对评分作了标准化处理",
    "judging.onsite.create": "新建了现场评审",
    "judging.onsite.current": "切换了现场评审的当前对象",
    "judging.onsite.release": "公布了现场得分",
    "judging.panel.set": "组建或调整了评审组",
    "judging.review.pass": "初审通过",
    "judging.review.fail": "初审不通过",
    "judging.score.import": "导入了评分",
    "judging.score.reopen": "退回了评分表重新评分",
    "membership.end": "结束了人员的角色",
    "membership.grant": "为人员分配了角色",
    "nomination.approve": "审核同意",
    "nomination.attest": "记录了资格核实",
    "nomination.backfill": "递补了推荐对象",
    "nomination.create": "新建了申报",
    "nomination.disqualify": "取消了推荐对象的资格",
    "nomination.import": "导入了申报",
    "nomination.lapse": "将逾期未报的申报标为自动放弃",
    "nomination.publish": "将推荐对象列入公示",
    "nomination.rank": "调整了推荐排序",
    "nomination.reject": "审核不同意",
    "nomination.remove_upload": "删除了申报附件",
    "nomination.return": "退回申报修改",
    "nomination.shortlisted": "将推荐对象列入入围名单",
    "nomination.submit": "提交了申报",
    "nomination.update": "修改了申报内容",
    "nomination.upload": "上传了申报附件",
    "nomination.withdraw": "撤回了申报",
    "nomination.received": "将申报标为已报送",
    "nomination.passed": "初审通过",
    "nomination.failed": "初审不通过",
    "nomination.candidate": "将推荐对象列为候选",
    "nomination.awarded": "将推荐对象评为获表彰",
    "nomination.not_awarded": "将推荐对象标为未获表彰",
    "objection.decide": "办结了异议",
    "objection.note": "记录了异议核查情况",
    "objection.submit": "提出了异议",
    "org.create": "新建了组织",
    "org.move": "移动了组织",
    "org.seal": "更新了组织印章",
    "org.update": "修改了组织",
    "phase.extend": "为单位延长了阶段期限",
    "phone.reveal": "查看了完整手机号码",
    "prereview.comment": "答复了预审",
    "prereview.send": "报送了预审",
    "programme.create": "新建了常态化评议活动",
    "programme.period_add": "增加了评定周期",
    "publicity.finalise": "确定了公示名单",
    "publicity.publish": "发布了公示",
    "results.decide": "记录了领导小组审定决定",
    "results.list.apply": "使名单生效",
    "results.list.stage": "拟定了名单草稿",
    "stars.commitment.publish": "公开了承诺",
    "stars.commitment.recommit": "重新作出承诺",
    "stars.commitment.review": "对承诺作了回头看",
    "stars.complaint.register": "登记了投诉",
    "stars.complaint.respond": "答复了投诉",
    "stars.complaint.verify": "核实了投诉",
    "stars.compute": "计算了星级",
    "stars.leader_score": "作了领导评分",
    "stars.member.add": "增加了在岗人员",
    "stars.member.update": "修改了在岗人员",
    "stars.notice": "发出了通报",
    "stars.publish": "发布了星级",
    "stars.ratings.invalidate": "作废了评议",
    "stars.summary": "生成了汇总",
    "user.create": "新建了用户",
    "vote.cluster.dismiss": "排除了可疑投票群组",
    "vote.cluster.found": "发现了可疑投票群组",
    "vote.delegate.ballot": "提交了代表选票",
    "vote.delegates.import": "导入了代表名单",
    "vote.digest": "封存了投票摘要",
    "vote.invalidate": "作废了投票",
    "vote.paper.enter": "录入了纸质选票",
    "vote.warn": "对候选对象发出刷票警告",
}
PREFIXES = {
    "nomination": "申报",
    "judging": "评审",
    "vote": "投票",
    "campaign": "评选活动",
    "org": "组织",
    "stars": "常态化评议",
    "results": "评选结果",
    "publicity": "公示",
    "objection": "异议",
    "certificate": "证书",
    "awards": "表彰",
    "user": "用户",
    "membership": "角色",
}
OBJECT_TYPES = {
    "nominations.nomination": "申报",
    "campaigns.campaign": "评选活动",
    "orgs.organisation": "组织",
    "orgs.user": "用户",
    "orgs.membership": "角色",
    "publicity.publication": "公示",
    "publicity.objection": "异议",
    "awards.certificate": "证书",
    "results.decision": "审定决定",
    "results.resultlist": "名单",
    "voting.cluster": "可疑投票群组",
    "voting.vote": "投票",
    "stars.complaint": "投诉",
    "stars.commitment": "承诺",
    "stars.programme": "常态化评议活动",
}
FIELDS = {
    "status": "状态",
    "title": "名称",
    "name": "名称",
    "data": "申报内容",
    "reason": "理由",
    "opinion": "意见",
    "minutes": "会议纪要",
    "level": "审核层级",
    "round": "审核轮次",
    "rank": "排序",
    "version": "版本",
    "decision": "结论",
    "seal": "盖章",
    "outcome": "处理结果",
    "state": "状态",
    "phases": "阶段",
    "starts_on": "开始日期",
    "ends_on": "结束日期",
    "until": "延至",
    "role": "角色",
    "organisation": "组织",
    "campaign": "评选活动",
    "parent": "上级组织",
    "code": "代码",
    "short_name": "简称",
    "kind": "类别",
    "sector": "行业",
    "region": "地区",
    "is_active": "启用",
    "file": "文件",
    "field": "字段",
    "count": "数量",
    "votes": "票数",
    "size": "数量",
    "text": "内容",
    "summary": "内容",
    "response": "答复",
    "note": "说明",
    "serial": "证书编号",
    "recipient": "获奖者",
    "honour": "荣誉称号",
    "score": "分数",
    "level_name": "星级",
    "value": "值",
}
VALUES = {
    "draft": "草稿",
    "submitted": "审核中",
    "returned": "退回修改",
    "rejected": "审核未通过",
    "received": "已报送",
    "passed": "初审通过",
    "failed": "初审未通过",
    "candidate": "候选",
    "shortlisted": "入围",
    "published": "公示中",
    "awarded": "获评",
    "not_awarded": "未获评",
    "withdrawn": "已撤回",
    "lapsed": "逾期未报（视为自动放弃）",
    "disqualified": "取消资格",
    "agree": "同意",
    "return": "退回修改",
    "reject": "不同意",
    "open": "进行中",
    "final": "已确定",
    "invalidated": "已作废",
    "dismissed": "已排除（反映不属实）",
    "upheld": "反映属实",
    "pending": "待核查",
    "investigating": "核查中",
    "issued": "有效",
    "revoked": "已撤销",
    "applied": "已生效",
    "superseded": "已被取代",
    True: "是",
    False: "否",
}


def action_words(action):
    if action in ACTIONS:
        return ACTIONS[action]
    head = action.split(".", 1)[0]
    return f"对{PREFIXES.get(head, '系统')}作了操作（{action}）"


def object_words(event):
    kind = OBJECT_TYPES.get(event.object_type, "")
    name = event.object_repr or (f"#{event.object_id}" if event.object_id else "")
    if kind and name:
        return f"{kind}“{name}”"
    return name and f"“{name}”"


def sentence(event):
    """“2026年12月6日 14:05，王主任 发布了公示 “……”。理由：……”"""
    when = timezone.localtime(event.at)
    who = event.actor_repr or "系统"
    what = object_words(event)
    text = f"{when.year}年{when.month}月{when.day}日 {when:%H:%M}，{who} {action_words(event.action)}"
    if what:
        text += f"：{what}"
    text += "。"
    if event.reason:
        text += f"理由：{event.reason}"
        if not event.reason.endswith(("。", "！", "？", "）")):
            text += "。"
    return text


def value_words(value):
    """A stored value in plain words: codes as their labels, lists joined with 、, records as “名称：值；…”."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool) or (isinstance(value, str) and value in VALUES):
        return VALUES.get(value, str(value))
    if isinstance(value, (list, tuple)):
        return "、".join(value_words(v) for v in value) if value else "（空）"
    if isinstance(value, dict):
        return "；".join(f"{FIELDS.get(k, k)}：{value_words(v)}" for k, v in value.items()) or "（空）"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def field_words(key):
    return FIELDS.get(key, key)
