"""The hostile world: the browser sweep's world (tests/web/sweep/world.py, every role and phase) built with every
free-text field of every nomination holding attacks, and attacks uploaded where clerks and objectors upload: polyglot
certificates and photos named .html, an objection whose text and evidence attack the office."""

from pingxuan.nominations import uploads
from pingxuan.orgs.models import User
from tests.web.sweep.world import build
from tests.web.sweep.world_closing import phone_token

from . import hostile


def build_hostile(admin):
    world = build(admin, fill=hostile.fill)
    clerk = User.objects.get(username="clerk")
    files = []
    for n in world["drafts"].values():
        photo_key = "unit_photo" if n.category.code == "window" or "unit_photo" in _keys(n) else "portrait"
        files.append(uploads.add_attachment(user=clerk, nomination=n, field_key=photo_key, upload=hostile.polyglot_jpeg()))
        files.append(
            uploads.add_attachment(user=clerk, nomination=n, field_key="award_certificates", upload=hostile.polyglot_pdf())
        )
    world["polyglots"] = files
    world["hostile_member"] = _member(world, admin)
    world["hostile_objection"] = _objection(world)
    return world


def _member(world, admin):
    """A person on duty whose photo is a polyglot named .html (the staff who register people upload it)."""
    from pingxuan.stars import services as stars

    window = world["member"].window
    return stars.add_member(
        user=admin,
        programme=world["programme"],
        window=window,
        name="李华",
        post="导诊员",
        duties="门诊导诊",
        photo=hostile.polyglot_jpeg("member.html"),
    )


def _keys(n):
    return {f["key"] for f in n.category.form["fields"]}


def _objection(world):
    from pingxuan.publicity import objections

    publication = world["publications"][0]
    entry = publication.entries.order_by("id").first()
    token = phone_token("13900003333", "objection")
    objection, _code = objections.submit(
        publication=publication,
        entry=entry,
        name=hostile.SCRIPT[:30],
        token=token,
        text=hostile.objection_text(),
        files=[hostile.polyglot_pdf("evidence.html"), hostile.polyglot_jpeg("evidence-photo.html")],
    )
    return objection
