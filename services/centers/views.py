"""The centers' public pages: the directory, a center's page and the nearest center."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from licang.registry.models import Area, Subdistrict
from services.centers import hours, walking
from services.centers.forms import NearestForm
from services.centers.models import Center, Facility


class DirectoryFilter(forms.Form):
    area = forms.ChoiceField(
        label=gettext_lazy("Area"), required=False, choices=[("", "———"), *Area.choices]
    )
    subdistrict = forms.ChoiceField(label=gettext_lazy("Subdistrict"), required=False)
    facility = forms.ChoiceField(
        label=gettext_lazy("Facility"),
        required=False,
        choices=[("", "———"), *Facility.Kind.choices],
    )

    def __init__(self, *args: Any, subdistricts: list[Subdistrict], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subdistrict"].choices = [  # type: ignore[attr-defined]
            ("", "———"),
            *[(s.code, s.name) for s in subdistricts],
        ]


def _center_row(center: Center, now: Any) -> dict[str, Any]:
    return {
        "center": center,
        "open_now": center.open_at(now),
        "facilities": list(center.facilities.all()),
        "communities": list(center.communities.all()),
    }


@require_GET
def center_list(request: HttpRequest) -> HttpResponse:
    subdistricts = list(Subdistrict.objects.filter(centers__isnull=False).distinct())
    form = DirectoryFilter(request.GET or None, subdistricts=subdistricts)
    centers = Center.objects.for_listing().exclude(status=Center.Status.CLOSED)
    if form.is_valid():
        data = form.cleaned_data
        if data["area"]:
            centers = centers.filter(subdistrict__area=data["area"])
        if data["subdistrict"]:
            centers = centers.filter(subdistrict__code=data["subdistrict"])
        if data["facility"]:
            centers = centers.filter(facilities__kind=data["facility"]).distinct()
    now = timezone.now()
    rows = [_center_row(c, now) for c in centers.order_by("subdistrict__area", "name")]
    return render(
        request,
        "centers/center_list.html",
        {"form": form, "rows": rows, "now": now},
    )


@require_GET
def center_detail(request: HttpRequest, slug: str) -> HttpResponse:
    center = get_object_or_404(Center.objects.for_listing(), slug=slug)
    now = timezone.now()
    today = timezone.localdate()
    # the desk's services offered here, through the desk's relation to the center
    items = center.service_items.filter(is_active=True).select_related("category")  # type: ignore[attr-defined]
    by_category: OrderedDict[Any, list[Any]] = OrderedDict()
    for item in items.order_by("category__sort_order", "sort_order", "code"):
        by_category.setdefault(item.category, []).append(item)
    facilities = [
        {
            "facility": f,
            "open_now": hours.facility_open_at(f, center, now),
            "hours": hours.weekly_table(f.hours.all(), today) if list(f.hours.all()) else None,
        }
        for f in center.facilities.all()
    ]
    return render(
        request,
        "centers/center_detail.html",
        {
            "center": center,
            "open_now": center.open_at(now),
            "desk_hours": hours.weekly_table(center.hours.all(), today),
            "exceptions": list(center.upcoming_exceptions),  # type: ignore[attr-defined]
            "facilities": facilities,
            "communities": list(center.communities.all()),
            "categories": list(by_category.items()),
        },
    )


@require_GET
def nearest(request: HttpRequest) -> HttpResponse:
    form = NearestForm(request.GET or None)
    walks: list[walking.Walk] = []
    if form.is_valid():
        lat, lng = form.origin()
        # the nearest center one can go to now: closed ones are left out
        centers = list(
            Center.objects.select_related("subdistrict").filter(
                status=Center.Status.OPEN, latitude__isnull=False
            )
        )
        walks = walking.nearest(centers, lat, lng)
    return render(
        request,
        "centers/nearest.html",
        {"form": form, "walks": walks, "life_circle": walking.LIFE_CIRCLE_MINUTES},
    )
