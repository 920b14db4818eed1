"""Uploaded files are stored under the SHA-256 of their content; the original name is kept as data."""

import hashlib
import os

from django.core.files.storage import FileSystemStorage


class ContentAddressedStorage(FileSystemStorage):
    def save(self, name, content, max_length=None):
        digest = hashlib.sha256()
        if hasattr(content, "chunks"):
            for chunk in content.chunks():
                digest.update(chunk)
        else:
            digest.update(content.read())
        content.seek(0)
        folder = os.path.dirname(name)
        ext = os.path.splitext(name)[1].lower()[:10]
        hexd = digest.hexdigest()
        target = os.path.join(folder, hexd[:2], hexd + ext)
        if self.exists(target):
            return target
        return super().save(target, content, max_length=max_length)
