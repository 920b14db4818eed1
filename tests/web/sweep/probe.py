"""What each role is shown at each page, asked through Django's test client before the browser visits."""

from django.test import Client

PAGE, DOWNLOAD, POST_ONLY, HIDDEN, FRAGMENT = "page", "download", "post-only", "hidden", "fragment"


def kind_of(response):
    if response.status_code == 405:
        return POST_ONLY
    if response.status_code != 200:
        return HIDDEN
    ctype = response.get("Content-Type", "")
    if not ctype.startswith("text/html") or response.get("Content-Disposition"):
        return DOWNLOAD
    body = b"".join(response) if response.streaming else response.content
    return PAGE if b"<html" in body[:500].lower() else FRAGMENT


def probe(user, pages):
    """{page id: (kind, path)} for one user (None: anonymous): the first path that the user is shown."""
    client = Client()
    if user is not None:
        client.force_login(user)
    found = {}
    for page_id, _name, paths in pages:
        best = (HIDDEN, None)
        for path in paths:
            kind = kind_of(client.get(path))
            if kind != HIDDEN:  # a download or an action is that for every object: the first one tells
                best = (kind, path)
                break
        found[page_id] = best
    return found
