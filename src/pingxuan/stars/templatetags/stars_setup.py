"""Template tags of the standing programme's set-up pages."""

from django import template

register = template.Library()


@register.simple_tag
def can_new_programme(user):
    """Whether the user may open 新建常态化评议 (an organiser or admin of some organisation)."""
    from pingxuan.stars.programmes import owners

    return bool(user.is_authenticated and owners(user))
