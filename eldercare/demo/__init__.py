"""The demo's meal program: 78 meal points under the three operating models across the 11
subdistricts, their caterers and care centers, menus of ten dishes or more from a week ago to
tomorrow, about 3,000 enrolled elders, a week of orders (about 1,600 elders a day on the
care-center model, 40–50 a point), deliveries, follow-ups, waiting lists, settlements, classes
and outings, and the population figures of the planning report.

Drawn from a seeded generator against the day it is loaded, so a run builds the same program
shape whatever the day; nothing is dated after that moment but menus, pauses and activities,
which are announced ahead. Loaded once: a second run finds the points and changes nothing.

The loaders live by subdomain: ``places`` (caterers, care centers, meal points, pauses and the
population figures), ``elders`` (the elders enrolled and their standing orders), ``meals`` (menus,
orders, deliveries, waiting lists and settlements) and ``care`` (classes and outings).

The week of history (menus, dishes, orders, deliveries) is inserted in bulk without its audit
events: a history trigger per row made the demo four times slower to load, and those rows are the
demo's past, not changes anyone made. Everything staff or partners do afterwards is tracked.
"""

from __future__ import annotations

import random
from typing import TextIO

from django.utils import timezone

from eldercare.demo.care import _activities
from eldercare.demo.elders import _elders, _enrolments, _standing_orders
from eldercare.demo.meals import SEED, _menus, _one_stop_meals, _orders, _settlements, _waiting_list
from eldercare.demo.places import (
    _care_centers,
    _caterers,
    _communities,
    _pauses,
    _points,
    _populations,
)
from eldercare.models import MealPoint


def load(out: TextIO) -> None:
    if MealPoint.objects.exists():
        out.write(f"  {MealPoint.objects.count()} meal points (already loaded)\n")
        return
    rng = random.Random(SEED)
    now = timezone.now()
    today = timezone.localdate(now)
    caterers = _caterers()
    communities = _communities()
    centers = _care_centers(rng, communities)
    points = _points(rng, communities, centers, caterers)
    _pauses(points, today)
    menus = _menus(rng, points, today, now)
    elders = _elders(rng, points, today)
    enrolments = _enrolments(rng, elders, today)
    standing = _standing_orders(rng, enrolments, today)
    orders = _orders(rng, menus, enrolments, standing, today, now)
    orders += _one_stop_meals(menus, today)
    _waiting_list(menus, standing, today, now)
    _settlements(caterers, today)
    _activities(rng, centers, today)
    _populations(today)
    out.write(
        f"  {len(points)} meal points, {len(centers)} care centers, {len(enrolments)} enrolled "
        f"elders, {orders} orders\n"
    )
