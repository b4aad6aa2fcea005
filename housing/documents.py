"""What a document upload may be: a PDF, JPEG or PNG, recognised from its first bytes (never from
its name or the type the browser claims), no larger than ``HOUSING_DOCUMENT_MAX_BYTES``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 5 * 1024 * 1024

# (signature, content type): the magic numbers of the three formats
SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
]


def max_bytes() -> int:
    return int(getattr(settings, "HOUSING_DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def sniff(head: bytes) -> str | None:
    """The content type the bytes ``head`` begin with, or ``None``."""
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def checked_content_type(upload: Any) -> str:
    """The content type of ``upload`` (a Django ``File``), or a ``ValidationError`` on ``file``."""
    limit = max_bytes()
    if upload.size is None or upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")}, code="empty")
    if upload.size > limit:
        raise ValidationError(
            {
                "file": _("The file is %(size).1f MB; at most %(limit).1f MB is accepted.")
                % {"size": upload.size / 1024 / 1024, "limit": limit / 1024 / 1024}
            },
            code="file_too_large",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head)
    if content_type is None:
        raise ValidationError(
            {"file": _("Only PDF, JPEG or PNG files are accepted (this file is none of them).")},
            code="file_type",
        )
    return content_type


class LocalDocumentStorage(FileSystemStorage):
    """``MEDIA_ROOT``, read when a file is stored (a test's own folder too), or the local data
    folder (ignored by git) when it is not set: never the working directory."""

    @cached_property
    def base_location(self) -> str:
        return str(settings.MEDIA_ROOT or settings.BASE_DIR / ".data" / "media")


def document_storage() -> Storage:
    """Where documents live: ``STORAGES["housing_documents"]`` if configured (an S3-compatible
    store through django-storages in production), else the default storage. Never served from
    a public URL: ``housing.views.document_file`` and the API stream them after an access check."""
    if "housing_documents" in settings.STORAGES:
        return storages["housing_documents"]
    # called once, when the model is defined: the local storage reads MEDIA_ROOT itself
    return LocalDocumentStorage()
