from rest_framework import serializers

from licang.api.schema import MaskedIdNumberField
from licang.registry.models import Community, Resident, Subdistrict


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
    id_number = MaskedIdNumberField(source="masked_id_number", read_only=True)
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
