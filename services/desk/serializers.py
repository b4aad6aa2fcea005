from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from services.centers.models import Center
from services.desk.models import (
    RequestStep,
    ServiceCategory,
    ServiceItem,
    ServiceQuestion,
    ServiceRequest,
)


class EnglishNameField(serializers.CharField):
    """The English name as the API has always given it: a string, empty when there is none (the
    translated column holds NULL then, so that English names stay unique)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, label=_("English name"), **kwargs)

    def get_attribute(self, instance: Any) -> str:
        return instance.name_en or ""


class ServiceCategoryRefSerializer(serializers.ModelSerializer):
    name_en = EnglishNameField()

    class Meta:
        model = ServiceCategory
        fields = ["code", "name", "name_en"]
        read_only_fields = fields


class ChoiceSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()


class ServiceQuestionSerializer(serializers.ModelSerializer):
    choices = ChoiceSerializer(many=True, read_only=True)

    class Meta:
        model = ServiceQuestion
        fields = ["code", "prompt", "datatype", "required", "help_text", "order", "choices"]
        read_only_fields = fields


class ServiceItemSerializer(serializers.ModelSerializer):
    category = ServiceCategoryRefSerializer(read_only=True)
    centers: serializers.SlugRelatedField[Center] = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    questions = ServiceQuestionSerializer(many=True, read_only=True)
    free = serializers.BooleanField(source="is_free", read_only=True)
    name_en = EnglishNameField()

    class Meta:
        model = ServiceItem
        fields = [
            "code",
            "name",
            "name_en",
            "category",
            "description",
            "what_to_bring",
            "fee",
            "free",
            "fee_note",
            "target_working_days",
            "needs_address",
            "centers",
            "questions",
        ]
        read_only_fields = fields


class ServiceRequestInputSerializer(serializers.Serializer):
    """A request filed by a partner for a resident; the action checks the rest."""

    center: serializers.SlugRelatedField[Center] = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Center.objects.all(),
        error_messages={"does_not_exist": _("There is no center “{value}”.")},
        help_text="The center's code (`slug` in /centers/).",
    )
    item: serializers.SlugRelatedField[ServiceItem] = serializers.SlugRelatedField(
        slug_field="code",
        queryset=ServiceItem.objects.all(),
        error_messages={"does_not_exist": _("There is no service item “{value}”.")},
        help_text="The service item's code (`code` in /service-items/).",
    )
    name = serializers.CharField(max_length=50)
    phone = serializers.CharField(max_length=20, help_text="A mainland mobile number.")
    description = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    answers = serializers.DictField(
        required=False,
        help_text="Answers to the item's questions, by question code; a list for several choices.",
    )
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True
    )


class RequestStepSerializer(serializers.ModelSerializer):
    by = serializers.ChoiceField(
        source="actor_kind", choices=RequestStep.ActorKind.choices, read_only=True
    )
    # the request's ``state`` values: ENUM_NAME_OVERRIDES keeps them one enum in the schema
    from_state = serializers.ChoiceField(
        choices=ServiceRequest.State.choices,
        allow_blank=True,
        read_only=True,
        help_text="A request state, or empty.",
    )
    to_state = serializers.ChoiceField(
        choices=ServiceRequest.State.choices, read_only=True, help_text="A request state."
    )

    class Meta:
        model = RequestStep
        fields = ["action", "from_state", "to_state", "by", "note", "at"]
        read_only_fields = fields


class ServiceRequestOutputSerializer(serializers.ModelSerializer):
    """A request as partners see it: the phone is masked."""

    center: serializers.SlugRelatedField[Center] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    center_name = serializers.CharField(source="center.name", read_only=True)
    item: serializers.SlugRelatedField[ServiceItem] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    item_name = serializers.CharField(source="item.name", read_only=True)
    phone = serializers.CharField(source="masked_phone", read_only=True)
    overdue = serializers.SerializerMethodField()
    steps = RequestStepSerializer(many=True, read_only=True)

    class Meta:
        model = ServiceRequest
        fields = [
            "reference",
            "center",
            "center_name",
            "item",
            "item_name",
            "state",
            "state_note",
            "channel",
            "name",
            "phone",
            "description",
            "answers",
            "address",
            "latitude",
            "longitude",
            "submitted_at",
            "due_at",
            "overdue",
            "accepted_at",
            "started_at",
            "completed_at",
            "closed_at",
            "rating",
            "rating_comment",
            "steps",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_overdue(self, obj: ServiceRequest) -> bool:
        return obj.is_overdue()


class TransitionInputSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=[
            ("accept", _("Accept")),
            ("start", _("Start")),
            ("complete", _("Complete")),
            ("reject", _("Reject")),
            ("cancel", _("Cancel")),
        ]
    )
    note = serializers.CharField(
        max_length=1000,
        required=False,
        allow_blank=True,
        help_text="For `complete`, a note to the resident; for `reject` and `cancel`, the reason "
        "(required).",
    )


class CancelInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class RatingInputSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=1000, required=False, allow_blank=True)
