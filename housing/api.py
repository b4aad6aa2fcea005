"""The partner API of the property-certificate program. Thin views: validate, authorise, call an
action, render.

- the registration agent: reads its estates' cases, moves them step by step with the same rules
  as staff, uploads their documents; it sees no other estate;
- staff (by session or staff token): the same over their scope.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, generics
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from housing import access, actions, documents, problems
from housing.models import Case, CaseDocument, ChecklistItem, HoldReason, Step
from housing.serializers import (
    CaseDocumentInputSerializer,
    CaseDocumentOutputSerializer,
    CaseOutputSerializer,
    CaseTransitionInputSerializer,
)
from licang.api.idempotency import IdempotentPostMixin
from licang.api.permissions import IsStaffMember, partner_of_kind
from licang.api.problems import problem
from licang.models import Partner

IsAgent = partner_of_kind(Partner.Kind.REGISTRATION_AGENT)
PROBLEM_CODES = sorted(problems.PROBLEM_TYPES)  # registered with the catalogue on import
MULTIPART_OVERHEAD = 64 * 1024  # the form's other fields and boundaries around the file

CONFLICTS = {
    409: OpenApiResponse(
        description=_(
            "Problem details: `step_skipped` (not the case's next step: a skip, a step back, "
            "which only staff may record as a correction, or the step it already holds), "
            "`documents_missing` (the checklist is incomplete), `on_hold` (resume the case "
            "first); the detail gives the reason."
        )
    )
}


class AnyCallerSeeingTheCase(BasePermission):
    """Lets every caller through to the lookup, so that whoever may not see the case gets 404
    (never a 401 or 403 hinting that the file exists); a token or a session is still how one is
    seen (not ``AllowAny``, which the schema would show as public)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return True


class CaseFilter(django_filters.FilterSet):
    estate = django_filters.CharFilter(field_name="unit__estate__code", label=_("Estate code"))
    step = django_filters.ChoiceFilter(choices=Step.choices)
    on_hold = django_filters.BooleanFilter()
    hold_reason = django_filters.ChoiceFilter(choices=HoldReason.choices)
    building = django_filters.CharFilter(field_name="unit__building")

    class Meta:
        model = Case
        fields = ["estate", "step", "on_hold", "hold_reason", "building"]


# The cases the caller may see, as lists show them: the one lookup of every list, detail and move
# (what is not visible is 404). No docstring: the schema would show it as every view's description.
class VisibleCases:
    request: Any
    lookup_field = "case_number"

    def get_queryset(self) -> Any:
        return Case.objects.visible_to(self.request.user).for_listing()


@extend_schema_view(
    get=extend_schema(
        summary=_("The cases of the caller's estates"),
        description=_(
            "An agent sees the cases of the estates it was appointed to, staff those of their "
            "scope. Filter by estate code, step, hold and building."
        ),
        tags=["housing: cases"],
    )
)
class CaseList(VisibleCases, generics.ListAPIView):
    permission_classes = [IsAgent | IsStaffMember]
    serializer_class = CaseOutputSerializer
    filterset_class = CaseFilter
    ordering_fields = ["case_number", "step_reached_at"]
    ordering = ["case_number"]


@extend_schema(summary=_("One case"), tags=["housing: cases"])
class CaseDetail(VisibleCases, generics.RetrieveAPIView):
    permission_classes = [IsAgent | IsStaffMember]
    serializer_class = CaseOutputSerializer


@extend_schema_view(
    post=extend_schema(
        summary=_("Move a case to its next step"),
        description=_(
            "`to` must be the case's next step. Reaching `documents_complete` needs every "
            "required checklist item. Honours `Idempotency-Key`."
        ),
        request=CaseTransitionInputSerializer,
        responses={200: CaseOutputSerializer, **CONFLICTS},
        tags=["housing: cases"],
    )
)
class CaseTransition(VisibleCases, IdempotentPostMixin, generics.CreateAPIView):
    permission_classes = [IsAgent | IsStaffMember]
    serializer_class = CaseTransitionInputSerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.get_object()
        serializer = CaseTransitionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        actions.case_advance(
            case=case,
            to=serializer.validated_data["to"],
            note=serializer.validated_data["note"],
            by=request.user,
        )
        return Response(CaseOutputSerializer(self.get_queryset().get(pk=case.pk)).data)


@extend_schema_view(
    post=extend_schema(
        summary=_("Upload a document of a case's checklist"),
        description=_(
            "multipart/form-data with `item` (a checklist item's code) and `file` (PDF, JPEG or "
            "PNG, recognised from its content, at most 5 MB). Uploading an item again replaces "
            "its file."
        ),
        request={"multipart/form-data": CaseDocumentInputSerializer},
        responses={
            201: CaseDocumentOutputSerializer,
            413: OpenApiResponse(description=_("Problem details: the file is too large.")),
        },
        tags=["housing: documents"],
    )
)
class CaseDocumentUpload(VisibleCases, IdempotentPostMixin, generics.CreateAPIView):
    permission_classes = [IsAgent | IsStaffMember]
    serializer_class = CaseDocumentInputSerializer
    parser_classes = [MultiPartParser, FormParser]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.get_object()
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > documents.max_bytes() + MULTIPART_OVERHEAD:
            # refused before the body is read: a huge upload is not streamed to disk first
            return problem(
                status_code=413,
                code="request_too_large",
                detail=_("The file is larger than %(limit).1f MB.")
                % {"limit": documents.max_bytes() / 1024 / 1024},
            )
        serializer = CaseDocumentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = ChecklistItem.objects.filter(
            estate_id=case.unit.estate_id, code=serializer.validated_data["item"]
        ).first()
        if item is None:
            raise exceptions.ValidationError(
                {"item": [_("The case's estate has no checklist item with this code.")]}
            )
        document = actions.case_document_receive(
            case=case, item=item, by=request.user, upload=serializer.validated_data["file"]
        )
        return Response(CaseDocumentOutputSerializer(document).data, status=201)


@extend_schema(
    summary=_("A document's file"),
    description=_(
        "Streams the scan or photo to those who may see its case (the agent of its estate, "
        "staff of its scope); anyone else gets 404."
    ),
    responses={
        (200, "application/octet-stream"): OpenApiResponse(
            OpenApiTypes.BINARY, description=_("The file (PDF, JPEG or PNG).")
        )
    },
    tags=["housing: documents"],
)
class DocumentFile(generics.GenericAPIView):
    permission_classes = [AnyCallerSeeingTheCase]
    lookup_url_kwarg = "id"

    def get(self, request: Request, *args: Any, **kwargs: Any) -> FileResponse:
        document = get_object_or_404(
            CaseDocument.objects.select_related("case"), public_id=kwargs["id"]
        )
        if not document.file or not access.access_case(request.user, document.case):
            raise Http404
        response = FileResponse(
            document.file.open("rb"), content_type=document.content_type or "application/pdf"
        )
        response["Content-Disposition"] = "inline"
        response["Cache-Control"] = "private, no-store"
        return response
