"""The service desk's API: the catalogue, partners' requests and the desk's statistics."""

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from licang.api.authentication import partner_of
from licang.api.filters import IsoDateTimeFilter
from licang.api.idempotency import IdempotentPostMixin
from licang.api.permissions import IsStaffMember, partner_of_kind
from services.desk import actions, selectors
from services.desk.access import FILING_PARTNER_KINDS
from services.desk.models import ServiceItem, ServiceRequest
from services.desk.serializers import (
    CancelInputSerializer,
    RatingInputSerializer,
    ServiceItemSerializer,
    ServiceRequestInputSerializer,
    ServiceRequestOutputSerializer,
    TransitionInputSerializer,
)


class ServiceItemFilter(django_filters.FilterSet):
    category = django_filters.CharFilter(field_name="category__code")
    center = django_filters.CharFilter(field_name="centers__slug", distinct=True)
    free = django_filters.BooleanFilter(method="filter_free")

    class Meta:
        model = ServiceItem
        fields = ["needs_address"]

    def filter_free(self, queryset, name, value):  # type: ignore[no-untyped-def]
        return queryset.filter(fee=0) if value else queryset.exclude(fee=0)


@extend_schema(tags=["centers"])
class ServiceItemList(generics.ListAPIView):
    """The service catalogue: each item's fee, target time, questions and centers."""

    permission_classes = [AllowAny]
    serializer_class = ServiceItemSerializer
    filterset_class = ServiceItemFilter
    ordering_fields = ["code", "fee", "target_working_days"]
    ordering = ["category__sort_order", "sort_order", "code"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return ServiceItem.objects.active().for_listing()


@extend_schema(tags=["centers"])
class ServiceItemDetail(generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = ServiceItemSerializer
    lookup_field = "code"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return ServiceItem.objects.active().for_listing()


FilingPartner = partner_of_kind(*FILING_PARTNER_KINDS)


class ServiceRequestFilter(django_filters.FilterSet):
    center = django_filters.CharFilter(field_name="center__slug")
    item = django_filters.CharFilter(field_name="item__code")
    submitted_after = IsoDateTimeFilter(field_name="submitted_at", lookup_expr="gte")
    submitted_before = IsoDateTimeFilter(field_name="submitted_at", lookup_expr="lt")

    class Meta:
        model = ServiceRequest
        fields = ["state"]


@extend_schema(tags=["service requests"])
@extend_schema_view(
    get=extend_schema(summary="The requests the caller filed (partners) or may see (staff)"),
    post=extend_schema(
        summary="File a request for a resident",
        request=ServiceRequestInputSerializer,
        responses={201: ServiceRequestOutputSerializer},
        description=(
            "Partners allowed to file requests (social organisations, health institutions) file "
            "a request for one service item at one center. Unknown items, centers that do not "
            "offer the item, bad phones and missing answers are 400; a closed center is 409 "
            "(`center_closed`)."
        ),
    ),
)
class ServiceRequestList(IdempotentPostMixin, generics.ListCreateAPIView):
    permission_classes = [FilingPartner | IsStaffMember]
    serializer_class = ServiceRequestOutputSerializer
    filterset_class = ServiceRequestFilter
    ordering_fields = ["submitted_at", "due_at"]
    ordering = ["-submitted_at", "-id"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return ServiceRequest.objects.visible_to(self.request.user).with_history()

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partner = partner_of(request.user)
        if partner is None:
            raise PermissionDenied(_("Only partner organisations file requests through the API."))
        data = ServiceRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        filed = actions.request_submit(
            channel=ServiceRequest.Channel.API, partner=partner, **data.validated_data
        )
        filed = ServiceRequest.objects.with_history().get(pk=filed.pk)
        return Response(self.get_serializer(filed).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["service requests"])
class ServiceRequestDetail(generics.RetrieveAPIView):
    permission_classes = [FilingPartner | IsStaffMember]
    serializer_class = ServiceRequestOutputSerializer
    lookup_field = "reference"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return ServiceRequest.objects.visible_to(self.request.user).with_history()


@extend_schema(
    tags=["centers"],
    summary="Figures of the service desks",
    responses=inline_serializer(
        "ServiceStatistics",
        {
            "months": serializers.ListField(child=serializers.CharField()),
            "categories": serializers.ListField(child=serializers.DictField()),
            "requests_per_category_and_month": serializers.ListField(child=serializers.DictField()),
            "requests": serializers.IntegerField(),
            "completed": serializers.IntegerField(),
            "completed_within_target": serializers.IntegerField(),
            "completed_within_target_share": serializers.FloatField(allow_null=True),
            "median_completion_hours": serializers.FloatField(allow_null=True),
            "average_rating": serializers.FloatField(allow_null=True),
            "ratings": serializers.IntegerField(),
        },
    ),
)
class ServiceStatistics(APIView):
    """Requests per category and month over the last twelve months, median time to complete,
    share completed within target and average rating, for the whole district."""

    permission_classes = [AllowAny]

    def get(self, request: Request) -> Response:
        return Response(selectors.request_statistics(ServiceRequest.objects.all()).as_json())


class RequestActionView(generics.GenericAPIView):
    """A POST that moves one visible request on and answers with the request."""

    serializer_class = ServiceRequestOutputSerializer
    input_serializer_class: type[serializers.Serializer]

    def answer(self, filed: ServiceRequest) -> Response:
        fresh = ServiceRequest.objects.with_history().get(pk=filed.pk)
        return Response(self.get_serializer(fresh).data)

    def target_and_data(self, request: Request, reference: str) -> tuple[ServiceRequest, Any]:
        target = selectors.visible_request(request.user, reference)
        data = self.input_serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        return target, data.validated_data


@extend_schema(
    tags=["service requests"],
    summary="Move a request on (staff)",
    request=TransitionInputSerializer,
    responses={200: ServiceRequestOutputSerializer},
    description=(
        "Staff accept, start, complete, reject or cancel a request of their centers. A move the "
        "request's state does not allow is 409 (`illegal_transition`)."
    ),
)
class ServiceRequestTransition(RequestActionView):
    permission_classes = [IsStaffMember]
    input_serializer_class = TransitionInputSerializer

    def post(self, request: Request, reference: str) -> Response:
        target, data = self.target_and_data(request, reference)
        note = data.get("note", "")
        moved = actions.request_move(
            service_request=target,
            action=data["action"],
            actor=request.user,
            note=note,
            reason=note,  # the one text field is the reason of reject and cancel
        )
        return self.answer(moved)


@extend_schema(
    tags=["service requests"],
    summary="Cancel a request the partner filed",
    request=CancelInputSerializer,
    responses={200: ServiceRequestOutputSerializer},
    description="Once the request is completed, rejected or cancelled, this is 409.",
)
class ServiceRequestCancel(IdempotentPostMixin, RequestActionView):
    permission_classes = [FilingPartner]
    input_serializer_class = CancelInputSerializer

    def post(self, request: Request, reference: str) -> Response:
        target, data = self.target_and_data(request, reference)
        cancelled = actions.request_move(
            service_request=target, action="cancel", actor=request.user, reason=data["reason"]
        )
        return self.answer(cancelled)


@extend_schema(
    tags=["service requests"],
    summary="Pass on the resident's rating of a completed request",
    request=RatingInputSerializer,
    responses={200: ServiceRequestOutputSerializer},
    description=(
        "A completed request is rated once: a second rating is 409 (`already_rated`), a request "
        "that is not completed is 409 (`not_completed`)."
    ),
)
class ServiceRequestRating(IdempotentPostMixin, RequestActionView):
    permission_classes = [FilingPartner]
    input_serializer_class = RatingInputSerializer

    def post(self, request: Request, reference: str) -> Response:
        target, data = self.target_and_data(request, reference)
        rated = actions.request_move(
            service_request=target,
            action="rate",
            actor=request.user,
            rating=data["rating"],
            note=data.get("comment", ""),
        )
        return self.answer(rated)
