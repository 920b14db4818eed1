"""Lookups shared by pages and API routes: what the user may not see, or what does not exist, is a 404."""

from django.http import Http404


def category_of(campaign, code):
    """The campaign's category with this code (its campaign and owner loaded), or 404."""
    category = campaign.categories.filter(code=code).select_related("campaign__owner").first()
    if category is None:
        raise Http404("未找到该奖项。")
    return category
