import uuid

import pghistory
import pghistory.models
import pgtrigger
from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PartnerQuerySet(models.QuerySet["Partner"]):
    def active(self) -> "PartnerQuerySet":
        return self.filter(is_active=True)

    def for_listing(self) -> "PartnerQuerySet":
        # explicit order: an aggregate drops the default ordering, and the admin paginates this
        return self.annotate(
            active_tokens=models.Count("tokens", filter=Q(tokens__revoked_at__isnull=True))
        ).order_by("kind", "name")


@pghistory.track()
class Partner(models.Model):
    """An outside organisation that uses the API with its own tokens."""

    class Kind(models.TextChoices):
        HOSPITAL = "hospital", _("Hospital")
        INSURER = "insurer", _("Insurer")
        CATERER = "caterer", _("Caterer")
        HEALTH_INSTITUTION = "health_institution", _("Health institution")
        SOCIAL_ORGANISATION = "social_organisation", _("Social organisation")
        REGISTRATION_AGENT = "registration_agent", _("Registration agent")

    public_id = models.UUIDField(_("public ID"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_("Where the portal tells the partner of a decision on what it submitted."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "hospital",
                        "insurer",
                        "caterer",
                        "health_institution",
                        "social_organisation",
                        "registration_agent",
                    ]
                ),
                name="licang_partner_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> "ApiTokenQuerySet":
        return (
            self.filter(revoked_at__isnull=True)
            .filter(Q(partner__isnull=True) | Q(partner__is_active=True))
            .filter(Q(user__isnull=True) | Q(user__is_active=True, user__is_staff=True))
        )

    def for_listing(self) -> "ApiTokenQuerySet":
        return self.select_related("partner", "user", "created_by")


@pghistory.track(exclude=["last_used_at"])
class ApiToken(models.Model):
    """A bearer token for a partner, or for a staff member reading the registry.

    Only a SHA-256 hash of the secret is stored; the secret is shown once when issued. The prefix
    finds the row without scanning every hash.
    """

    name = models.CharField(_("label"), max_length=100, blank=True)
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="tokens",
        null=True,
        blank=True,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        related_name="api_tokens",
        null=True,
        blank=True,
    )
    prefix = models.CharField(_("prefix"), max_length=12, unique=True, editable=False)
    secret_hash = models.CharField(_("secret hash"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(partner__isnull=False, user__isnull=True)
                | Q(partner__isnull=True, user__isnull=False),
                name="licang_apitoken_one_holder",
            ),
        ]

    def __str__(self) -> str:
        holder = self.partner or self.user
        return f"{holder} · {self.prefix}…"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class IdempotencyRecord(models.Model):
    """The first successful answer to a POST sent with an ``Idempotency-Key``."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)
    response_body = models.JSONField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [
            models.UniqueConstraint(fields=["token", "key"], name="licang_idempotency_one_per_key"),
        ]
        indexes = [
            # the clean-up of old records scans by age
            models.Index(fields=["created_at"], name="licang_idem_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.token_id}:{self.key}"


class ThrottleCounter(models.Model):
    """Requests per caller and time window, shared by every worker process through PostgreSQL."""

    key = models.CharField(max_length=100)
    window_start = models.DateTimeField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("throttle counter")
        verbose_name_plural = _("throttle counters")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "window_start"], name="licang_throttlecounter_one_per_window"
            ),
        ]
        indexes = [
            # the clean-up of past windows scans by window start
            models.Index(fields=["window_start"], name="licang_throttle_window_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.key}@{self.window_start:%Y-%m-%d %H:%M:%S}: {self.hits}"


class AuditEvent(pghistory.models.Events):
    """Every recorded change to a tracked model, with who made it (staff member or partner)."""

    user = pghistory.ProxyField(
        "pgh_context__user",
        models.ForeignKey(
            settings.AUTH_USER_MODEL,
            verbose_name=_("staff member"),
            on_delete=models.DO_NOTHING,
            null=True,
        ),
    )
    url = pghistory.ProxyField("pgh_context__url", models.TextField(_("address"), null=True))
    partner = pghistory.ProxyField(
        "pgh_context__partner",
        models.TextField(_("partner"), null=True),
    )

    # pghistory's event labels, as staff read them
    LABELS = {"insert": _("created"), "update": _("changed"), "delete": _("deleted")}

    class Meta:
        proxy = True
        verbose_name = _("audit event")
        verbose_name_plural = _("audit history")

    def __str__(self) -> str:
        try:
            kind = str(apps.get_model(self.pgh_obj_model)._meta.verbose_name)
        except (LookupError, ValueError):
            kind = self.pgh_obj_model
        return f"{kind} #{self.pgh_obj_id} · {self.LABELS.get(self.pgh_label, self.pgh_label)}"


class AccessLogQuerySet(models.QuerySet["AccessLog"]):
    def for_listing(self) -> "AccessLogQuerySet":
        return self.select_related("user")


class AccessLog(models.Model):
    """Who took personal data out of the admin lists, or saw it in full: every export of a list
    (CSV or Excel, with the filter it was taken with) and every reveal of full ID numbers and
    phones. Append-only: the database refuses every UPDATE and DELETE of a row (a trigger), so
    no staff member, superusers included, can edit or erase it."""

    class Action(models.TextChoices):
        EXPORT = "export", _("export")
        REVEAL = "reveal", _("reveal of full personal data")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    action = models.CharField(_("what"), max_length=10, choices=Action.choices)
    list_label = models.CharField(_("list"), max_length=100)
    list_name = models.CharField(_("list name"), max_length=100, blank=True)
    object_id = models.CharField(_("record"), max_length=64, blank=True)
    query = models.TextField(_("filter"), blank=True)
    rows = models.PositiveIntegerField(_("rows"))
    file_format = models.CharField(_("format"), max_length=4, choices=Format.choices, blank=True)
    client_ip = models.GenericIPAddressField(_("client IP address"), null=True, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=["export", "reveal"]), name="licang_accesslog_action_known"
            ),
            models.CheckConstraint(
                condition=Q(file_format__in=["", "csv", "xlsx"]),
                name="licang_accesslog_format_known",
            ),
            models.CheckConstraint(
                condition=~Q(action="export") | ~Q(file_format=""),
                name="licang_accesslog_export_has_format",
            ),
        ]
        indexes = [
            # the admin's list: newest first
            models.Index(fields=["-at"], name="licang_accesslog_at_idx"),
            # one staff member's accesses, newest first
            models.Index(fields=["user", "-at"], name="licang_accesslog_user_idx"),
        ]
        triggers = [
            pgtrigger.Protect(
                name="licang_accesslog_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            ),
        ]

    def __str__(self) -> str:
        what = self.get_action_display()  # type: ignore[attr-defined]
        return f"{self.at:%Y-%m-%d %H:%M} · {self.user} · {what} · {self.list_name}"
