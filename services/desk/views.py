from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from licang import abuse
from licang.errors import ConflictError
from services.centers.models import Center
from services.desk import access, actions, selectors
from services.desk.forms import (
    CancelForm,
    ItemChoiceForm,
    RatingForm,
    ReopenForm,
    RequestForm,
    StatusLookupForm,
)
from services.desk.models import ServiceCategory, ServiceItem, ServiceRequest, normalise_reference


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    categories = list(ServiceCategory.objects.for_catalogue())
    return render(
        request,
        "desk/catalogue.html",
        {
            "categories": [(c, list(c.items.all())) for c in categories],
            # an item offered at all of them reads "at every open center", not a list of names
            "open_centers": Center.objects.filter(status=Center.Status.OPEN).count(),
        },
    )


@require_GET
def item_detail(request: HttpRequest, code: str) -> HttpResponse:
    item = get_object_or_404(ServiceItem.objects.active().for_listing(), code=code)
    return render(
        request,
        "desk/item_detail.html",
        {
            "item": item,
            "centers": list(item.centers.all()),
            "questions": list(item.questions.all()),
        },
    )


@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("item", "")
    item = ServiceItem.objects.active().for_listing().filter(code=code).first() if code else None
    if item is None:
        choice = ItemChoiceForm(request.GET if code else None)
        categories = list(ServiceCategory.objects.for_catalogue())
        return render(
            request,
            "desk/request_choose.html",
            {"form": choice, "categories": [(c, list(c.items.all())) for c in categories]},
        )
    initial = {}
    preset = request.GET.get("center")
    if preset:
        initial["center"] = Center.objects.filter(slug=preset).values_list("pk", flat=True).first()
    form = RequestForm(request.POST or None, item=item, initial=initial)
    status = 200
    if request.method == "POST":
        allowed, wait = abuse.allow("request_form", abuse.client_address(request))
        if not allowed:
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Too many requests have been sent from your connection. Please try again "
                    "in %(minutes)d minutes, or call the center."
                )
                % {"minutes": wait},
            )
            status = 429
        elif form.is_valid():
            try:
                filed = actions.request_submit(**form.prepared)
            except (ValidationError, ConflictError) as exc:
                form.add_action_errors(exc)
            else:
                request.session[access.LAST_FILED] = filed.reference
                access.follow_request(request.session, filed.reference)
                return HttpResponseRedirect(reverse("desk:request-done"))
    return render(
        request,
        "desk/request_form.html",
        {
            "form": form,
            "item": item,
            "questions": [form[f"q_{q.code}"] for q in item.questions.all()],
        },
        status=status,
    )


@require_GET
def request_done(request: HttpRequest) -> HttpResponse:
    filed = selectors.last_filed_request(request.session)
    if filed is None:
        return HttpResponseRedirect(reverse("desk:request-new"))
    return render(request, "desk/request_done.html", {"filed": filed})


@require_http_methods(["GET", "POST"])
def status_lookup(request: HttpRequest) -> HttpResponse:
    form = StatusLookupForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        reference = normalise_reference(form.cleaned_data["reference"])
        by_address, wait = abuse.allow("status_lookup", abuse.client_address(request))
        by_reference, wait_reference = abuse.allow("reference_lookups", reference)
        if not (by_address and by_reference):
            form.add_error(
                None,
                _("Too many tries. Please wait %(minutes)d minutes, or ask at the center.")
                % {"minutes": max(wait, wait_reference)},
            )
            status = 429
        else:
            found = selectors.request_found_by_resident(
                reference=reference, phone_last_four=form.cleaned_data["phone_last_four"]
            )
            if found is not None:
                access.follow_request(request.session, found.reference)
                return HttpResponseRedirect(reverse("desk:request-status", args=[found.reference]))
            # one message for a wrong reference and wrong digits: it tells nothing about either
            form.add_error(None, _("No request matches this reference number and phone."))
    return render(request, "desk/status_lookup.html", {"form": form}, status=status)


def _followed(request: HttpRequest, reference: str) -> ServiceRequest:
    found = selectors.followed_request(request.session, reference)
    if found is None:
        raise Http404
    return found


def status_detail(request: HttpRequest, reference: str) -> HttpResponse:
    if not access.follows_request(request.session, reference):
        messages.info(request, _("Enter the reference number and your phone's last four digits."))
        return HttpResponseRedirect(reverse("desk:status-lookup"))
    found = _followed(request, reference)
    moves = actions.request_moves_available(service_request=found, actor=None)
    return render(
        request,
        "desk/status_detail.html",
        {
            "found": found,
            "steps": [s for s in found.steps.all()],  # type: ignore[attr-defined]
            "overdue": found.is_overdue(),
            "rating_form": RatingForm() if "rate" in moves else None,
            "reopen_form": ReopenForm() if "reopen" in moves else None,
            "cancel_form": CancelForm() if "cancel" in moves else None,
        },
    )


def _back(reference: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("desk:request-status", args=[reference]))


def _move(
    request: HttpRequest, reference: str, form: forms.Form, move: str, done: str
) -> HttpResponse:
    """The resident's move from the status page: the form's fields are the move's arguments."""
    found = _followed(request, reference)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _back(reference)
    data = form.cleaned_data
    try:
        actions.request_move(
            service_request=found,
            action=move,
            actor=None,
            rating=data.get("rating"),
            note=data.get("comment", ""),
            reason=data.get("reason", ""),
        )
    except ConflictError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return _back(reference)


@require_POST
def status_rate(request: HttpRequest, reference: str) -> HttpResponse:
    return _move(
        request, reference, RatingForm(request.POST), "rate", _("Thank you for your rating.")
    )


@require_POST
def status_reopen(request: HttpRequest, reference: str) -> HttpResponse:
    return _move(
        request,
        reference,
        ReopenForm(request.POST),
        "reopen",
        _("We are sorry. The request is open again and the center will contact you."),
    )


@require_POST
def status_cancel(request: HttpRequest, reference: str) -> HttpResponse:
    return _move(
        request,
        reference,
        CancelForm(request.POST),
        "cancel",
        _("Your request has been cancelled."),
    )
