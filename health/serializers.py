"""Input serializers validate partner requests; output serializers render records. None saves.

ID numbers arrive only in request bodies and leave masked. Money is a decimal string in yuan,
dates are ISO 8601.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from health.eligibility import explain
from health.models import AgeBand, CataractCase, Checkup, ClaimType, InsuranceClaim, Program
from licang.api.fields import IdNumberField, money
from licang.api.schema import MaskedIdNumberField

# --- Inputs -------------------------------------------------------------------------------------


class ClaimInputSerializer(serializers.Serializer):
    id_number = IdNumberField()
    claim_type = serializers.ChoiceField(choices=ClaimType.choices)
    incident_date = serializers.DateField()
    days = serializers.IntegerField(
        min_value=1,
        max_value=366,
        required=False,
        allow_null=True,
        help_text="Days in hospital (hospital_care only).",
    )
    admission_date = serializers.DateField(required=False, allow_null=True)
    discharge_date = serializers.DateField(required=False, allow_null=True)
    amount_claimed = money(
        min_value=0,
        required=False,
        allow_null=True,
        help_text="Yuan claimed (every type except hospital_care).",
    )


class PaymentInputSerializer(serializers.Serializer):
    paid_on = serializers.DateField()
    payment_reference = serializers.CharField(max_length=64, required=False, default="")


class CheckupInputSerializer(serializers.Serializer):
    id_number = IdNumberField()
    check_date = serializers.DateField()
    site = serializers.SlugField(help_text="The check site's code.")
    status = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in (Checkup.Status.BOOKED, Checkup.Status.COMPLETED)],
        default="completed",
        help_text="`booked` records an appointment; `completed` a check that took place.",
    )
    family_doctor_signed = serializers.BooleanField(default=False)


class CheckupCompletionSerializer(serializers.Serializer):
    check_date = serializers.DateField(required=False, allow_null=True)
    family_doctor_signed = serializers.BooleanField(required=False, allow_null=True)


class CataractInputSerializer(serializers.Serializer):
    id_number = IdNumberField()
    eye = serializers.ChoiceField(choices=CataractCase.Eye.choices)
    surgery_date = serializers.DateField()
    indication_confirmed = serializers.BooleanField()
    consent_confirmed = serializers.BooleanField()
    diagnosis = serializers.CharField(max_length=200, required=False, default="")


class EligibilityInputSerializer(serializers.Serializer):
    id_number = IdNumberField()
    on_date = serializers.DateField(required=False, allow_null=True)


class FiguresQuerySerializer(serializers.Serializer):
    """The figures' query string (declared in the schema; the view reads it)."""

    year = serializers.IntegerField(
        min_value=2000,
        max_value=2100,
        required=False,
        help_text="Defaults to the current year.",
    )


class BalanceInputSerializer(serializers.Serializer):
    id_number = IdNumberField()
    year = serializers.IntegerField(min_value=2000, max_value=2100)


# --- Outputs ------------------------------------------------------------------------------------


class RuleReferenceSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    version = serializers.IntegerField()


class DecisionFieldsMixin(serializers.Serializer):
    reason = serializers.SerializerMethodField()
    rule = serializers.SerializerMethodField()

    def get_reason(self, obj: Any) -> str:
        """The stored decision in plain language, in the language of ``Accept-Language``."""
        return explain(obj.decision)

    @extend_schema_field(RuleReferenceSerializer(allow_null=True))
    def get_rule(self, obj: Any) -> dict[str, Any] | None:
        rule = obj.decision.get("rule") or {}
        return {"year": rule.get("year"), "version": rule.get("version")} if rule else None


