from django.core.management.base import CommandError

from pingxuan.orgs.models import User


def system_actor(username=None):
    """The user a command acts as: --as USERNAME, else the first system administrator."""
    if username:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在。")
        return user
    user = User.objects.filter(is_superuser=True).order_by("id").first()
    if user is None:
        user = User.objects.create_superuser("admin", "", None)
        user.set_unusable_password()
        user.save()
    return user
