"""Drop the cached shared part of public voting pages when what they show changes.

A candidate's status or texts, a photo, a category, a campaign's rules or name, a voting phase, a warning or a
disqualification: each save drops the pages of the categories concerned at once and again when the transaction
commits (so that a page rebuilt from the old rows meanwhile does not outlive the change). Bulk updates that send no
signal are caught by the cache's lifetime (public.PAGE_TTL).
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from pingxuan.campaigns.models import Campaign, Category, Phase
from pingxuan.nominations.models import Attachment, Nomination

from . import public
from .models import CandidateWarning


def _drop(category_ids):
    ids = [pk for pk in category_ids if pk]
    if ids:
        public.forget(ids)
        transaction.on_commit(lambda: public.forget(ids))


def _campaign_categories(campaign_id):
    return list(Category.objects.filter(campaign_id=campaign_id).values_list("pk", flat=True))


def _category_of_nomination(nomination_id):
    return Nomination.objects.filter(pk=nomination_id).values_list("category_id", flat=True).first()


def nomination_changed(sender, instance, **kwargs):
    _drop([instance.category_id])


def attachment_changed(sender, instance, **kwargs):
    _drop([_category_of_nomination(instance.nomination_id)])


def warning_changed(sender, instance, **kwargs):
    _drop([_category_of_nomination(instance.nomination_id)])


def category_changed(sender, instance, **kwargs):
    _drop([instance.pk])


def campaign_changed(sender, instance, **kwargs):
    _drop(_campaign_categories(instance.pk))


def phase_changed(sender, instance, **kwargs):
    _drop(_campaign_categories(instance.campaign_id))


RECEIVERS = [
    (Nomination, nomination_changed),
    (Attachment, attachment_changed),
    (CandidateWarning, warning_changed),
    (Category, category_changed),
    (Campaign, campaign_changed),
    (Phase, phase_changed),
]


def connect():
    for model, receiver in RECEIVERS:
        for signal in (post_save, post_delete):
            signal.connect(receiver, sender=model, dispatch_uid=f"vote-page-{model.__name__}-{signal is post_save}")
