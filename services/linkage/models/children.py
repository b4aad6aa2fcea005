"""Children in difficulty, their micro-wishes ("微心愿"), the public's pledges to adopt them, and
the append-only log of every read of a child's full record."""

from __future__ import annotations

import datetime
import uuid

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modeltranslation.manager import MultilingualManager

from licang import idnumber
from licang.masking import mask_phone
from licang.phones import validate_mobile_phone
from licang.registry.models import Resident
from services.linkage import access
from services.linkage.models.directory import SocialOrganisation, SocialWorker, Volunteer
from services.linkage.models.visits import Visit

# Age bands shown instead of an exact age: (lowest age, stable code, label); a child is in the
# last band whose lowest age they have reached.
AGE_BANDS = [
    (0, "0-5", _("under 6")),
    (6, "6-11", _("6 to 11")),
    (12, "12-14", _("12 to 14")),
    (15, "15-17", _("15 to 17")),
]


def age_band_of(birth_date: datetime.date, on: datetime.date) -> str:
    """The stable code of the age band of a child born on ``birth_date``, on ``on``."""
    age = idnumber.age_on(birth_date, on)
    code = AGE_BANDS[0][1]
    for lowest, band, _label in AGE_BANDS:
        if age >= lowest:
            code = band
    return code


def age_band_label(code: str) -> str:
    return next((str(label) for _lowest, band, label in AGE_BANDS if band == code), code)


class ChildQuerySet(models.QuerySet["Child"]):
    def for_listing(self) -> ChildQuerySet:
        return self.select_related("resident__community__subdistrict", "commissioner__organisation")

    def visible_to(self, actor: object) -> ChildQuerySet:
        """Staff within scope; never a partner (they see wishes by alias only)."""
        return access.community_records(
            self, actor, community_path="resident__community", partner_paths=[]
        )


