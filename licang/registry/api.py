"""The registry's API: residents, subdistricts and communities, for staff tokens."""

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.permissions import IsAuthenticated

from licang.api.permissions import IsStaffMember
from licang.registry.models import Community, Resident, Subdistrict
from licang.registry.serializers import (
    CommunitySerializer,
    ResidentOutputSerializer,
    SubdistrictSerializer,
)


class ResidentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        label=_(
            "Name in characters, full pinyin or initials (张三, zhangsan, zs), or the last 4 "
            "digits or more of the ID number or mobile phone."
        ),
    )
    subdistrict = django_filters.CharFilter(field_name="community__subdistrict__code")
    community = django_filters.NumberFilter(field_name="community_id")
    name = django_filters.CharFilter(field_name="name", lookup_expr="icontains")
    born_after = django_filters.DateFilter(field_name="birth_date", lookup_expr="gte")
    born_before = django_filters.DateFilter(field_name="birth_date", lookup_expr="lte")

    class Meta:
        model = Resident
        fields = [
            "sex",
            "registered_in_licang",
            "special_family_planning",
            "child_in_difficulty",
            "limited_mobility",
        ]

    def search(self, queryset: Any, name: str, value: str) -> Any:
        """The admin's search (``Resident.objects.search``): each word by its index."""
        return queryset.search(value)


@extend_schema(tags=["registry"])
class ResidentList(generics.ListAPIView):
    """Residents within the caller's scope (staff session or staff token only)."""

    permission_classes = [IsStaffMember]
    serializer_class = ResidentOutputSerializer
    filterset_class = ResidentFilter
    ordering_fields = ["name", "birth_date", "updated_at"]
    ordering = ["name", "id"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return Resident.objects.visible_to(self.request.user).for_listing()


@extend_schema(tags=["registry"])
class ResidentDetail(generics.RetrieveAPIView):
    permission_classes = [IsStaffMember]
    serializer_class = ResidentOutputSerializer
    lookup_field = "public_id"
    lookup_url_kwarg = "id"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return Resident.objects.visible_to(self.request.user).for_listing()


@extend_schema(tags=["geography"])
class SubdistrictList(generics.ListAPIView):
    """Licang's subdistricts; open to every authenticated caller."""

    permission_classes = [IsAuthenticated]
    serializer_class = SubdistrictSerializer
    queryset = Subdistrict.objects.all()
    filterset_fields = ["area"]
    ordering_fields = ["sort_order", "name"]


@extend_schema(tags=["geography"])
class CommunityList(generics.ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = CommunitySerializer
    queryset = Community.objects.select_related("subdistrict")
    filterset_fields = {"subdistrict__code": ["exact"], "name": ["exact", "icontains"]}
    ordering_fields = ["name"]
    ordering = ["subdistrict__sort_order", "name", "id"]
