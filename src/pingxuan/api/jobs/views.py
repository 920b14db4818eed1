"""Background jobs of the current user: progress, result and the file it produced. Another user's job is 404."""

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer

from pingxuan.core.files import harden
from pingxuan.jobs.access import get_job_with_file
from pingxuan.jobs.models import Job
from pingxuan.jobs.services import visible_jobs

from ..common import BinaryRenderer, FileNegotiation, XLSXRenderer
from ..serializers import ErrorSerializer
from .serializers import JobSerializer


@extend_schema_view(
    list=extend_schema(summary="我的后台任务", description="当前用户发起的后台任务，最新的在前。"),
    retrieve=extend_schema(
        summary="后台任务进度",
        description="状态、已完成数、总数、百分比、说明和结果。别人的任务回答 404。",
        responses={200: JobSerializer, 404: ErrorSerializer},
    ),
)
@extend_schema(tags=["后台任务"])
class JobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = JobSerializer
    queryset = Job.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        return visible_jobs(self.request.user).order_by("-created_at", "-id")

    @extend_schema(
        summary="下载任务结果文件",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 404: ErrorSerializer},
    )
    @action(
        detail=True,
        methods=["get"],
        renderer_classes=[JSONRenderer, BinaryRenderer, XLSXRenderer],
        content_negotiation_class=FileNegotiation,
    )
    def download(self, request, pk=None):
        job = get_job_with_file(request.user, pk)
        return harden(FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.result_name or "result"))
