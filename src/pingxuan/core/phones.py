"""Phone numbers shown to people who do not need them are masked as 138****5678; the office sees the full number only
by asking for it, and each such reveal is an audit event."""

import re

MOBILE_IN_TEXT = re.compile(r"(?<!\d)(1\d{2})\d{4}(\d{4})(?!\d)")


def mask(phone):
    phone = str(phone or "")
    if len(phone) == 11 and phone.isdigit():
        return f"{phone[:3]}****{phone[-4:]}"
    if phone.startswith("+86") and len(phone) == 14:
        return mask(phone[3:])
    return MOBILE_IN_TEXT.sub(r"\1****\2", phone)


def mask_in_text(text):
    """Every mobile number inside a free text (a complainant's “张三 13912345678”) masked."""
    return MOBILE_IN_TEXT.sub(r"\1****\2", str(text or ""))


def reveal(*, user, obj, field, campaign=None, organisation=None):
    """Record that `user` looked at the full number in `obj.field`; returns the number."""
    from pingxuan.audit.services import record

    record(
        actor=user,
        action="phone.reveal",
        obj=obj,
        campaign=campaign,
        organisation=organisation,
        reason=f"查看完整手机号码（{field}）",
    )
    return getattr(obj, field)
