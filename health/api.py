"""The partner API of the health programs. Thin views: validate, authorise, call an action, render.

- the insurer: submits claims, records payments, reads its claims and a person's balance;
- a health institution: books and records checks at its own sites and reads them;
- a designated hospital: files cataract cases and reads its own;
- each of them, and staff: the eligibility service, for the programs they work in;
- anyone: the program figures.
"""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, generics
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from health import actions, eligibility, selectors
from health.access import is_designated_hospital, programs_visible_to
from health.models import CataractCase, CheckSite, Checkup, InsuranceClaim
from health.serializers import (
    BalanceInputSerializer,
    BalanceOutputSerializer,
    CataractInputSerializer,
    CataractOutputSerializer,
    CheckupCompletionSerializer,
    CheckupInputSerializer,
    CheckupOutputSerializer,
    ClaimInputSerializer,
    ClaimOutputSerializer,
    EligibilityInputSerializer,
    EligibilityOutputSerializer,
    FiguresQuerySerializer,
    FiguresSerializer,
    PaymentInputSerializer,
)
from licang import idnumber
from licang.api.authentication import partner_of
from licang.api.idempotency import IdempotentPostMixin
from licang.api.permissions import IsStaffMember, partner_of_kind
from licang.masking import mask_id_number
from licang.models import Partner
from licang.registry.models import Resident

IsInsurer = partner_of_kind(Partner.Kind.INSURER)
IsInstitution = partner_of_kind(Partner.Kind.HEALTH_INSTITUTION)
IsHospital = partner_of_kind(Partner.Kind.HOSPITAL)
IsProgramPartner = partner_of_kind(
    Partner.Kind.INSURER, Partner.Kind.HOSPITAL, Partner.Kind.HEALTH_INSTITUTION
)


class IsDesignatedHospital(BasePermission):
    """A hospital designated for cataract aid: only they may file cases."""

    message = _("Only a hospital designated for cataract-surgery aid may file cases.")
    code = "hospital_not_designated"

    def has_permission(self, request: Request, view: Any) -> bool:
        partner = partner_of(request.user)
        return partner is not None and is_designated_hospital(partner)


def _resident(actor: Any, id_number: str, on: datetime.date | None = None) -> Resident:
    resident = selectors.resident_for(actor, id_number, on=on)
    if resident is None:
        raise exceptions.ValidationError(
            {"id_number": [_("No resident with this ID number is in Licang's registry.")]},
            code="unknown_resident",
        )
    return resident


class DateRangeFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(method="filter_from", label="On or after (ISO date)")
    date_to = django_filters.DateFilter(method="filter_to", label="On or before (ISO date)")
    date_field = ""

    def filter_from(self, queryset: Any, name: str, value: datetime.date) -> Any:
        return queryset.filter(**{f"{self.date_field}__gte": value})

    def filter_to(self, queryset: Any, name: str, value: datetime.date) -> Any:
        return queryset.filter(**{f"{self.date_field}__lte": value})


class ClaimFilter(DateRangeFilter):
    date_field = "incident_date"

    class Meta:
        model = InsuranceClaim
        fields = ["status", "claim_type"]


class CheckupFilter(DateRangeFilter):
    date_field = "check_date"
    site = django_filters.CharFilter(field_name="site__code")

    class Meta:
        model = Checkup
        fields = ["status", "age_band"]


class CataractFilter(DateRangeFilter):
    date_field = "surgery_date"

    class Meta:
        model = CataractCase
        fields = ["status", "eye"]


# The records of ``model`` the caller may see, as lists show them: the one lookup of every list,
# detail and move here (what is not visible is 404). No docstring: the schema would show it as
# every view's description.
class VisibleRecords:
    model: Any = None
    request: Any

    def get_queryset(self) -> Any:
        return self.model.objects.visible_to(self.request.user).for_listing()


