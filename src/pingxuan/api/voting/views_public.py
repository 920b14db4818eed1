"""The public vote through the API (for the mobile page's scripts and e.g. a WeChat mini-program).

No account: a voter verifies a mobile number by SMS code and then sends the signed voter token in the
`X-Voter-Token` header; the device is the server-signed cookie `pxd` (an app may send the same signed value in `X-Device-Id`). The one-time code is never in any answer.
"""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from pingxuan.voting import captcha, ingest, otp, public, services, tally_proof
from pingxuan.voting.models import mask_phone

from ..common import validated
from ..serializers import ErrorSerializer
from .serializers import (
    BallotPageSerializer,
    CaptchaSerializer,
    CastSerializer,
    CodeSentSerializer,
    PhoneSerializer,
    PingSerializer,
    ReceiptLookupSerializer,
    ReceiptSerializer,
    TallyPublicationSerializer,
    VerifySerializer,
    VoterTokenSerializer,
)

TAGS = ["网络投票（公众）"]
PING = PingSerializer({"ok": True}).data
ERRORS = {
    400: ErrorSerializer,
    404: ErrorSerializer,
    409: ErrorSerializer,
    428: ErrorSerializer,
    429: ErrorSerializer,
    503: ErrorSerializer,  # the database or Redis cannot be reached: nothing was recorded, send again later
}
TOKEN_HEADER = OpenApiParameter("X-Voter-Token", str, OpenApiParameter.HEADER, description="验证手机号码后得到的投票凭证")
DEVICE_HEADER = OpenApiParameter(
    "X-Device-Id",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="服务器签发的设备标识（投票页 Cookie `pxd` 的值，可选）；缺少或无效视为未知的新设备",
)


client_ip, device_of, voter_token = ingest.client_ip, ingest.device_of, ingest.voter_token


class PublicView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]


class PingView(PublicView):
    """The smallest JSON answer of the same stack: the baseline the ingest benchmark compares the vote with."""

    @extend_schema(tags=TAGS, summary="连通检查", responses={200: PingSerializer})
    def get(self, request):
        return Response(PING)


class BallotPageView(PublicView):
    @extend_schema(
        tags=TAGS,
        summary="奖项投票页数据",
        description="候选对象（照片、简介）按每位投票人固定的随机顺序排列；`q` 搜索名称、单位和简介。",
        parameters=[OpenApiParameter("q", str, required=False, description="搜索词"), DEVICE_HEADER],
        responses={200: BallotPageSerializer, 404: ErrorSerializer, 503: ErrorSerializer},
    )
    def get(self, request, cat):
        data = public.shared(cat)
        seed = ingest.device_seed(request) or voter_token(request) or client_ip(request) or ""
        response = Response(public.page(data, seed=seed, query=request.query_params.get("q", "")))
        ingest.give_device(request, response)  # a signed device cookie for the votes that follow
        return response


class CodeView(PublicView):
    @extend_schema(
        tags=TAGS,
        summary="获取短信验证码",
        description=(
            "同一号码 60 秒内只能获取一次、每小时最多 5 次、每天最多 10 次。同一 IP 每小时 20 次，另按该 IP 今天已验证的"
            "不同号码数每个加 1 次（运营商 NAT、单位 Wi-Fi 后面是许多人）；超过后不拒绝，而是要求图形验证码（428 "
            "captcha_required：先取图形验证码，再连同 captcha_token 和 captcha_answer 重新提交）。验证码 5 分钟内有效，最多试 5 次。"
        ),
        request=PhoneSerializer,
        responses={200: CodeSentSerializer, **ERRORS},
    )
    def post(self, request):
        data = validated(PhoneSerializer(data=request.data))
        wait = otp.request_code(
            phone=data["phone"],
            ip=client_ip(request),
            captcha_token=data.get("captcha_token"),
            captcha_answer=data.get("captcha_answer"),
        )
        return Response(CodeSentSerializer({"sent": True, "resend_after": wait}).data)


class VerifyView(PublicView):
    @extend_schema(tags=TAGS, summary="验证手机号码", request=VerifySerializer, responses={200: VoterTokenSerializer, **ERRORS})
    def post(self, request):
        data = validated(VerifySerializer(data=request.data))
        voter, token = otp.verify_code(phone=data["phone"], code=data["code"], ip=client_ip(request))
        return Response(VoterTokenSerializer({"token": token, "phone": mask_phone(voter.phone)}).data)


class CaptchaView(PublicView):
    @extend_schema(tags=TAGS, summary="获取图形验证码", responses={200: CaptchaSerializer})
    def get(self, request):
        return Response(CaptchaSerializer(captcha.new_challenge()).data)


class CastView(PublicView):
    @extend_schema(
        tags=TAGS,
        summary="投票",
        description=(
            "成功（201）表示这一票已写入数据库。拒绝时 `code` 说明规则：not_verified、voting_closed、daily_limit、"
            "candidate_limit、rate_limited（429）、captcha_required（428，先取图形验证码再提交 captcha_token 和 captcha_answer）、"
            "unavailable（503，数据库或缓存暂时不可用，这一票未被记录，请稍后重投）。"
        ),
        parameters=[TOKEN_HEADER, DEVICE_HEADER],
        request=CastSerializer,
        responses={201: ReceiptSerializer, **ERRORS},
    )
    def post(self, request):
        # A well-formed JSON vote is answered before it gets here, by the same `ingest.cast` (voting/ingest.py).
        data = validated(CastSerializer(data=request.data))
        return Response(ingest.cast(request, data), status=status.HTTP_201_CREATED)


class ReceiptView(PublicView):
    @extend_schema(
        tags=TAGS,
        summary="查询投票回执",
        description="计票公布后，已计票的回执带有 `proof`：这一票在公布的 Merkle 根之下的包含证明（算法见 docs/audit.md）；"
        "作废的回执给出原因和原因代码。",
        responses={200: ReceiptLookupSerializer, 404: ErrorSerializer},
    )
    def get(self, request, receipt):
        return Response(services.lookup_receipt(receipt))


class PublishedTallyView(PublicView):
    @extend_schema(
        tags=TAGS,
        summary="公布的计票结果",
        description=(
            "投票结束后按奖项公布：各候选对象的有效票数、计票总数、作废票数和已计票集合的 Merkle 根。"
            "任何人可下载匿名导出并用 scripts/verify_tally.py 重算票数和根（docs/audit.md）。尚未公布时 404。"
        ),
        responses={200: TallyPublicationSerializer, 404: ErrorSerializer},
    )
    def get(self, request, cat):
        category = tally_proof.public_category(cat)
        return Response(tally_proof.as_dict(tally_proof.latest(category)))


class TallyExportView(PublicView):
    @extend_schema(
        tags=TAGS,
        summary="匿名计票导出（CSV）",
        description=(
            "每张网络投票一行：receipt_hash（回执哈希）、category、candidate（候选对象 ID）、day（投票日期）、"
            "status（counted 已计票 / invalidated 已作废）、reason_code（作废原因代码）。不含手机号码、IP 或设备。"
            "按现有数据生成：与公布的票数和根不一致即说明数据在公布后被改动。"
        ),
        responses={200: OpenApiResponse(OpenApiTypes.STR, description="text/csv"), 404: ErrorSerializer},
    )
    def get(self, request, cat):
        category = tally_proof.public_category(cat)
        response = HttpResponse(tally_proof.export_csv(category), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="tally-{category.pk}.csv"'
        return response
