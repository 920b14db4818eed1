"""A self-hosted captcha: an arithmetic question drawn as a noisy PNG with Pillow. No third party is asked.

The answer travels in a signed, time-limited token (only its keyed hash); each token is accepted once, which the
shared cache enforces, so any app server can check any challenge.
"""

import base64
import hashlib
import hmac
import io
import random
import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from PIL import Image, ImageDraw, ImageFont

from pingxuan.core.errors import ServiceError

SALT = "pingxuan.voting.captcha"
MAX_AGE = 300


class CaptchaRequired(ServiceError):
    status = 428

    def __init__(self, message="投票过于频繁，请先完成验证码。", **kwargs):
        super().__init__(message, code="captcha_required", field="captcha", **kwargs)


def _answer_hash(nonce, answer):
    return hmac.new(settings.SECRET_KEY.encode(), f"{nonce}:{answer}".encode(), hashlib.sha256).hexdigest()[:32]


def _font(size):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # older Pillow
        return ImageFont.load_default()


def new_challenge():
    """{token, image}: the image is a PNG data URI showing e.g. "7 + 5 = ?"."""
    rng = random.SystemRandom()
    a, b = rng.randint(2, 19), rng.randint(1, 9)
    if rng.random() < 0.5:
        text, answer = f"{a} + {b} = ?", a + b
    else:
        a = max(a, b + 1)
        text, answer = f"{a} - {b} = ?", a - b
    nonce = secrets.token_hex(8)
    token = signing.dumps({"n": nonce, "h": _answer_hash(nonce, answer)}, salt=SALT)
    img = Image.new("RGB", (160, 50), (245, 247, 250))
    draw = ImageDraw.Draw(img)
    for _ in range(8):
        draw.line(
            [(rng.randint(0, 160), rng.randint(0, 50)), (rng.randint(0, 160), rng.randint(0, 50))], fill=(190, 200, 215), width=1
        )
    x = 10
    for ch in text:
        draw.text(
            (x, rng.randint(6, 14)), ch, font=_font(26), fill=(rng.randint(0, 90), rng.randint(0, 90), rng.randint(60, 140))
        )
        x += 16 if ch != " " else 8
    for _ in range(150):
        draw.point((rng.randint(0, 159), rng.randint(0, 49)), fill=(rng.randint(100, 200),) * 3)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return {"token": token, "image": "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")}


def check(token, answer):
    """Accept a challenge's answer once; refuse with a Chinese message otherwise."""
    if not token or answer in (None, ""):
        raise CaptchaRequired()
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature as exc:
        raise CaptchaRequired("验证码已过期，请换一张。") from exc
    answer = str(answer).strip()
    if not hmac.compare_digest(data["h"], _answer_hash(data["n"], answer)):
        raise CaptchaRequired("验证码答案不正确，请重新计算。")
    if not cache.add(f"captcha:used:{data['n']}", 1, MAX_AGE + 60):
        raise CaptchaRequired("该验证码已使用，请换一张。")
    return True
