"""Spreadsheet imports: a batch is one uploaded file of one kind, validated in a dry run row by row
(``ImportRow``) and, once staff confirm, written all at once. See ``licang.imports.kinds``."""

from __future__ import annotations

import uuid

import pghistory
from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class LocalImportStorage(FileSystemStorage):
    """``MEDIA_ROOT`` (a test's own folder too), or the local data folder when it is not set."""

    @cached_property
    def base_location(self) -> str:
        return str(settings.MEDIA_ROOT or settings.BASE_DIR / ".data" / "media")


def import_storage() -> Storage:
    """``STORAGES["imports"]`` if configured, else the local data folder. Uploaded files hold
    personal data: they are never served from a public URL."""
    if "imports" in settings.STORAGES:
        return storages["imports"]
    return LocalImportStorage()


class Outcome(models.TextChoices):
    CREATE = "create", _("create")
    UPDATE = "update", _("update")
    UNCHANGED = "unchanged", _("unchanged")
    REFUSED = "refused", _("refused")


# the dry-run report lists refused rows first, then the rows in file order
OUTCOME_RANK = {Outcome.REFUSED: 0, Outcome.CREATE: 1, Outcome.UPDATE: 2, Outcome.UNCHANGED: 3}


class ImportBatchQuerySet(models.QuerySet["ImportBatch"]):
    def visible_to(self, actor: object) -> ImportBatchQuerySet:
        """Batches ``actor`` uploaded; every batch for superusers and for those who may see all
        (district administrators)."""
        if not getattr(actor, "is_authenticated", False) or not getattr(actor, "is_staff", False):
            return self.none()
        if actor.is_superuser or actor.has_perm("imports.view_all_importbatch"):  # type: ignore[attr-defined]
            return self
        return self.filter(uploaded_by=actor)  # type: ignore[misc]

    def for_listing(self) -> ImportBatchQuerySet:
        return self.select_related("uploaded_by", "confirmed_by")


@pghistory.track(exclude=["processed_rows"])
class ImportBatch(models.Model):
    """One uploaded file of one kind: its dry run, then (once confirmed) its all-or-nothing write.

    The history of this row is the batch-level audit record: who uploaded, who confirmed, when
    it was written and how many rows each way; the rows written carry the batch in their own
    history's context.
    """

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("waiting for the dry run")
        VALIDATING = "validating", _("dry run in progress")
        VALIDATED = "validated", _("dry run ready")
        CONFIRMED = "confirmed", _("waiting to be written")
        WRITING = "writing", _("being written")
        DONE = "done", _("written")
        FAILED = "failed", _("failed")

    public_id = models.UUIDField(_("public ID"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=50)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", storage=import_storage)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    language = models.CharField(_("language of the report"), max_length=10)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UPLOADED
    )
    error = models.TextField(_("error"), blank=True)
    ignored_headings = models.JSONField(_("ignored headings"), default=list, blank=True)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    created_count = models.PositiveIntegerField(_("to create"), default=0)
    updated_count = models.PositiveIntegerField(_("to update"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    refused_count = models.PositiveIntegerField(_("refused"), default=0)
    written_count = models.PositiveIntegerField(_("rows written"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    validated_at = models.DateTimeField(_("dry run finished at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("written at"), null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-uploaded_at"]
        permissions = [("view_all_importbatch", _("Can see every staff member's imports"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(processed_rows__lte=models.F("total_rows")),
                name="imports_importbatch_processed_within_total",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["confirmed", "writing", "done"])
                | Q(confirmed_by__isnull=False),
                name="imports_importbatch_confirmed_by_someone",
            ),
        ]
        indexes = [
            # the admin's list of a staff member's own imports, newest first
            models.Index(fields=["uploaded_by", "-uploaded_at"], name="imports_batch_mine_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} · {self.get_status_display()}"

    @property
    def percent(self) -> int:
        """How far the running job is, 0 to 100."""
        if self.status in (self.Status.VALIDATED, self.Status.DONE):
            return 100
        if not self.total_rows:
            return 0
        return min(100, self.processed_rows * 100 // self.total_rows)

    @property
    def running(self) -> bool:
        return self.status in (
            self.Status.UPLOADED,
            self.Status.VALIDATING,
            self.Status.CONFIRMED,
            self.Status.WRITING,
        )

    @property
    def to_write(self) -> int:
        return self.created_count + self.updated_count


class ImportRowQuerySet(models.QuerySet["ImportRow"]):
    def for_report(self, batch: ImportBatch) -> ImportRowQuerySet:
        """The dry-run report of ``batch``: refused rows first, then in file order."""
        return self.filter(batch=batch).order_by("rank", "number")


class ImportRow(models.Model):
    """What the dry run found for one row of the file; ``data`` is the row as it would be written
    (normalised), ``reasons`` the (column, message) pairs of a refusal, in the batch's language."""

    batch = models.ForeignKey(
        ImportBatch, verbose_name=_("import"), on_delete=models.CASCADE, related_name="rows"
    )
    number = models.PositiveIntegerField(_("row"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    rank = models.PositiveSmallIntegerField(_("order in the report"))
    key = models.CharField(_("key"), max_length=100, blank=True)
    data = models.JSONField(_("data"), default=dict)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    changes = models.JSONField(_("changed fields"), default=list, blank=True)

    objects = ImportRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("import row")
        verbose_name_plural = _("import rows")
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "number"], name="imports_importrow_one_per_row"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["create", "update", "unchanged", "refused"]),
                name="imports_importrow_outcome_known",
            ),
        ]
        indexes = [
            # the paged dry-run report (refused first, then file order) and the write's read of
            # the rows to create and update
            models.Index(fields=["batch", "rank", "number"], name="imports_row_report_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.number} {self.outcome}"