@pghistory.track()
class Child(models.Model):
    """A child in difficulty followed by the linkage. In public and to partners a child is only
    an alias, an age band and a subdistrict."""

    public_id = models.UUIDField(_("public ID"), default=uuid.uuid4, unique=True, editable=False)
    resident = models.OneToOneField(
        Resident,
        verbose_name=_("resident"),
        on_delete=models.PROTECT,
        related_name="linkage_child",
        limit_choices_to={"child_in_difficulty": True},
    )
    alias = models.CharField(
        _("alias"),
        max_length=20,
        unique=True,
        help_text=_("Shown instead of the name, e.g. 小星星."),
    )
    school = models.CharField(_("school"), max_length=100, blank=True)
    situation = models.TextField(_("situation"), blank=True)
    commissioner = models.ForeignKey(
        SocialWorker,
        verbose_name=_("service commissioner"),
        on_delete=models.PROTECT,
        related_name="children",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("child in difficulty")
        verbose_name_plural = _("children in difficulty")
        ordering = ["alias"]

    def __str__(self) -> str:
        # never the name: the alias is what every list shows
        return self.alias


class WishQuerySet(models.QuerySet["Wish"]):
    def for_listing(self) -> WishQuerySet:
        return self.select_related(
            "child__resident__community__subdistrict",
            "adopted_by_volunteer",
            "adopted_by_organisation",
        )

    def visible_to(self, actor: object) -> WishQuerySet:
        return access.community_records(
            self,
            actor,
            community_path="child__resident__community",
            partner_paths=["adopted_by_organisation__partner"],
        )

    def on_the_wall(self) -> WishQuerySet:
        """The open wishes of the public wish wall."""
        return self.filter(status=Wish.Status.COLLECTED)


# tracked by pghistory in translation.py, once its translated fields exist
class Wish(models.Model):
    """A child's micro-wish, recorded on a visit: collected → adopted → fulfilled."""

    class Status(models.TextChoices):
        COLLECTED = "collected", _("Collected")
        ADOPTED = "adopted", _("Adopted")
        FULFILLED = "fulfilled", _("Fulfilled")

    public_id = models.UUIDField(_("public ID"), default=uuid.uuid4, unique=True, editable=False)
    child = models.ForeignKey(
        Child, verbose_name=_("child"), on_delete=models.PROTECT, related_name="wishes"
    )
    visit = models.ForeignKey(
        Visit, verbose_name=_("recorded on visit"), on_delete=models.PROTECT, related_name="wishes"
    )
    wish = models.CharField(_("wish"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.COLLECTED, editable=False
    )
    adopted_by_volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("adopted by volunteer"),
        on_delete=models.PROTECT,
        related_name="adopted_wishes",
        null=True,
        blank=True,
        editable=False,
    )
    adopted_by_organisation = models.ForeignKey(
        SocialOrganisation,
        verbose_name=_("adopted by organisation"),
        on_delete=models.PROTECT,
        related_name="adopted_wishes",
        null=True,
        blank=True,
        editable=False,
    )
    adopted_by_donor = models.CharField(
        _("adopted by donor"), max_length=50, blank=True, editable=False
    )
    adopted_at = models.DateTimeField(_("adopted at"), null=True, blank=True, editable=False)
    fulfilled_on = models.DateField(_("fulfilled on"), null=True, blank=True, editable=False)
    fulfilment_note = models.CharField(_("fulfilment note"), max_length=300, blank=True)
    photo = models.FileField(_("photo"), upload_to="linkage/wishes/", blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MultilingualManager.from_queryset(WishQuerySet)()
    wish_zh_hans: str | None
    wish_en: str | None

    class Meta:
        verbose_name = _("micro-wish")
        verbose_name_plural = _("micro-wishes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="collected")
                | Q(adopted_by_volunteer__isnull=False)
                | Q(adopted_by_organisation__isnull=False)
                | ~Q(adopted_by_donor=""),
                name="linkage_wish_adopted_by_someone",
            ),
            models.CheckConstraint(
                condition=~Q(status="fulfilled") | Q(fulfilled_on__isnull=False),
                name="linkage_wish_fulfilled_has_date",
            ),
        ]
        indexes = [
            # the wish wall lists collected wishes, newest first
            models.Index(fields=["status", "-created_at"], name="linkage_wish_wall_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.child.alias} · {self.wish}"

    @property
    def adopter(self) -> str:
        return str(
            self.adopted_by_organisation or self.adopted_by_volunteer or self.adopted_by_donor
        )


class PledgeQuerySet(models.QuerySet["Pledge"]):
    def for_listing(self) -> PledgeQuerySet:
        return self.select_related("wish__child", "decided_by")

    def visible_to(self, actor: object) -> PledgeQuerySet:
        return access.community_records(
            self, actor, community_path="wish__child__resident__community", partner_paths=[]
        )


@pghistory.track()
class Pledge(models.Model):
    """A visitor's offer, from the wish wall, to adopt a wish; staff accept or decline it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for staff")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    public_id = models.UUIDField(_("public ID"), default=uuid.uuid4, unique=True, editable=False)
    wish = models.ForeignKey(
        Wish, verbose_name=_("wish"), on_delete=models.PROTECT, related_name="pledges"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    phone = models.CharField(_("mobile phone"), max_length=11, validators=[validate_mobile_phone])
    offer = models.CharField(_("what you will do"), max_length=300)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, editable=False
    )
    decline_reason = models.CharField(_("reason for declining"), max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("offered at"), auto_now_add=True)

    objects = PledgeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # the last guard against a wish adopted twice: one accepted pledge per wish
            models.UniqueConstraint(
                fields=["wish"],
                condition=Q(status="accepted"),
                name="linkage_pledge_one_accepted_per_wish",
            ),
            models.CheckConstraint(
                condition=Q(phone__regex=r"^1[3-9][0-9]{9}$"), name="linkage_pledge_phone_mobile"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.wish.child.alias}"

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class ChildAccessLogQuerySet(models.QuerySet["ChildAccessLog"]):
    def for_listing(self) -> ChildAccessLogQuerySet:
        return self.select_related("child", "user")

    def visible_to(self, actor: object) -> ChildAccessLogQuerySet:
        return access.community_records(
            self, actor, community_path="child__resident__community", partner_paths=[]
        )


class ChildAccessLog(models.Model):
    """Who read a child's full record, when and where. Append-only: the database refuses every
    UPDATE and DELETE of a row (a trigger), so no staff member can edit or erase it."""

    child = models.ForeignKey(
        Child, verbose_name=_("child"), on_delete=models.PROTECT, related_name="access_log"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    where = models.CharField(_("where"), max_length=200, blank=True)

    objects = ChildAccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("child record access")
        verbose_name_plural = _("child record access log")
        ordering = ["-at", "-pk"]
        triggers = [
            pgtrigger.Protect(
                name="linkage_childaccesslog_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            ),
        ]
        indexes = [
            # a child's reads, newest first
            models.Index(fields=["child", "-at"], name="linkage_childlog_child_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} · {self.user} · {self.child}"
