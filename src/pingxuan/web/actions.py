"""What the staff pages share around a service call."""

from django.contrib import messages

from pingxuan.core.errors import ServiceError


def act(request, fn, ok, **kwargs):
    """Run a service; a refusal becomes the page's error message (never a 500). Returns (done, result)."""
    try:
        result = fn(**kwargs)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return False, None
    if ok:
        messages.success(request, ok)
    return True, result
