"""Public pages of the property-certificate program: the estates and their timelines, and the
status lookup by case number and the last four characters of an owner's ID number. Nothing
personal is shown: no names, no ID numbers, no addresses."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from housing import lookup_limits, selectors
from housing.forms import LookupForm
from housing.models import STEPS, Estate, Step
from licang import abuse


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "housing/index.html", {"figures": selectors.figures()})


@require_GET
def estate_timeline(request: HttpRequest, code: str) -> HttpResponse:
    estate = Estate.objects.select_related("community").filter(code=code).first()
    if estate is None:
        raise Http404
    return render(
        request,
        "housing/estate.html",
        {
            "estate": estate,
            "milestones": selectors.timeline(estate),
            "progress": selectors.estate_progress(estate),
        },
    )


@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    form = LookupForm(request.POST or None)
    status = 200
    result = None
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["case_number"].strip().upper()
        client = abuse.client_address(request)
        wait = lookup_limits.wait_minutes(client, number)
        if wait:
            form.add_error(
                None,
                _("Too many tries. Please wait %(minutes)d minutes, or ask at your community.")
                % {"minutes": wait},
            )
            status = 429
        else:
            case = selectors.case_for_lookup(number, form.cleaned_data["id_last_four"])
            if case is None:
                lookup_limits.record_failure(client, number)
                # one message for a wrong number and wrong digits: it tells nothing about either
                form.add_error(None, _("No case matches this case number and these ID characters."))
            else:
                reached = STEPS.index(case.step)
                result = {
                    "case_number": case.case_number,
                    "estate": case.unit.estate.name,
                    "step": Step(case.step).label,
                    "reached_on": selectors.last_reached_on(case),
                    "on_hold": case.on_hold,
                    "missing": [item.name for item in case.missing_documents()],
                    "steps": [
                        {"label": Step(s).label, "done": i <= reached, "current": i == reached}
                        for i, s in enumerate(STEPS)
                    ],
                    "issued": case.step == Step.CERTIFICATE_ISSUED,
                }
                form = LookupForm()
    return render(request, "housing/lookup.html", {"form": form, "result": result}, status=status)
