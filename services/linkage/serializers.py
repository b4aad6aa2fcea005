"""Input serializers validate partner requests; output serializers render records. None saves.

A child is never named: needs carry no child at all and wishes only an alias, an age band and a
subdistrict. Money is a decimal string in yuan, dates are ISO 8601.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from services.linkage.models import AGE_BANDS, Need, Volunteer, VolunteerHours, Wish
from services.linkage.selectors import public_wish


def money(**kwargs: Any) -> serializers.DecimalField:
    """Yuan as a decimal string: ``"1200.00"``."""
    return serializers.DecimalField(
        max_digits=14, decimal_places=2, coerce_to_string=True, **kwargs
    )


# --- Inputs -------------------------------------------------------------------------------------


class NeedProgressSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[
            (Need.Status.IN_PROGRESS, Need.Status.IN_PROGRESS.label),
            (Need.Status.MET, Need.Status.MET.label),
            (Need.Status.CLOSED, Need.Status.CLOSED.label),
        ],
        help_text=_(
            "The need's new status: in_progress, met, or closed (with the reason as note)."
        ),
    )
    note = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("What was done; required when closing (the reason)."),
    )


class HoursInputSerializer(serializers.Serializer):
    volunteer = serializers.UUIDField(help_text=_("The public ID of one of your volunteers."))
    date = serializers.DateField(help_text=_("The day of the activity (not in the future)."))
    hours = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("0.5"),
        max_value=Decimal("24"),
        help_text=_("Hours given that day, in half hours (0.5 to 24)."),
    )
    activity = serializers.CharField(max_length=200, help_text=_("What the volunteer did."))

    def validate_date(self, value: Any) -> Any:
        if value > timezone.localdate():
            raise serializers.ValidationError(
                _("Hours cannot be logged for a day still to come."), code="future_date"
            )
        return value


class WishFulfilmentSerializer(serializers.Serializer):
    fulfilled_on = serializers.DateField(
        help_text=_("The day the wish came true (not in the future).")
    )
    note = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("What was given or done."),
    )

    def validate_fulfilled_on(self, value: Any) -> Any:
        if value > timezone.localdate():
            raise serializers.ValidationError(
                _("A wish cannot be fulfilled in the future."), code="future_date"
            )
        return value


# --- Outputs ------------------------------------------------------------------------------------


class NeedOutputSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True, help_text=_("Need ID."))
    community = serializers.CharField(
        source="community.name", read_only=True, help_text=_("The household's community.")
    )
    subdistrict = serializers.CharField(
        source="community.subdistrict.name", read_only=True, help_text=_("Its subdistrict.")
    )

    class Meta:
        model = Need
        fields = ["id", "category", "urgency", "status", "description", "community",
                  "subdistrict", "updated_at"]  # fmt: skip


class WishOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text=_("Wish ID."))
    alias = serializers.CharField(help_text=_("The child's alias; never the name."))
    age_band = serializers.ChoiceField(
        choices=[(code, label) for _lowest, code, label in AGE_BANDS],
        help_text=_("The child's age band (0-5, 6-11, 12-14, 15-17); never the exact age."),
    )
    subdistrict = serializers.CharField(help_text=_("The child's subdistrict."))
    wish = serializers.CharField(help_text=_("The wish."))
    status = serializers.ChoiceField(choices=Wish.Status.choices, help_text=_("Its status."))

    def to_representation(self, instance: Any) -> Any:
        return super().to_representation(public_wish(instance))


class HoursOutputSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True, help_text=_("Record ID."))
    volunteer = serializers.UUIDField(
        source="volunteer.public_id", read_only=True, help_text=_("Volunteer ID.")
    )
    volunteer_name = serializers.CharField(
        source="volunteer.name", read_only=True, help_text=_("The volunteer's name.")
    )

    class Meta:
        model = VolunteerHours
        fields = ["id", "volunteer", "volunteer_name", "date", "hours", "activity", "status",
                  "refusal_reason", "logged_at"]  # fmt: skip


class VolunteerOutputSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True, help_text=_("Volunteer ID."))
    phone = serializers.CharField(source="masked_phone", read_only=True, help_text=_("Masked."))
    skills = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("Need categories the volunteer is skilled in (care, companionship, …)."),
    )
    available_on = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=6),
        help_text=_("Weekdays the volunteer is usually free (0 Monday … 6 Sunday)."),
    )

    class Meta:
        model = Volunteer
        fields = ["id", "name", "phone", "skills", "available_on", "is_active"]


class LinkageInvestedSerializer(serializers.Serializer):
    district_key = money(help_text=_("Yuan budgeted for district key projects."))
    subdistrict = money(help_text=_("Yuan budgeted for subdistrict projects."))
    community = money(help_text=_("Yuan budgeted for community projects."))


class LinkageSpentBySourceSerializer(serializers.Serializer):
    district = money(help_text=_("Yuan spent from district funds."))
    subdistrict = money(help_text=_("Yuan spent from subdistrict funds."))
    community = money(help_text=_("Yuan spent from community funds."))
    charity = money(help_text=_("Yuan spent from charity funds."))


class LinkageNeedsMetSerializer(serializers.Serializer):
    care = serializers.IntegerField(help_text=_("Care needs met."))
    companionship = serializers.IntegerField(help_text=_("Companionship needs met."))
    repairs = serializers.IntegerField(help_text=_("Repair needs met."))
    study = serializers.IntegerField(help_text=_("Study needs met."))
    material = serializers.IntegerField(help_text=_("Material-help needs met."))
    employment = serializers.IntegerField(help_text=_("Employment needs met."))
    health = serializers.IntegerField(help_text=_("Health needs met."))
    other = serializers.IntegerField(help_text=_("Other needs met."))


class LinkageFiguresSerializer(serializers.Serializer):
    volunteers = serializers.IntegerField(help_text=_("Active linkage volunteers."))
    children_visited = serializers.IntegerField(
        help_text=_("Children in difficulty whose household was visited.")
    )
    companionship_hours = serializers.DecimalField(
        max_digits=10, decimal_places=1, help_text=_("Hours of companionship given on visits.")
    )
    wishes_collected = serializers.IntegerField(help_text=_("Micro-wishes recorded."))
    wishes_fulfilled = serializers.IntegerField(help_text=_("Micro-wishes fulfilled."))
    organisations = serializers.IntegerField(
        help_text=_("Social organisations brought in (community-level ones apart).")
    )
    community_organisations_by_year = serializers.DictField(
        child=serializers.IntegerField(),
        help_text=_("Community social organisations founded, by year."),
    )
    district_key_projects = serializers.IntegerField(help_text=_("District key projects."))
    subdistrict_projects = serializers.IntegerField(help_text=_("Subdistrict projects."))
    community_projects = serializers.IntegerField(help_text=_("Community projects."))
    invested = LinkageInvestedSerializer(help_text=_("Yuan budgeted, by project level."))
    needs_met_by_category = LinkageNeedsMetSerializer(help_text=_("Needs met, by category."))
    spent_by_source = LinkageSpentBySourceSerializer(help_text=_("Yuan spent, by funding source."))
