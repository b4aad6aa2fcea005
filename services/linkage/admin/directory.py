"""Organisations, social workers, volunteers (with confirmed hours) and charity resources."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from services.linkage import actions
from services.linkage.admin.base import ScopedAdmin
from services.linkage.models import (
    CharityResource,
    SocialOrganisation,
    SocialWorker,
    Volunteer,
    VolunteerHours,
)

CONFIRMED = Q(hours__status=VolunteerHours.Status.CONFIRMED)


@admin.register(SocialOrganisation)
class SocialOrganisationAdmin(TranslationAdmin, ScopedAdmin):  # type: ignore[misc]
    list_display = [
        "name",
        "kind",
        "community_level",
        "registration_number",
        "founded_on",
        "partner",
        "is_active",
    ]
    list_filter = ["community_level", "kind", "is_active"]
    search_fields = ["name_zh_hans", "name_en", "=registration_number"]
    list_select_related = ["partner"]
    autocomplete_fields = ["partner", "communities"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        actions.organisation_save(organisation=obj, communities=form.cleaned_data["communities"])

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """The communities were set by the action in ``save_model``."""


@admin.register(SocialWorker)
class SocialWorkerAdmin(ScopedAdmin):
    list_display = ["name", "organisation", "certificate_level", "masked_phone"]
    list_filter = ["certificate_level"]
    search_fields = ["name", "organisation__name_zh_hans"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]

    @admin.display(description=_("mobile phone"))
    def masked_phone(self, obj: SocialWorker) -> str:
        return obj.phone[:3] + "****" + obj.phone[-4:] if obj.phone else ""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        actions.social_worker_save(social_worker=obj)


@admin.register(Volunteer)
class VolunteerAdmin(ScopedAdmin):
    list_display = [
        "name",
        "masked_phone",
        "organisation",
        "skills",
        "available_on",
        "confirmed_hours",
        "is_active",
        "certificate",
    ]
    list_filter = ["is_active", "consents_to_contact", "organisation"]
    search_fields = ["name", "=phone"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation", "resident", "center_volunteer", "communities"]
    readonly_fields = ["public_id", "created_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Volunteer]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                confirmed=Coalesce(
                    Sum("hours__hours", filter=CONFIRMED),
                    Value(0),
                    output_field=DecimalField(),
                )
            )
        )

    @admin.display(description=_("mobile phone"))
    def masked_phone(self, obj: Volunteer) -> str:
        return obj.masked_phone

    @admin.display(description=_("confirmed hours"), ordering="confirmed")
    def confirmed_hours(self, obj: Any) -> Any:
        return obj.confirmed

    @admin.display(description=_("certificate"))
    def certificate(self, obj: Volunteer) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("linkage:volunteer-certificate", args=[obj.public_id]),
            _("Print"),
        )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        actions.volunteer_save(volunteer=obj, communities=form.cleaned_data["communities"])

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """The communities were set by the action in ``save_model``."""


@admin.register(CharityResource)
class CharityResourceAdmin(TranslationAdmin, ScopedAdmin):  # type: ignore[misc]
    list_display = ["name", "donor", "kind", "quantity", "remaining", "unit", "received_on"]
    list_filter = ["kind"]
    search_fields = ["name_zh_hans", "name_en", "donor"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["remaining"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        actions.resource_save(resource=obj)