class ClaimOutputSerializer(DecisionFieldsMixin, serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    id_number = MaskedIdNumberField(source="policy.resident.masked_id_number", read_only=True)
    name = serializers.CharField(source="policy.resident.name", read_only=True)
    policy_number = serializers.CharField(source="policy.policy_number", read_only=True)
    amount_claimed = money(read_only=True, allow_null=True)
    amount_payable = money(read_only=True)

    class Meta:
        model = InsuranceClaim
        fields = [
            "id",
            "status",
            "claim_type",
            "id_number",
            "name",
            "policy_number",
            "incident_date",
            "admission_date",
            "discharge_date",
            "days",
            "days_payable",
            "amount_claimed",
            "amount_payable",
            "reason",
            "rule",
            "rejection_reason",
            "submitted_at",
            "decided_at",
            "paid_on",
            "payment_reference",
        ]
        read_only_fields = fields


class CheckupOutputSerializer(DecisionFieldsMixin, serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    id_number = MaskedIdNumberField(source="resident.masked_id_number", read_only=True)
    name = serializers.CharField(source="resident.name", read_only=True)
    site = serializers.CharField(source="site.code", read_only=True)

    class Meta:
        model = Checkup
        fields = [
            "id",
            "status",
            "id_number",
            "name",
            "site",
            "check_date",
            "age_on_check",
            "age_band",
            "registered_in_licang",
            "family_doctor_signed",
            "reason",
            "rule",
            "created_at",
            "completed_at",
        ]
        read_only_fields = fields


class CataractOutputSerializer(DecisionFieldsMixin, serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    id_number = MaskedIdNumberField(source="resident.masked_id_number", read_only=True)
    name = serializers.CharField(source="resident.name", read_only=True)
    hospital = serializers.CharField(source="hospital.name", read_only=True)
    subsidy_amount = money(read_only=True)

    class Meta:
        model = CataractCase
        fields = [
            "id",
            "status",
            "id_number",
            "name",
            "hospital",
            "eye",
            "surgery_date",
            "indication_confirmed",
            "consent_confirmed",
            "diagnosis",
            "subsidy_amount",
            "reason",
            "rule",
            "rejection_reason",
            "filed_at",
            "decided_at",
            "paid_on",
            "payment_reference",
        ]
        read_only_fields = fields


class ProgramAnswerSerializer(serializers.Serializer):
    program = serializers.ChoiceField(choices=Program.choices)
    name = serializers.CharField()
    eligible = serializers.BooleanField()
    reason = serializers.CharField()
    bring = serializers.ListField(child=serializers.CharField())
    rule = RuleReferenceSerializer(allow_null=True)


class EligibilityOutputSerializer(serializers.Serializer):
    id_number = MaskedIdNumberField(help_text=_("Masked."))
    in_registry = serializers.BooleanField()
    on_date = serializers.DateField()
    age = serializers.IntegerField()
    programs = ProgramAnswerSerializer(many=True)


class CapSerializer(serializers.Serializer):
    claim_type = serializers.ChoiceField(choices=ClaimType.choices)
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    cap = money()
    used = money()
    paid = money()
    left = money()
    days_cap = serializers.IntegerField(required=False)
    days_used = serializers.IntegerField(required=False)
    days_left = serializers.IntegerField(required=False)
    daily_allowance = money(required=False)


class BalanceOutputSerializer(serializers.Serializer):
    id_number = MaskedIdNumberField(help_text=_("Masked."))
    year = serializers.IntegerField()
    insured = serializers.BooleanField()
    policy_number = serializers.CharField()
    rule = RuleReferenceSerializer(allow_null=True)
    caps = CapSerializer(many=True)


class ClaimTypeFiguresSerializer(serializers.Serializer):
    claim_type = serializers.ChoiceField(choices=ClaimType.choices)
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    claims = serializers.IntegerField()
    paid_count = serializers.IntegerField()
    paid_amount = money()


@extend_schema_field(
    {
        "type": "object",
        "properties": {status: {"type": "integer"} for status in InsuranceClaim.Status.values},
        "required": list(InsuranceClaim.Status.values),
    }
)
class ClaimsByStatusField(serializers.DictField):
    """A count for every claim status, keyed by the status."""


class InsuranceFiguresSerializer(serializers.Serializer):
    paid_count = serializers.IntegerField()
    paid_amount = money()
    by_status = ClaimsByStatusField(
        child=serializers.IntegerField(),
        help_text="Claims of the year in each status; every status is present.",
    )
    by_type = ClaimTypeFiguresSerializer(many=True)


class AgeBandFiguresSerializer(serializers.Serializer):
    band = serializers.ChoiceField(choices=AgeBand.choices)
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    done = serializers.IntegerField()
    registered = serializers.IntegerField()


class CheckupFiguresSerializer(serializers.Serializer):
    target = serializers.IntegerField()
    done = serializers.IntegerField()
    percent_of_target = serializers.DecimalField(
        max_digits=6, decimal_places=1, coerce_to_string=True, allow_null=True
    )
    registered_in_licang = serializers.IntegerField()
    not_registered_in_licang = serializers.IntegerField()
    family_doctor_signed = serializers.IntegerField()
    by_age_band = AgeBandFiguresSerializer(many=True)


class HospitalFiguresSerializer(serializers.Serializer):
    hospital = serializers.CharField()
    designated = serializers.BooleanField()
    cases = serializers.IntegerField()
    amount = money()


class CataractFiguresSerializer(serializers.Serializer):
    cases = serializers.IntegerField()
    amount = money()
    by_hospital = HospitalFiguresSerializer(many=True)


class BudgetFiguresSerializer(serializers.Serializer):
    program = serializers.ChoiceField(choices=Program.choices)
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    amount = money()
    committed = money()
    paid = money()
    use_percent = serializers.DecimalField(
        max_digits=7, decimal_places=1, coerce_to_string=True, allow_null=True
    )


class FiguresSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    note = serializers.CharField()
    insurance = InsuranceFiguresSerializer()
    checkups = CheckupFiguresSerializer()
    cataract = CataractFiguresSerializer()
    budgets = BudgetFiguresSerializer(many=True)
