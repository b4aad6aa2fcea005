from django.db import models
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from licang.registry.models import Community
from services.centers.models import Center, Facility, OpeningException, OpeningHours


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$",
        "example": "08:30:00",
        "description": "A local time in Licang (Asia/Shanghai), HH:MM:SS, without an offset.",
    }
)
class LocalTimeField(serializers.TimeField):
    """A wall-clock time of day as the API renders it, ``"08:30:00"``.

    OpenAPI's ``format: time`` is RFC 3339's full-time, which carries an offset
    (``08:30:00+08:00``); the hours are local times without one, so the schema declares the
    shape that is rendered instead.
    """

    def __init__(self, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(format="%H:%M:%S", **kwargs)


class HoursModelSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.TimeField: LocalTimeField,
    }


class OpeningHoursSerializer(HoursModelSerializer):
    class Meta:
        model = OpeningHours
        fields = ["weekday", "opens", "closes"]
        read_only_fields = fields


class OpeningExceptionSerializer(HoursModelSerializer):
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
