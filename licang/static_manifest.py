"""Production refuses to start without its collected static files.

With ``DEBUG`` off, static files are served from ``STATIC_ROOT`` through a manifest that maps each
file to its hashed name. Without ``collectstatic`` the manifest is missing, and after an update
that adds a file without ``collectstatic`` it lacks that file: either way every page that links the
file is a 500 ("Missing staticfiles manifest entry"). So ``manage.py check --deploy`` reports it,
and the WSGI and ASGI applications refuse to start (``require_collected()``), with the command that
fixes it, rather than serve 500s.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

FIX = (
    "Run `python manage.py collectstatic --no-input` with the server's settings before starting "
    "it (README, Deployment)."
)
NOT_COLLECTED = "licang.E001"
OUT_OF_DATE = "licang.E002"


def problems() -> list[checks.CheckMessage]:
    """What stops the collected static files from serving every page; empty when nothing does."""
    storage = staticfiles_storage
    if not isinstance(storage, ManifestFilesMixin):
        return []  # plain storage (DEBUG, the test suite) serves files by their own names
    if not settings.STATIC_ROOT:
        message = "STATIC_ROOT is not set, so static files cannot be collected."
        return [checks.Error(message, hint=FIX, id=NOT_COLLECTED)]
    manifest = storage.read_manifest()
    if manifest is None:
        return [
            checks.Error(
                f"Static files have not been collected: {settings.STATIC_ROOT}/"
                f"{storage.manifest_name} is missing, so every page would be a server error "
                '("Missing staticfiles manifest entry").',
                hint=FIX,
                id=NOT_COLLECTED,
            )
        ]
    try:
        collected = set(json.loads(manifest).get("paths", {}))
    except (ValueError, AttributeError):
        collected = set()
    missing = sorted(_source_files() - collected)
    if missing:
        shown = ", ".join(missing[:3]) + (" …" if len(missing) > 3 else "")
        return [
            checks.Error(
                f"The collected static files in {settings.STATIC_ROOT} are out of date: "
                f"{len(missing)} file(s) are not collected ({shown}), so pages that link them "
                "would be server errors.",
                hint=FIX,
                id=OUT_OF_DATE,
            )
        ]
    return []


def _source_files() -> set[str]:
    """Every static file the finders know, by the name pages link it with (as collectstatic)."""
    names: set[str] = set()
    for finder in finders.get_finders():
        for path, source_storage in finder.list(["CVS", ".*", "*~"]):
            prefix = getattr(source_storage, "prefix", None)
            names.add(f"{prefix}/{path}" if prefix else path)
    return names


@checks.register(checks.Tags.staticfiles, deploy=True)
def check_collected(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    return problems()


def require_collected() -> None:
    """Refuse to start a production server whose pages would all be server errors."""
    found = problems()
    if found:
        raise ImproperlyConfigured(" ".join(f"{p.msg} {p.hint}" for p in found))
