"""The centers' API: the directory of centers, open to anyone."""

import django_filters
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny

from licang.registry.models import Area
from services.centers.models import Center, Facility
from services.centers.serializers import CenterSerializer


class CenterFilter(django_filters.FilterSet):
    area = django_filters.ChoiceFilter(field_name="subdistrict__area", choices=Area.choices)
    subdistrict = django_filters.CharFilter(field_name="subdistrict__code")
    facility = django_filters.ChoiceFilter(
        field_name="facilities__kind", choices=Facility.Kind.choices, distinct=True
    )

    class Meta:
        model = Center
        fields = ["status"]


class CenterContextMixin:
    def get_serializer_context(self):  # type: ignore[no-untyped-def]
        return {**super().get_serializer_context(), "now": timezone.now()}  # type: ignore[misc]


@extend_schema(tags=["centers"])
class CenterList(CenterContextMixin, generics.ListAPIView):
    """The neighborhood centers with their facilities and opening hours (no token needed)."""

    permission_classes = [AllowAny]
    serializer_class = CenterSerializer
    filterset_class = CenterFilter
    ordering_fields = ["name"]
    ordering = ["name", "id"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return Center.objects.for_listing()


@extend_schema(tags=["centers"])
class CenterDetail(CenterContextMixin, generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = CenterSerializer
    lookup_field = "slug"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return Center.objects.for_listing()