class ListPostView(generics.ListCreateAPIView):
    """GET lists the caller's own records; POST (a partner) creates one through an action."""

    input_serializer: Any = None
    output_serializer: Any = None
    post_permission: Any = None
    read_permission: Any = None

    def get_permissions(self) -> list[Any]:
        if self.request.method == "POST":
            return [self.post_permission()]
        return [self.read_permission()]

    def get_serializer_class(self) -> Any:
        if self.request.method == "POST":
            return self.input_serializer
        return self.output_serializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.input_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = self.perform_action(serializer.validated_data)
        return Response(self.output_serializer(record).data, status=201)

    def perform_action(self, data: dict[str, Any]) -> Any:
        raise NotImplementedError


# --- Insurance -----------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(summary="The caller's insurance claims", tags=["health: insurance"]),
    post=extend_schema(
        summary="Submit a claim",
        description=(
            "The payable amount is the claimed amount (hospital_care: days × the daily "
            "allowance) limited by what is left of the person's yearly cap. A claim with nothing "
            "left to pay is refused with 409 and the reason."
        ),
        request=ClaimInputSerializer,
        responses={201: ClaimOutputSerializer},
        tags=["health: insurance"],
    ),
)
class ClaimList(VisibleRecords, IdempotentPostMixin, ListPostView):
    model = InsuranceClaim
    input_serializer = ClaimInputSerializer
    output_serializer = ClaimOutputSerializer
    post_permission = IsInsurer
    read_permission = IsInsurer | IsStaffMember
    filterset_class = ClaimFilter
    ordering_fields = ["incident_date", "submitted_at", "amount_payable"]
    ordering = ["-submitted_at", "-id"]

    def perform_action(self, data: dict[str, Any]) -> InsuranceClaim:
        return actions.claim_submit(
            resident=_resident(self.request.user, data["id_number"], data["incident_date"]),
            claim_type=data["claim_type"],
            incident_date=data["incident_date"],
            days=data.get("days"),
            admission_date=data.get("admission_date"),
            discharge_date=data.get("discharge_date"),
            amount_claimed=data.get("amount_claimed"),
            submitted_by=partner_of(self.request.user),
        )


@extend_schema(tags=["health: insurance"])
class ClaimDetail(VisibleRecords, generics.RetrieveAPIView):
    model = InsuranceClaim
    permission_classes = [IsInsurer | IsStaffMember]
    serializer_class = ClaimOutputSerializer
    lookup_field = "public_id"
    lookup_url_kwarg = "id"


@extend_schema_view(
    post=extend_schema(
        summary="Record the payment of an approved claim",
        request=PaymentInputSerializer,
        responses={200: ClaimOutputSerializer},
        tags=["health: insurance"],
    )
)
class ClaimPayment(VisibleRecords, IdempotentPostMixin, generics.CreateAPIView):
    model = InsuranceClaim
    permission_classes = [IsInsurer]
    serializer_class = PaymentInputSerializer
    lookup_field = "public_id"
    lookup_url_kwarg = "id"

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        claim = self.get_object()
        serializer = PaymentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        claim = actions.claim_pay(
            claim=claim,
            paid_on=serializer.validated_data["paid_on"],
            payment_reference=serializer.validated_data["payment_reference"],
        )
        claim = self.get_queryset().get(pk=claim.pk)
        return Response(ClaimOutputSerializer(claim).data)


@extend_schema_view(
    post=extend_schema(
        summary="What is left of a person's insurance caps in a year",
        request=BalanceInputSerializer,
        responses={200: BalanceOutputSerializer},
        tags=["health: insurance"],
    )
)
class Balance(IdempotentPostMixin, generics.CreateAPIView):
    permission_classes = [IsInsurer | IsStaffMember]
    serializer_class = BalanceInputSerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = BalanceInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        resident = _resident(request.user, serializer.validated_data["id_number"])
        balance = selectors.insurance_balance_for(
            request.user, resident, serializer.validated_data["year"]
        )
        if balance is None:
            raise exceptions.NotFound(_("This person has no policy with you for that year."))
        balance["id_number"] = resident.masked_id_number
        return Response(BalanceOutputSerializer(balance).data)


