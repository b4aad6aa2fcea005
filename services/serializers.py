from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from services.models import (
    Center,
    Community,
    Facility,
    OpeningException,
    OpeningHours,
    RequestStep,
    Resident,
    ServiceCategory,
    ServiceItem,
    ServiceQuestion,
    ServiceRequest,
    Subdistrict,
)


class SubdistrictSerializer(serializers.ModelSerializer):
    class Meta:
        model = Subdistrict
        fields = ["code", "name", "area"]


class CommunitySerializer(serializers.ModelSerializer):
    subdistrict: serializers.SlugRelatedField[Subdistrict] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = Community
        fields = ["id", "name", "subdistrict", "latitude", "longitude"]


class ResidentOutputSerializer(serializers.ModelSerializer):
    """A resident as the API shows it: ID number and phone are always masked."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    id_number = serializers.CharField(source="masked_id_number", read_only=True)
    phone = serializers.CharField(source="masked_phone", read_only=True)
    community = serializers.CharField(source="community.name", read_only=True)
    subdistrict = serializers.CharField(source="community.subdistrict.code", read_only=True)
    household = serializers.UUIDField(source="household.public_id", read_only=True, allow_null=True)

    class Meta:
        model = Resident
        fields = [
            "id",
            "name",
            "id_number",
            "phone",
            "birth_date",
            "sex",
            "community",
            "subdistrict",
            "household",
            "registered_in_licang",
            "special_family_planning",
            "child_in_difficulty",
            "limited_mobility",
            "updated_at",
        ]
        read_only_fields = fields


# --- Centers and catalogue (public, read-only) ------------------------------------------------


class OpeningHoursSerializer(serializers.ModelSerializer):
    class Meta:
        model = OpeningHours
        fields = ["weekday", "opens", "closes"]
        read_only_fields = fields


class OpeningExceptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = OpeningException
        fields = ["date", "closed", "opens", "closes", "note"]
        read_only_fields = fields


class FacilitySerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)
    hours = OpeningHoursSerializer(many=True, read_only=True)

    class Meta:
        model = Facility
        fields = ["kind", "name", "phone", "open_all_day", "hours"]
        read_only_fields = fields


class CommunityRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Community
        fields = ["id", "name"]
        read_only_fields = fields


class CenterSerializer(serializers.ModelSerializer):
    """A center with its facilities and hours; ``open_now`` is the service desk's."""

    area = serializers.CharField(source="subdistrict.area", read_only=True)
    subdistrict = serializers.CharField(source="subdistrict.code", read_only=True)
    communities = CommunityRefSerializer(many=True, read_only=True)
    hours = OpeningHoursSerializer(many=True, read_only=True)
    upcoming_exceptions = OpeningExceptionSerializer(many=True, read_only=True)
    facilities = FacilitySerializer(many=True, read_only=True)
    open_now = serializers.SerializerMethodField()

    class Meta:
        model = Center
        fields = [
            "slug",
            "name",
            "brand",
            "area",
            "subdistrict",
            "communities",
            "address",
            "postcode",
            "latitude",
            "longitude",
            "floor_area",
            "investment",
            "phone",
            "opened_on",
            "status",
            "status_note",
            "open_now",
            "hours",
            "upcoming_exceptions",
            "facilities",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_open_now(self, obj: Center) -> bool:
        return obj.open_at(self.context["now"])


class ServiceCategoryRefSerializer(serializers.ModelSerializer):
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


# --- Service requests (partners) --------------------------------------------------------------


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
    by = serializers.CharField(source="actor_kind", read_only=True)
    # plain strings: the states are the request's ``state`` enum (one enum in the schema)
    from_state = serializers.CharField(read_only=True, help_text="A request state, or empty.")
    to_state = serializers.CharField(read_only=True, help_text="A request state.")

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
    action = serializers.ChoiceField(choices=["accept", "start", "complete", "reject", "cancel"])
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
