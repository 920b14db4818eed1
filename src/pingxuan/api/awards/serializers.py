"""Shapes of the awards API (particulars, certificates, plaques, linked honours, verification, the honour roll)."""

from rest_framework import serializers

from pingxuan.awards import certificates
from pingxuan.awards.models import Certificate


class AwardsCheckItemSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    ok = serializers.BooleanField()
    blocking = serializers.BooleanField()
    detail = serializers.CharField()


class AwardsParticularsSerializer(serializers.Serializer):
    doc_number = serializers.CharField(label="文号", max_length=60, required=False, allow_blank=True, default="")
    title = serializers.CharField(label="标题", max_length=300, required=False, allow_blank=True, default="")
    issued_on = serializers.DateField(label="落款日期", required=False, allow_null=True, default=None)
    preamble = serializers.CharField(label="正文导语", required=False, allow_blank=True, default="")
    closing = serializers.CharField(label="结束语", required=False, allow_blank=True, default="")


class AwardsWinnerSerializer(serializers.Serializer):
    nomination = serializers.IntegerField()
    title = serializers.CharField()
    unit = serializers.CharField()
    tier = serializers.CharField()
    position = serializers.IntegerField()
    honour = serializers.CharField()


class AwardsWinnerGroupSerializer(serializers.Serializer):
    category = serializers.CharField()
    name = serializers.CharField()
    linked_honours = serializers.ListField(child=serializers.CharField())
    winners = AwardsWinnerSerializer(many=True)


class AwardsOverviewSerializer(serializers.Serializer):
    checklist = AwardsCheckItemSerializer(many=True)
    ready = serializers.BooleanField()
    particulars = AwardsParticularsSerializer()
    winners = AwardsWinnerGroupSerializer(many=True)
    certificates = serializers.DictField(child=serializers.IntegerField())


class AwardsCertificateSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.code")
    verify_url = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = [
            "id", "serial", "nomination", "category", "recipient", "unit_name", "honour", "tier", "linked_honours",
            "issuers", "issued_on", "status", "issued_at", "revoked_at", "revoked_reason", "verify_url",
        ]  # fmt: skip

    def get_verify_url(self, obj) -> str:
        return certificates.verify_url(obj)


class AwardsRevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(label="撤销理由", max_length=500)


class AwardsCasebookSerializer(serializers.Serializer):
    format = serializers.ChoiceField(label="格式", choices=["pdf", "docx"], default="pdf")


class AwardsPlaqueSerializer(serializers.Serializer):
    nomination = serializers.IntegerField()
    category = serializers.CharField()
    tier = serializers.CharField()
    recipient = serializers.CharField()
    unit = serializers.CharField()
    recommender = serializers.CharField()
    honour = serializers.CharField()
    linked_honours = serializers.ListField(child=serializers.CharField())
    text = serializers.CharField()
    serial = serializers.CharField()


class AwardsLinkedHonourSerializer(serializers.Serializer):
    honour = serializers.CharField()
    recipient = serializers.CharField()
    unit = serializers.CharField()
    category = serializers.CharField()
    nomination = serializers.IntegerField()


class AwardsVerifySerializer(serializers.Serializer):
    valid = serializers.BooleanField()
    status = serializers.CharField()
    serial = serializers.CharField()
    recipient = serializers.CharField()
    unit_name = serializers.CharField()
    honour = serializers.CharField()
    linked_honours = serializers.ListField(child=serializers.CharField())
    campaign = serializers.CharField()
    issuers = serializers.ListField(child=serializers.CharField())
    issued_on = serializers.DateField()
    issued_on_text = serializers.CharField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    revoked_reason = serializers.CharField()


class AwardsRollEntrySerializer(serializers.Serializer):
    recipient = serializers.CharField()
    unit_name = serializers.CharField()
    honour = serializers.CharField()
    tier = serializers.CharField()


class AwardsRollGroupSerializer(serializers.Serializer):
    category = serializers.CharField()
    name = serializers.CharField()
    linked_honours = serializers.ListField(child=serializers.CharField())
    entries = AwardsRollEntrySerializer(many=True)


class AwardsRollSerializer(serializers.Serializer):
    campaign = serializers.CharField()
    issuers = serializers.ListField(child=serializers.CharField())
    doc_number = serializers.CharField()
    groups = AwardsRollGroupSerializer(many=True)
