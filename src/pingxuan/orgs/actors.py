"""Who acts: the types the rules and services take for a person (for annotations; import under TYPE_CHECKING)."""

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser

from .models import User

# A request's user: signed in or not. Rules take this; services that need an account take `User`.
AnyUser: TypeAlias = User | AnonymousUser
