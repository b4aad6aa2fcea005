"""Public pages of the health programs, and the staff pages that sit beside the admin."""

from __future__ import annotations

import datetime
from typing import Any

import tablib
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from health import eligibility, selectors
from health.forms import EligibilityForm, OutreachForm
from health.models import CheckSite, HospitalDesignation, Program
from health.rules import rule_for
from licang.idnumber import age_on
from licang.registry.models import Community, Resident

# --- Public -------------------------------------------------------------------------------------


def _programs_context(today: datetime.date) -> dict[str, Any]:
    return {
        "year": today.year,
        "insurance_rule": rule_for(Program.INSURANCE, today.year),
        "checkup_rule": rule_for(Program.CHECKUP, today.year),
        "cataract_rule": rule_for(Program.CATARACT, today.year),
        "hospitals": [
            d.partner.name
            for d in HospitalDesignation.objects.on(today)
            .select_related("partner")
            .order_by("partner__name")
        ],
        "sites": list(CheckSite.objects.active().select_related("subdistrict")),
    }


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """What the three programs offer this year, from this year's rules."""
    return render(request, "health/index.html", _programs_context(timezone.localdate()))


@require_GET
def eligibility_check(request: HttpRequest) -> HttpResponse:
    """The public eligibility check. A GET form: it answers and stores nothing."""
    form = EligibilityForm(request.GET or None)
    decisions = None
    on_date = age = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        on_date = data["on_date"] or timezone.localdate()
        age = age_on(data["birth_date"], on_date)
        facts = eligibility.facts_for(
            on_date,
            birth_date=data["birth_date"],
            registered_in_licang=data["registered_in_licang"] == "yes",
            special_family_planning=data["special_family"] == "yes",
        )
        decisions = [
            {
                "program": decision.program,
                "label": eligibility.program_label(decision.program),
                "eligible": decision.eligible,
                "sentences": decision.sentences,
                "bring": decision.bring_text,
            }
            for decision in eligibility.evaluate(facts)
        ]
    return render(
        request,
        "health/eligibility.html",
        {
            "form": form,
            "decisions": decisions,
            "on_date": on_date,
            "age": age,
        },
    )


# --- Staff pages beside the admin (wrapped by admin_view in urls.py) ----------------------------


def _admin_context(request: HttpRequest, title: str) -> dict[str, Any]:
    return {**admin.site.each_context(request), "title": title}


def staff_eligibility(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The eligibility service for one resident, opened from the resident's admin page."""
    if not request.user.has_perm("registry.view_resident"):
        raise PermissionDenied
    resident = get_object_or_404(
        Resident.objects.visible_to(request.user).for_listing(), public_id=public_id
    )
    try:
        on_date = datetime.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        on_date = timezone.localdate()
    decisions = eligibility.evaluate(
        eligibility.facts_for(on_date, resident=resident), resident=resident
    )
    context = _admin_context(request, _("Health programs: eligibility"))
    context.update(
        resident=resident,
        on_date=on_date,
        age=resident.age_on(on_date),
        decisions=[
            {
                "label": eligibility.program_label(d.program),
                "eligible": d.eligible,
                "sentences": d.sentences,
                "bring": d.bring_text,
                "rule": d.rule,
            }
            for d in decisions
        ],
        balance=selectors.insurance_balance(resident, on_date.year),
    )
    return render(request, "health/staff/eligibility.html", context)


OUTREACH_PERMISSIONS = {
    "checkup": "health.view_checkup",
    "insurance": "health.view_insurancepolicy",
}
PAGE_SIZE = 50


def _outreach_dataset(residents: Any, on_date: datetime.date, title: str) -> tablib.Dataset:
    """The export: names, masked ID numbers and phones, ages and where to find each person."""
    dataset = tablib.Dataset(
        headers=[
            _("full name"),
            _("ID number"),
            _("age"),
            _("mobile phone"),
            _("subdistrict"),
            _("community"),
            _("address"),
            _("household registration in Licang"),
        ],
        title=title[:31],
    )
    for resident in residents:
        dataset.append(
            [
                resident.name,
                resident.masked_id_number,
                resident.age_on(on_date),
                resident.masked_phone,
                resident.community.subdistrict.name,
                resident.community.name,
                resident.household.address if resident.household else "",
                _("Yes") if resident.registered_in_licang else _("No"),
            ]
        )
    return dataset


def staff_outreach(request: HttpRequest) -> HttpResponse:
    """ "Find one, treat one": eligible residents not yet served this year, in the staff member's
    scope, one community at a time, exportable to CSV or Excel."""
    communities = Community.objects.visible_to(request.user).select_related("subdistrict")
    form = OutreachForm(request.GET or {"list": "checkup"}, communities=communities)
    if not form.is_valid():
        form = OutreachForm({"list": "checkup"}, communities=communities)
        form.is_valid()
    which = form.cleaned_data["list"]
    if not request.user.has_perm(OUTREACH_PERMISSIONS[which]):
        raise PermissionDenied
    community = form.cleaned_data.get("community")
    on_date = timezone.localdate()
    residents = selectors.OUTREACH_LISTS[which](request.user, on=on_date)
    if community is not None:
        residents = residents.filter(community=community)
    label = dict(OutreachForm.LISTS)[which]
    export = request.GET.get("format")
    if export in {"csv", "xlsx"}:
        dataset = _outreach_dataset(residents, on_date, str(label))
        place = f"-{community.pk}" if community else ""
        filename = f"outreach-{which}-{on_date.year}{place}.{export}"
        if export == "csv":
            body: Any = "\ufeff" + dataset.export("csv")  # a BOM so that Excel reads UTF-8
            content_type = "text/csv; charset=utf-8"
        else:
            body = dataset.export("xlsx")
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    page = Paginator(residents, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    context = _admin_context(request, _("Outreach lists"))
    context.update(
        form=form,
        page=page,
        rows=[(r, r.age_on(on_date)) for r in page.object_list],
        list_label=label,
        on_date=on_date,
        query=query.urlencode(),
    )
    return render(request, "health/staff/outreach.html", context)


def staff_figures(request: HttpRequest) -> HttpResponse:
    """The program figures for staff: the same numbers as the public statistics page."""
    if not request.user.has_perm("health.view_budget"):
        raise PermissionDenied
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = selectors.figures_year(today)
    context = _admin_context(request, _("Program figures"))
    context.update(figures=selectors.figures(year), year=year)
    return render(request, "health/staff/figures.html", context)
