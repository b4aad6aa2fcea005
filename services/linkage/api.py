"""The partner API of the five-society linkage. Thin views: validate, authorise, call an action,
render.

- a social organisation: reads the needs and wishes matched to it, moves its needs on, reads its
  volunteers and logs their hours; it sees nothing else;
- staff (session or staff token): the same lists within their scope;
- anyone: the figures.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, generics
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from licang.api.idempotency import IdempotentPostMixin
from licang.api.permissions import IsStaffMember, partner_of_kind
from licang.models import Partner
from services.linkage import actions, selectors
from services.linkage.access import organisation_partner
from services.linkage.models import Need, Volunteer, VolunteerHours, Wish
from services.linkage.serializers import (
    HoursInputSerializer,
    HoursOutputSerializer,
    LinkageFiguresSerializer,
    NeedOutputSerializer,
    NeedProgressSerializer,
    VolunteerOutputSerializer,
    WishFulfilmentSerializer,
    WishOutputSerializer,
)

IsSocialOrganisation = partner_of_kind(Partner.Kind.SOCIAL_ORGANISATION)
TAG = "linkage"


# The records of ``model`` the caller may see, as lists show them: the one lookup of every list,
# detail and move here (what is not visible is 404). No docstring: the schema would show it as
# every view's description.
class VisibleRecords:
    model: Any = None
    request: Any

    def get_queryset(self) -> Any:
        return self.model.objects.visible_to(self.request.user).for_listing()


@extend_schema_view(
    get=extend_schema(
        summary="The needs matched to the caller",
        description=(
            "A social organisation sees the needs matched to it, to one of its volunteers or to a "
            "project it leads; staff see the needs of their scope. No child is ever named."
        ),
        tags=[TAG],
    )
)
class NeedList(VisibleRecords, generics.ListAPIView):
    model = Need
    permission_classes = [IsSocialOrganisation | IsStaffMember]
    serializer_class = NeedOutputSerializer
    filterset_fields = ["status", "category", "urgency"]
    ordering_fields = ["updated_at", "urgency"]
    ordering = ["-updated_at", "-id"]


@extend_schema_view(get=extend_schema(summary="One need matched to the caller", tags=[TAG]))
class NeedDetail(VisibleRecords, generics.RetrieveAPIView):
    model = Need
    permission_classes = [IsSocialOrganisation | IsStaffMember]
    serializer_class = NeedOutputSerializer
    lookup_field = "public_id"
    lookup_url_kwarg = "id"


@extend_schema_view(
    post=extend_schema(
        summary="Move a need on",
        description=(
            "in_progress and met from matched or in progress; closed (the note says why) from any "
            "status before met. Any other move is refused with 409 invalid_transition."
        ),
        request=NeedProgressSerializer,
        responses={200: NeedOutputSerializer},
        tags=[TAG],
    )
)
class NeedProgress(VisibleRecords, IdempotentPostMixin, generics.CreateAPIView):
    model = Need
    permission_classes = [IsSocialOrganisation | IsStaffMember]
    serializer_class = NeedProgressSerializer
    lookup_field = "public_id"
    lookup_url_kwarg = "id"

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        need = self.get_object()
        serializer = NeedProgressSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        need = actions.need_progress(
            need=need,
            status=serializer.validated_data["status"],
            note=serializer.validated_data["note"],
            by=request.user,
        )
        return Response(NeedOutputSerializer(self.get_queryset().get(pk=need.pk)).data)


@extend_schema_view(
    get=extend_schema(
        summary="The wishes the caller adopted",
        description=(
            "Each wish with the child's alias, age band and subdistrict only: never a name, "
            "school, photo or exact age."
        ),
        tags=[TAG],
    )
)
class WishList(VisibleRecords, generics.ListAPIView):
    model = Wish
    permission_classes = [IsSocialOrganisation | IsStaffMember]
    serializer_class = WishOutputSerializer
    filterset_fields = ["status"]
    ordering_fields = ["created_at"]
    ordering = ["-created_at", "-id"]


@extend_schema_view(
    post=extend_schema(
        summary="Record that an adopted wish came true",
        description=(
            "Only a wish the caller adopted, and only once: a wish not adopted or already "
            "fulfilled is refused with 409 invalid_transition."
        ),
        request=WishFulfilmentSerializer,
        responses={200: WishOutputSerializer},
        tags=[TAG],
    )
)
class WishFulfilment(VisibleRecords, IdempotentPostMixin, generics.CreateAPIView):
    model = Wish
    permission_classes = [IsSocialOrganisation | IsStaffMember]
    serializer_class = WishFulfilmentSerializer
    lookup_field = "public_id"
    lookup_url_kwarg = "id"

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        wish = self.get_object()
        serializer = WishFulfilmentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        wish = actions.wish_fulfil(
            wish=wish,
            on=serializer.validated_data["fulfilled_on"],
            note=serializer.validated_data["note"],
        )
        return Response(WishOutputSerializer(self.get_queryset().get(pk=wish.pk)).data)


@extend_schema_view(get=extend_schema(summary="The caller's volunteers", tags=[TAG]))
class VolunteerList(VisibleRecords, generics.ListAPIView):
    model = Volunteer
    permission_classes = [IsSocialOrganisation | IsStaffMember]
    serializer_class = VolunteerOutputSerializer
    ordering = ["name", "id"]


@extend_schema_view(
    get=extend_schema(summary="Hours logged by the caller", tags=[TAG]),
    post=extend_schema(
        summary="Log a volunteer's hours",
        description=(
            "The volunteer must be one of the caller's own; the hours wait for a staff member's "
            "confirmation."
        ),
        request=HoursInputSerializer,
        responses={201: HoursOutputSerializer},
        tags=[TAG],
    ),
)
class HoursList(VisibleRecords, IdempotentPostMixin, generics.ListCreateAPIView):
    model = VolunteerHours
    filterset_fields = ["status"]
    ordering_fields = ["date", "logged_at"]
    ordering = ["-date", "-id"]

    def get_permissions(self) -> list[Any]:
        if self.request.method == "POST":
            return [IsSocialOrganisation()]
        return [(IsSocialOrganisation | IsStaffMember)()]

    def get_serializer_class(self) -> Any:
        return HoursInputSerializer if self.request.method == "POST" else HoursOutputSerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = HoursInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        volunteer = (
            Volunteer.objects.visible_to(request.user).filter(public_id=data["volunteer"]).first()
        )
        if volunteer is None:
            raise exceptions.ValidationError(
                {"volunteer": [_("None of your volunteers has this ID.")]}, code="invalid"
            )
        partner = organisation_partner(request.user)
        record = actions.hours_log(
            volunteer=volunteer,
            date=data["date"],
            hours=data["hours"],
            activity=data["activity"],
            organisation=partner.social_organisation if partner else None,  # type: ignore[attr-defined]
        )
        return Response(
            HoursOutputSerializer(self.get_queryset().get(pk=record.pk)).data, status=201
        )


@extend_schema_view(
    get=extend_schema(
        summary="The linkage's figures",
        description=(
            "Volunteers, children visited, companionship hours, wishes collected and fulfilled, "
            "organisations, projects by level, yuan invested by level, needs met by category "
            "and yuan spent by funding source. Open to anyone."
        ),
        tags=[TAG],
    )
)
class Figures(generics.GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = LinkageFiguresSerializer

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(LinkageFiguresSerializer(selectors.figures()).data)
