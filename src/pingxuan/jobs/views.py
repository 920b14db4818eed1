from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from .services import visible_jobs


@login_required
def job_list(request):
    return render(request, "jobs/list.html", {"jobs": visible_jobs(request.user)[:100]})


@login_required
def job_detail(request, pk):
    job = get_object_or_404(visible_jobs(request.user), pk=pk)
    template = "jobs/_progress.html" if request.htmx else "jobs/detail.html"
    return render(request, template, {"job": job})


@login_required
def job_download(request, pk):
    from django.http import FileResponse, Http404

    job = get_object_or_404(visible_jobs(request.user), pk=pk)
    if not job.result_file:
        raise Http404
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.result_name or "result")
