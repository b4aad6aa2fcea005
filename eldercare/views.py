"""The program's public pages, phone first: meal points near the visitor with today's seats, a
point's menus for today and tomorrow with the elder's price, and the care centers with their
classes and outings (and a sign-up)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from eldercare import actions, pricing, selectors
from eldercare.forms import NearForm, SignupForm
from eldercare.models import Activity, CareCenter, MealPoint, MealPointPause, SubsidyTier
from licang import abuse
from licang.errors import ConflictError
from services.centers.walking import great_circle_m

NEAREST = 8


def points(request: HttpRequest) -> HttpResponse:
    """Meal points: nearest first from the visitor's community or position, else all by
    subdistrict; each with today's seats."""
    form = NearForm(request.GET or None)
    found = list(MealPoint.objects.public().for_listing())
    origin = form.origin() if form.is_valid() else None
    distances: dict[int, int] = {}
    if origin is not None:
        for point in found:
            distances[point.pk] = round(
                great_circle_m(origin[0], origin[1], float(point.latitude), float(point.longitude))
            )
        found = sorted(found, key=lambda p: distances[p.pk])[:NEAREST]
    now = timezone.now()
    seats = selectors.seats_on(found, timezone.localdate(now), now, with_dishes=False)
    rows = [
        {"point": point, "metres": distances.get(point.pk), "meals": seats[point.pk]}
        for point in found
    ]
    return render(
        request,
        "eldercare/points.html",
        {
            "form": form,
            "rows": rows,
            "near": origin is not None,
            "rule": pricing.rule_for(timezone.localdate(now)),
        },
    )


def point_detail(request: HttpRequest, code: str) -> HttpResponse:
    point = get_object_or_404(MealPoint.objects.public().for_listing(), code=code)
    now = timezone.now()
    today = timezone.localdate(now)
    days = []
    tiers = list(SubsidyTier.objects.of_year(today.year))
    for day in (today, today + datetime.timedelta(days=1)):
        meals = selectors.seats_on([point], day, now)[point.pk]
        for meal in meals:
            if meal.menu is not None and meal.menu.set_price is not None:
                meal.elder_price = pricing.elder_prices(meal.menu.set_price, tiers)  # type: ignore[attr-defined]
        days.append({"date": day, "meals": meals})
    pause = (
        MealPointPause.objects.filter(point=point, ends_on__gte=today)
        .select_related("alternative")
        .order_by("starts_on")
        .first()
    )
    rule = pricing.rule_for(today)
    return render(
        request,
        "eldercare/point_detail.html",
        {
            "point": point,
            "days": days,
            "pause": pause,
            "tiers": tiers,
            "rule": rule,
            "today": today,
        },
    )


def care_centers(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    centers = list(CareCenter.objects.filter(is_active=True).for_listing())
    activities: dict[int, list[Activity]] = {}
    for activity in Activity.objects.upcoming(today).for_listing().order_by("starts_on", "id"):
        activities.setdefault(activity.center_id, []).append(activity)
    rows = [{"center": c, "activities": activities.get(c.pk, [])} for c in centers]
    return render(request, "eldercare/care_centers.html", {"rows": rows, "today": today})


def activity_signup(request: HttpRequest, activity_id: int) -> HttpResponse:
    today = timezone.localdate()
    activity = Activity.objects.upcoming(today).for_listing().filter(pk=activity_id).first()
    if activity is None:
        raise Http404
    form = SignupForm(request.POST or None)
    status = 200
    if request.method == "POST" and abuse.refuse_form_if_too_many(request, form, "activity_signup"):
        status = 429
    if request.method == "POST" and status == 200 and form.is_valid():
        try:
            actions.activity_sign_up(
                activity=activity,
                name=form.cleaned_data["name"],
                phone=form.cleaned_data["phone"],
            )
        except ValidationError as exc:
            for field, errors in getattr(exc, "error_dict", {"__all__": exc.error_list}).items():
                form.add_error(field if field in form.fields else None, errors)
        except ConflictError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("You have signed up for %(title)s. The center will call you to confirm.")
                % {"title": activity.title},
            )
            return redirect("eldercare:care-centers")
    return render(
        request, "eldercare/signup.html", {"activity": activity, "form": form}, status=status
    )
