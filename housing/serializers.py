"""Input serializers validate partner requests; output serializers render records. None saves.

Cases carry no personal data: the unit's address within its estate, the step, the hold and the
documents still missing; never the owners."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from housing.models import Case, CaseDocument, HoldReason, Step, Unit


class CaseTransitionInputSerializer(serializers.Serializer):
    to = serializers.ChoiceField(
        choices=Step.choices, help_text=_("The case's next step (steps cannot be skipped).")
    )
    note = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("What was done: recorded in the case's history."),
    )


class CaseDocumentInputSerializer(serializers.Serializer):
    item = serializers.SlugField(
        max_length=40, help_text=_("The code of the checklist item (see missing_documents).")
    )
    file = serializers.FileField(
        help_text=_("A scan or photo: PDF, JPEG or PNG, at most 5 MB; checked from its content.")
    )


class CaseUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["building", "entrance", "room", "kind", "floor_area"]


class ChecklistItemSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("Stable code of the checklist item."))
    name = serializers.CharField(help_text=_("Its name in the request's language."))


class CaseOutputSerializer(serializers.ModelSerializer):
    estate = serializers.CharField(source="unit.estate.code", help_text=_("The estate's code."))
    estate_name = serializers.CharField(source="unit.estate.name")
    unit = CaseUnitSerializer()
    hold_reason = serializers.ChoiceField(
        choices=[("", "—"), *HoldReason.choices],
        help_text=_("Why the case is on hold (empty when it is not)."),
    )
    next_step = serializers.SerializerMethodField()
    missing_documents = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "case_number",
            "estate",
            "estate_name",
            "unit",
            "step",
            "step_reached_at",
            "next_step",
            "on_hold",
            "hold_reason",
            "missing_documents",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=Step.choices, allow_null=True))
    def get_next_step(self, case: Case) -> str | None:
        return case.next_step

    @extend_schema_field(ChecklistItemSerializer(many=True))
    def get_missing_documents(self, case: Case) -> list[dict[str, Any]]:
        return [{"code": item.code, "name": item.name} for item in case.missing_documents()]


class CaseDocumentOutputSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id")
    item = serializers.CharField(source="item.code")
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = CaseDocument
        fields = ["id", "item", "has_file", "content_type", "size", "received_at"]

    def get_has_file(self, document: CaseDocument) -> bool:
        return bool(document.file)
