"""Public commendation endpoints (no login): verifying a certificate by its token, and the honour roll."""

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from pingxuan.awards import access, services
from pingxuan.core.chinese import year_month_upper

from ..serializers import ErrorSerializer
from .serializers import AwardsRollSerializer, AwardsVerifySerializer

TAGS = ["命名表彰（公开）"]


class VerifyView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        tags=TAGS, summary="查验荣誉证书（扫码所得的验证码）", responses={200: AwardsVerifySerializer, 404: ErrorSerializer}
    )
    def get(self, request, token):
        c = access.verified_certificate(token)
        data = {
            "valid": c.is_valid,
            "status": c.get_status_display(),
            "serial": c.serial,
            "recipient": c.recipient,
            "unit_name": c.unit_name,
            "honour": c.honour,
            "linked_honours": c.linked_honours,
            "campaign": c.campaign.name,
            "issuers": c.issuers,
            "issued_on": c.issued_on,
            "issued_on_text": year_month_upper(c.issued_on),
            "revoked_at": c.revoked_at,
            "revoked_reason": c.revoked_reason,
        }
        return Response(AwardsVerifySerializer(data).data)


class HonourRollView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(tags=TAGS, summary="光荣榜（有效证书的获奖对象）", responses={200: AwardsRollSerializer, 404: ErrorSerializer})
    def get(self, request, code):
        campaign, certs = access.honour_roll(code)
        groups = []
        for c in certs:
            if not groups or groups[-1]["category"] != c.category.code:
                groups.append(
                    {"category": c.category.code, "name": c.category.name, "linked_honours": c.linked_honours, "entries": []}
                )
            groups[-1]["entries"].append({"recipient": c.recipient, "unit_name": c.unit_name, "honour": c.honour, "tier": c.tier})
        data = {
            "campaign": campaign.name,
            "issuers": services.issuers(campaign),
            "doc_number": services.particulars(campaign)["doc_number"],
            "groups": groups,
        }
        return Response(AwardsRollSerializer(data).data)
