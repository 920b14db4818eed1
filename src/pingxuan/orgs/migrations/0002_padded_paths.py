"""Organisation paths with zero-padded ids (orgs.models.path_segment): the tree lists siblings in the order they were
made, whatever the number of digits of their ids."""

from django.db import migrations

DIGITS = 8  # orgs.models.PATH_DIGITS when this migration was written


def pad(apps, schema_editor):
    Organisation = apps.get_model("orgs", "Organisation")
    by_pk = {o.pk: o for o in Organisation.objects.all().only("pk", "path")}
    for org in by_pk.values():
        ids = [int(x) for x in org.path.strip("/").split("/") if x]
        org.path = "/" + "".join(f"{i:0{DIGITS}d}/" for i in ids)
    Organisation.objects.bulk_update(by_pk.values(), ["path"], batch_size=1000)


def unpad(apps, schema_editor):
    Organisation = apps.get_model("orgs", "Organisation")
    rows = list(Organisation.objects.all().only("pk", "path"))
    for org in rows:
        org.path = "/" + "".join(f"{int(x)}/" for x in org.path.strip("/").split("/") if x)
    Organisation.objects.bulk_update(rows, ["path"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [migrations.RunPython(pad, unpad)]