# --- Health checks -------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(summary="Checks at the caller's sites", tags=["health: checks"]),
    post=extend_schema(
        summary="Book or record a free health check",
        description=(
            "Eligibility is measured on `check_date` against the health-check rule of that year: "
            "from its age for anyone, everyone living in the district; from its lower age for "
            "registered residents, only with household registration in Licang; its number of "
            "free checks a year. A check beyond them is refused with 409 and the reason."
        ),
        request=CheckupInputSerializer,
        responses={201: CheckupOutputSerializer},
        tags=["health: checks"],
    ),
)
class CheckupList(VisibleRecords, IdempotentPostMixin, ListPostView):
    model = Checkup
    input_serializer = CheckupInputSerializer
    output_serializer = CheckupOutputSerializer
    post_permission = IsInstitution
    read_permission = IsInstitution | IsStaffMember
    filterset_class = CheckupFilter
    ordering_fields = ["check_date", "created_at"]
    ordering = ["-check_date", "-id"]

    def perform_action(self, data: dict[str, Any]) -> Checkup:
        site = CheckSite.objects.filter(code=data["site"]).select_related("partner").first()
        if site is None:
            raise exceptions.ValidationError(
                {"site": [_("No check site has this code.")]}, code="unknown_site"
            )
        return actions.checkup_record(
            resident=_resident(self.request.user, data["id_number"], data["check_date"]),
            site=site,
            check_date=data["check_date"],
            booked=data["status"] == "booked",
            family_doctor_signed=data["family_doctor_signed"],
            recorded_by=partner_of(self.request.user),
        )


@extend_schema(tags=["health: checks"])
class CheckupDetail(VisibleRecords, generics.RetrieveAPIView):
    model = Checkup
    permission_classes = [IsInstitution | IsStaffMember]
    serializer_class = CheckupOutputSerializer
    lookup_field = "public_id"
    lookup_url_kwarg = "id"


@extend_schema_view(
    post=extend_schema(
        summary="Record that a booked check took place",
        request=CheckupCompletionSerializer,
        responses={200: CheckupOutputSerializer},
        tags=["health: checks"],
    )
)
class CheckupCompletion(VisibleRecords, IdempotentPostMixin, generics.CreateAPIView):
    model = Checkup
    permission_classes = [IsInstitution]
    serializer_class = CheckupCompletionSerializer
    lookup_field = "public_id"
    lookup_url_kwarg = "id"

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        checkup = self.get_object()
        serializer = CheckupCompletionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        checkup = actions.checkup_complete(
            checkup=checkup,
            check_date=serializer.validated_data.get("check_date"),
            family_doctor_signed=serializer.validated_data.get("family_doctor_signed"),
        )
        return Response(CheckupOutputSerializer(self.get_queryset().get(pk=checkup.pk)).data)


@extend_schema_view(
    post=extend_schema(
        summary="Cancel a booked check",
        request=None,
        responses={200: CheckupOutputSerializer},
        tags=["health: checks"],
    )
)
class CheckupCancellation(VisibleRecords, IdempotentPostMixin, generics.CreateAPIView):
    model = Checkup
    permission_classes = [IsInstitution]
    serializer_class = CheckupOutputSerializer
    lookup_field = "public_id"
    lookup_url_kwarg = "id"

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        checkup = actions.checkup_cancel(checkup=self.get_object())
        return Response(CheckupOutputSerializer(self.get_queryset().get(pk=checkup.pk)).data)


