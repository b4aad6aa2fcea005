"""Public pages of the linkage (the wish wall and pledges, volunteer sign-up, organisations and
projects) and the printable staff pages beside the admin (warm-heart card, certificate).

No public page names a child: a wish shows the alias, the age band and the subdistrict only.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from licang import abuse
from licang.errors import ConflictError
from services.linkage import actions, selectors
from services.linkage.access import access_child_record
from services.linkage.forms import PledgeForm, VolunteerSignUpForm
from services.linkage.models import Child, Project, SocialOrganisation, Volunteer, Wish

WALL_PAGE_SIZE = 24
PROJECT_PAGE_SIZE = 30


@require_GET
def wish_wall(request: HttpRequest) -> HttpResponse:
    """The open wishes, by alias, age band and subdistrict."""
    page = Paginator(Wish.objects.on_the_wall().for_listing(), WALL_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    today = timezone.localdate()
    return render(
        request,
        "linkage/wish_wall.html",
        {"page": page, "wishes": [selectors.public_wish(w, today) for w in page]},
    )


@require_http_methods(["GET", "POST"])
def wish_pledge(request: HttpRequest, public_id: str) -> HttpResponse:
    wish = get_object_or_404(Wish.objects.for_listing(), public_id=public_id)
    if wish.status != Wish.Status.COLLECTED:
        return render(
            request, "linkage/wish_taken.html", {"wish": selectors.public_wish(wish)}, status=409
        )
    form = PledgeForm(request.POST or None)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and abuse.refuse_form_if_too_many(request, form, "wish_pledge"):
        status = 429
    elif request.method == "POST" and form.is_valid():
        try:
            actions.pledge_offer(wish=wish, **form.cleaned_data)
        except (ValidationError, ConflictError) as exc:
            form.add_action_errors(exc)
        else:
            return HttpResponseRedirect(reverse("linkage:pledge-done"))
    return render(
        request,
        "linkage/wish_pledge.html",
        {"wish": selectors.public_wish(wish), "form": form},
        status=status,
    )


@require_GET
def pledge_done(request: HttpRequest) -> HttpResponse:
    return render(request, "linkage/pledge_done.html")


@require_http_methods(["GET", "POST"])
def volunteer_sign_up(request: HttpRequest) -> HttpResponse:
    form = VolunteerSignUpForm(request.POST or None)
    limited = request.method == "POST" and abuse.refuse_form_if_too_many(
        request, form, "volunteer_sign_up"
    )
    if request.method == "POST" and not limited and form.is_valid():
        data = form.cleaned_data
        try:
            actions.volunteer_save(
                volunteer=Volunteer(
                    name=data["name"],
                    phone=data["phone"],
                    skills=data["skills"],
                    available_on=data["available_on"],
                    consents_to_contact=data["consents_to_contact"],
                ),
                communities=[data["community"]],
            )
        except (ValidationError, ConflictError) as exc:
            form.add_action_errors(exc)
        else:
            return render(request, "linkage/volunteer_done.html", {"name": data["name"]})
    status = (429 if limited else 400) if request.method == "POST" else 200
    return render(request, "linkage/volunteer_sign_up.html", {"form": form}, status=status)


@require_GET
def organisations(request: HttpRequest) -> HttpResponse:
    figures = selectors.organisation_figures()
    return render(
        request,
        "linkage/organisations.html",
        {
            "organisations": SocialOrganisation.objects.brought_in()
            .filter(is_active=True)
            .prefetch_related("communities"),
            **figures,
        },
    )


@require_GET
def projects(request: HttpRequest) -> HttpResponse:
    level = request.GET.get("level", "district_key")
    rows = Project.objects.filter(parent__isnull=True, level=level).for_public()
    page = Paginator(rows.order_by("-starts_on", "pk"), PROJECT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "linkage/projects.html", {"page": page, "level": level})


@require_GET
def project_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    project = get_object_or_404(Project.objects.for_public(), public_id=public_id)
    parts = Project.objects.filter(parent=project).for_public()
    return render(request, "linkage/project_detail.html", {"project": project, "parts": parts})


# --- Printable staff pages (admin.site.admin_view: a logged-in staff member) ---------------------


def warm_heart_card(request: HttpRequest, public_id: str) -> HttpResponse:
    """A child's card with their own service commissioner's phone, on a card-sized page. Reading
    it is reading the child's full record: it is logged."""
    child = Child.objects.visible_to(request.user).for_listing().filter(public_id=public_id).first()
    if child is None or not access_child_record(request.user, child):
        raise Http404(_("No such child in your part of the district."))
    actions.child_record_read(child=child, user=request.user, where=request.path)
    return render(request, "linkage/warm_heart_card.html", {"child": child})


def volunteer_certificate(request: HttpRequest, public_id: str) -> HttpResponse:
    volunteer = (
        Volunteer.objects.visible_to(request.user).for_listing().filter(public_id=public_id).first()
    )
    if volunteer is None:
        raise Http404(_("No such volunteer."))
    return render(
        request,
        "linkage/volunteer_certificate.html",
        {
            "volunteer": volunteer,
            "hours": selectors.confirmed_hours(volunteer),
            "today": timezone.localdate(),
        },
    )
