"""Public pages (no login, phone first): the published list, the printable notice and hall posters, the objection
form (real name, phone with SMS code, text, evidence) and the follow page."""

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from pingxuan.core.errors import ServiceError
from pingxuan.nominations.downloads import attachment_response

from . import access, objections, printing
from .models import Entry, EntryState, ObjStatus

PDF = "application/pdf"


def _ip(request):
    return request.META.get("REMOTE_ADDR")


def _pdf(content, name):
    response = HttpResponse(content, content_type=PDF)
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{name}"
    return response


def public_page(request, pk):
    pub = access.public_publication(pk)
    units = printing.poster_units(pub) if printing.posters_enabled(pub) else []
    context = {"pub": pub, "groups": printing.groups(pub), "units": units, **printing._context(pub)}
    context["open"] = _is_open(pub)
    return render(request, "publicity/public.html", context)


def _is_open(pub):
    try:
        objections.check_open(pub)
    except ServiceError as exc:
        return exc.message
    return True


def notice(request, pk):
    pub = access.public_publication(pk)
    return _pdf(printing.notice_pdf(pub), f"notice-{pub.pk}.pdf")


def poster(request, pk, unit):
    pub = access.public_publication(pk)
    return _pdf(printing.poster_pdf(pub, unit), f"poster-{pub.pk}-{unit}.pdf")


def photo(request, pk, entry):
    e = Entry.objects.select_related("photo").filter(publication_id=pk, pk=entry, state=EntryState.LISTED).first()
    if e is None or e.photo is None:
        raise Http404("没有照片。")
    response = attachment_response(e.photo)
    if isinstance(response, FileResponse):
        response["Cache-Control"] = "public, max-age=3600"
    return response


@require_http_methods(["GET", "POST"])
def objection_form(request, pk):
    pub = access.public_publication(pk)
    entries = list(pub.entries.filter(state=EntryState.LISTED).select_related("category"))
    post = request.POST
    context = {
        "pub": pub,
        "entries": entries,
        "period": printing._context(pub)["period"],
        "values": {k: post.get(k, "") for k in ("name", "phone", "text", "entry", "token")},
        "step": "phone",
    }
    if request.method == "GET":
        context["values"]["entry"] = request.GET.get("entry", "")
        context["closed"] = _is_open(pub) is not True and _is_open(pub)
        return render(request, "publicity/object.html", context)
    action = post.get("action")
    if any(post.get(k) for k in ("name", "text", "entry")):
        context["step"] = "code"  # a resend from the filled-in form: whatever happens, the typed objection stays shown
    try:
        if action == "send":
            objections.send_code(publication=pub, phone=post.get("phone"), ip=_ip(request))
            context["step"] = "code"
            context["sent"] = "验证码已发送，请查看短信。"
        else:
            context["step"] = "code"
            token = post.get("token") or ""
            if not token:
                token = objections.verify_code(publication=pub, phone=post.get("phone"), code=post.get("code"), ip=_ip(request))
                context["values"]["token"] = token
            obj, code = objections.submit(
                publication=pub,
                entry=post.get("entry") or None,
                name=post.get("name"),
                token=token,
                text=post.get("text"),
                files=request.FILES.getlist("evidence"),
                ip=_ip(request),
            )
            return render(request, "publicity/object_done.html", {"pub": pub, "objection": obj, "follow_code": code})
    except ServiceError as exc:
        context["error"] = exc.message
        status = exc.status
        return render(request, "publicity/object.html", context, status=status)
    return render(request, "publicity/object.html", context)


@require_http_methods(["GET", "POST"])
def follow(request):
    context = {"statuses": ObjStatus}
    if request.method == "POST":
        try:
            context["objection"] = objections.follow(request.POST.get("code"))
        except ServiceError as exc:
            context["error"] = exc.message
            return render(request, "publicity/follow.html", context, status=404)
    return render(request, "publicity/follow.html", context)
