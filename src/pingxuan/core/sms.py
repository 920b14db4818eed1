"""SMS gateway, pluggable by the SMS_BACKEND setting. The default writes each message to the console and a log file."""

import json
import sys
from datetime import datetime

from django.conf import settings
from django.utils.module_loading import import_string


class ConsoleSmsBackend:
    def send(self, phone, text):
        line = json.dumps({"at": datetime.now().isoformat(timespec="seconds"), "to": phone, "text": text}, ensure_ascii=False)
        print(f"[SMS] {line}", file=sys.stderr)
        settings.SMS_LOG_FILE.parent.mkdir(parents=True, exist_ok=True)
        with open(settings.SMS_LOG_FILE, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")


def send_sms(phone, text):
    backend = import_string(settings.SMS_BACKEND)()
    backend.send(phone, text)
