"""A password validator refusing the product's own words (an attacker tries `Pingxuan2026!` first)."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError


def _plain(text):
    """Lower case without spaces, digits' look-alike separators and punctuation: "Ping-Xuan" → "pingxuan"."""
    return re.sub(r"[\s\-_.·@!#$%^&*+=/\\|,;:'\"`~()\[\]{}<>?]", "", str(text or "")).lower()


def product_words():
    words = list(settings.PASSWORD_PRODUCT_WORDS)
    site = getattr(settings, "SITE_NAME", "")
    if site:
        words.append(site)
    return [w for w in {_plain(w) for w in words} if len(w) >= 2]


class ProductWordsValidator:
    def validate(self, password, user=None):
        plain = _plain(password)
        found = [w for w in product_words() if w in plain]
        if found:
            raise ValidationError(
                "密码不能包含本系统的名称或常用词（{}）。".format("、".join(sorted(found))),
                code="password_product_word",
            )

    def get_help_text(self):
        return "密码不能包含本系统的名称或常用词（如 pingxuan、评选）。"
