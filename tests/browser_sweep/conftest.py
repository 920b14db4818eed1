import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
if (ROOT / "var" / "fonts" / "fonts.conf").exists():
    os.environ.setdefault("FONTCONFIG_FILE", str(ROOT / "var" / "fonts" / "fonts.conf"))
