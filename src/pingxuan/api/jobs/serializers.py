"""Shapes of the background jobs API."""

from rest_framework import serializers

from pingxuan.jobs.models import Job


class JobSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True, label="状态名称")
    percent = serializers.IntegerField(read_only=True, label="进度（%）")
    download_url = serializers.SerializerMethodField(label="结果文件下载地址")

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "title",
            "status",
            "status_label",
            "done",
            "total",
            "percent",
            "message",
            "result",
            "result_name",
            "download_url",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_download_url(self, job) -> str | None:
        if not job.result_file:
            return None
        return f"/api/jobs/{job.pk}/download/"