# --- Cataract aid --------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(summary="The hospital's own cataract cases", tags=["health: cataract"]),
    post=extend_schema(
        summary="File a cataract-surgery case (designated hospitals only)",
        description=(
            "One case per eye: the same eye twice is refused with 409. A hospital that is not "
            "designated is refused with 403."
        ),
        request=CataractInputSerializer,
        responses={201: CataractOutputSerializer},
        tags=["health: cataract"],
    ),
)
class CataractCaseList(VisibleRecords, IdempotentPostMixin, ListPostView):
    model = CataractCase
    input_serializer = CataractInputSerializer
    output_serializer = CataractOutputSerializer
    post_permission = IsDesignatedHospital
    read_permission = IsHospital | IsStaffMember
    filterset_class = CataractFilter
    ordering_fields = ["surgery_date", "filed_at"]
    ordering = ["-surgery_date", "-id"]

    def perform_action(self, data: dict[str, Any]) -> CataractCase:
        hospital = partner_of(self.request.user)
        assert hospital is not None
        return actions.cataract_case_file(
            resident=_resident(self.request.user, data["id_number"], data["surgery_date"]),
            hospital=hospital,
            eye=data["eye"],
            surgery_date=data["surgery_date"],
            indication_confirmed=data["indication_confirmed"],
            consent_confirmed=data["consent_confirmed"],
            diagnosis=data["diagnosis"],
        )


@extend_schema(tags=["health: cataract"])
class CataractCaseDetail(VisibleRecords, generics.RetrieveAPIView):
    model = CataractCase
    permission_classes = [IsHospital | IsStaffMember]
    serializer_class = CataractOutputSerializer
    lookup_field = "public_id"
    lookup_url_kwarg = "id"


# --- Eligibility and figures ---------------------------------------------------------------------


@extend_schema_view(
    post=extend_schema(
        summary="Which programs a person can use, why or why not, and what to bring",
        description=(
            "Staff see all three programs; a partner only its own (the insurer insurance, a "
            "hospital cataract aid, a health institution checks). Nothing is stored."
        ),
        request=EligibilityInputSerializer,
        responses={200: EligibilityOutputSerializer},
        tags=["health: eligibility"],
    )
)
class Eligibility(IdempotentPostMixin, generics.CreateAPIView):
    permission_classes = [IsProgramPartner | IsStaffMember]
    serializer_class = EligibilityInputSerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = EligibilityInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        id_number = serializer.validated_data["id_number"]
        on_date = serializer.validated_data.get("on_date") or timezone.localdate()
        resident = selectors.resident_for(request.user, id_number, on=on_date)
        facts = eligibility.facts_for(
            on_date,
            resident=resident,
            birth_date=None if resident else idnumber.parse(id_number).birth_date,
            in_registry=False,
        )
        decisions = eligibility.evaluate(
            facts, resident=resident, programs=programs_visible_to(request.user)
        )
        body = {
            "id_number": mask_id_number(id_number),
            "in_registry": resident is not None,
            "on_date": on_date,
            "age": facts.age,
            "programs": [
                {
                    "program": d.program,
                    "name": eligibility.program_label(d.program),
                    "eligible": d.eligible,
                    "reason": d.reason,
                    "bring": d.bring_text,
                    "rule": {"year": d.rule["year"], "version": d.rule["version"]}
                    if d.rule
                    else None,
                }
                for d in decisions
            ],
        }
        return Response(EligibilityOutputSerializer(body).data)


@extend_schema(
    summary="Program figures for a year: claims, checks against target, cataract cases, budgets",
    parameters=[FiguresQuerySerializer],
    responses={200: FiguresSerializer},
    tags=["health: figures"],
)
class Figures(generics.GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = FiguresSerializer

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            year = int(request.query_params.get("year", ""))
        except ValueError:
            year = selectors.figures_year(timezone.localdate())
        if not 2000 <= year <= 2100:
            raise exceptions.ValidationError({"year": [_("Give a year between 2000 and 2100.")]})
        return Response(FiguresSerializer(selectors.figures(year)).data)
