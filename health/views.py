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
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET

from health import eligibility, selectors
from health.forms import EligibilityForm, FiguresYearForm, OutreachForm
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


# The public page speaks to a visitor about the facts they ticked: "if you are …", never "recorded
# as …" (it looks nothing up), and nothing about what is left of this year (it cannot know). The
# API and the staff page keep the service's own sentences (``eligibility.MESSAGES``).
VISITOR_MESSAGES: dict[str, Any] = {
    "special_family": gettext_lazy(
        "If you are a parent of a special family-planning family (whose only child died or is "
        "disabled), as you answered, this insurance is meant for you."
    ),
    "not_special_family": gettext_lazy(
        "This insurance is only for parents of special family-planning families (whose only "
        "child died or is disabled), and you answered that you are not one."
    ),
    "registered": gettext_lazy(
        "If your household registration is in Licang, as you answered, you meet this program's "
        "registration condition."
    ),
    "not_registered": gettext_lazy(
        "This program requires household registration in Licang, and you answered that yours "
        "is elsewhere."
    ),
    "not_insured_yet": gettext_lazy(
        "You do not apply for this insurance yourself: each year the district takes out a "
        "policy for the special families registered with it. This page cannot see whether your "
        "policy for %(year)d is in place; your community office can tell you, and arranges it "
        "if it is not. With a policy, a stay in hospital or an accident is claimed with the "
        "papers below."
    ),
    "age_anyone": gettext_lazy(
        "On %(date)s you are %(age)d: from %(min_age)d, everyone living in the district qualifies."
    ),
    "age_registered": gettext_lazy(
        "On %(date)s you are %(age)d: from %(min_age)d, residents whose household registration "
        "is in Licang qualify, so you do if yours is, as you answered."
    ),
    "age_needs_registration": gettext_lazy(
        "On %(date)s you are %(age)d: from %(min_age)d to %(max_age)d only residents whose "
        "household registration is in Licang qualify, and you answered that yours is elsewhere; "
        "from %(anyone_age)d everyone living in the district does."
    ),
    "too_young": gettext_lazy(
        "On %(date)s you are %(age)d: the free check starts at %(min_age)d for residents whose "
        "household registration is in Licang, and at %(anyone_age)d for everyone living in the "
        "district."
    ),
}


def _checks_per_year(params: dict[str, Any]) -> str:
    return (
        ngettext(
            "The check is free once a year: if you have not had it in %(year)d yet, it is free "
            "for you.",
            "The check is free %(limit)d times a year: if you have had fewer in %(year)d, the next "
            "one is free for you.",
            params["limit"],
        )
        % params
    )


def visitor_sentences(decision: eligibility.Decision) -> list[str]:
    """The decision's findings as sentences to a visitor who answered the questions: why a
    program fits what they said, or why not (only the reasons against, as the service does)."""
    findings = decision.findings
    if not decision.eligible:
        findings = [f for f in findings if not f.passed] or findings
    out: list[str] = []
    for finding in findings:
        if finding.code == "checks_left":
            out.append(_checks_per_year(finding.params))
        elif finding.code in VISITOR_MESSAGES:
            out.append(str(VISITOR_MESSAGES[finding.code]) % finding.params)
        else:
            out.extend(eligibility.sentences({"eligible": True, "findings": [finding.as_json()]}))
    return out


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
                "sentences": visitor_sentences(decision),
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


def staff_pages(user: Any) -> list[dict[str, str]]:
    """The health staff pages ``user`` may open, for the index and the admin's health section."""
    pages = []
    for which, label in OutreachForm.LISTS:
        if user.has_perm(OUTREACH_PERMISSIONS[which]):
            pages.append(
                {
                    "title": str(label),
                    "url": f"{reverse('health:staff-outreach')}?list={which}",
                    "about": _("Eligible residents not yet served this year, to call or visit."),
                }
            )
    if user.has_perm("health.view_budget"):
        pages.append(
            {
                "title": _("Program figures"),
                "url": reverse("health:staff-figures"),
                "about": _("Checks, claims, cataract aid and budgets, year by year."),
            }
        )
    if user.has_perm("registry.view_resident"):
        pages.append(
            {
                "title": _("Health programs: eligibility"),
                "url": reverse("admin:registry_resident_changelist"),
                "about": _(
                    "Find the resident, open their page and choose “Health programs: eligibility”."
                ),
            }
        )
    return pages


def staff_index(request: HttpRequest) -> HttpResponse:
    """``/health/staff/``: the health programs' staff pages this staff member may open."""
    context = _admin_context(request, _("Health staff pages"))
    context.update(pages=staff_pages(request.user))
    return render(request, "health/staff/index.html", context)


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
    asked = FiguresYearForm(request.GET)
    year = (asked.is_valid() and asked.cleaned_data["year"]) or selectors.figures_year(today)
    context = _admin_context(request, _("Program figures"))
    context.update(figures=selectors.figures(year), year=year)
    return render(request, "health/staff/figures.html", context)
