"""A self-hosted captcha: five distorted characters drawn as a noisy PNG with Pillow. No third party is asked.

The answer travels in a signed, time-limited token (only its keyed hash); each token is answered once — right or
wrong — which the shared cache enforces, so any app server can check any challenge.
"""

from __future__ import annotations

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
# No look-alikes (0/O, 1/I/L, 2/Z, 5/S, 8/B): 25 symbols, six of them: 25**6 = 244,140,625 answers.
ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
LENGTH = 6
WIDTH, HEIGHT = 200, 54


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


def _letter(ch, rng, size=30):
    """One character drawn on its own transparent tile, turned by a random angle."""
    tile = Image.new("RGBA", (size + 14, size + 14), (0, 0, 0, 0))
    colour = (rng.randint(0, 90), rng.randint(0, 90), rng.randint(60, 150), 255)
    ImageDraw.Draw(tile).text((7, 4), ch, font=_font(size), fill=colour)
    return tile.rotate(rng.uniform(-28, 28), resample=Image.Resampling.BICUBIC, expand=False)


def make_challenge():
    """{token, image, answer}: the answer is LENGTH characters from ALPHABET (about 244 million answers)."""
    rng = random.SystemRandom()
    answer = "".join(rng.choice(ALPHABET) for _ in range(LENGTH))
    nonce = secrets.token_hex(12)
    token = signing.dumps({"n": nonce, "h": _answer_hash(nonce, answer)}, salt=SALT)
    img = Image.new("RGB", (WIDTH, HEIGHT), (245, 247, 250))
    draw = ImageDraw.Draw(img)
    for _ in range(10):
        draw.line(
            [(rng.randint(0, WIDTH), rng.randint(0, HEIGHT)), (rng.randint(0, WIDTH), rng.randint(0, HEIGHT))],
            fill=(rng.randint(150, 210), rng.randint(160, 215), rng.randint(170, 225)),
            width=rng.choice((1, 1, 2)),
        )
    x = 2
    for ch in answer:
        tile = _letter(ch, rng)
        img.paste(tile, (x, rng.randint(-4, max(HEIGHT - tile.height, -4))), tile)
        x += rng.randint(27, 31)
    for _ in range(260):
        draw.point((rng.randint(0, WIDTH - 1), rng.randint(0, HEIGHT - 1)), fill=(rng.randint(90, 200),) * 3)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    image = "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
    return {"token": token, "image": image, "answer": answer}


def new_challenge():
    """{token, image}: the image shows the characters to type; the answer travels only as a keyed hash."""
    challenge = make_challenge()
    return {"token": challenge["token"], "image": challenge["image"]}


def normalise(answer):
    return "".join(str(answer).split()).upper()


def check(token: str | None, answer: str | None, message: str | None = None) -> bool:
    """Accept a challenge's answer once. A challenge is spent by its first answer, right or wrong: a wrong answer
    means a new picture, so guesses cannot be repeated against one challenge. `message` says why a challenge is
    asked for when none was answered."""
    if not token or answer in (None, ""):
        raise CaptchaRequired(*([message] if message else []))
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature as exc:
        raise CaptchaRequired("验证码已过期，请换一张。") from exc
    if not cache.add(f"captcha:used:{data['n']}", 1, MAX_AGE + 60):
        raise CaptchaRequired("该验证码已使用，请换一张。")
    if not hmac.compare_digest(data["h"], _answer_hash(data["n"], normalise(answer))):
        raise CaptchaRequired("验证码输入不正确，请看新的一张重新输入。")
    return True
