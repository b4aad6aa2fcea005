"""The demo service desk: the "5 categories, 40 items" catalogue and a few hundred requests in
every state.

Like the registry demo, it draws from a seeded random generator, creates only what is missing,
and files and moves every request through the real actions (with their times set in the past),
so the history, due times and figures are the product's own.

The loaders live by subdomain: ``catalogue`` (the categories, items and questions, with their
English in ``english``) and ``requests`` (the centers' requests and the one-stop resident's).
"""

from __future__ import annotations

from typing import TextIO

from services.centers.demo import CENTERS
from services.centers.models import Center
from services.desk.demo.catalogue import load_catalogue, translate_catalogue
from services.desk.demo.english import ENGLISH
from services.desk.demo.requests import load_one_stop_requests, load_requests
from services.desk.models import ServiceCategory, ServiceRequest

__all__ = [
    "ENGLISH",
    "load",
    "load_catalogue",
    "load_one_stop_requests",
    "load_requests",
    "translate_catalogue",
]


def load(out: TextIO) -> None:
    centers = list(Center.objects.filter(slug__in=[c[0] for c in CENTERS]).order_by("pk"))
    items = load_catalogue(centers)
    created = load_requests(centers, items)
    created += load_one_stop_requests(centers, items)
    out.write(
        f"  {ServiceCategory.objects.count()} categories, "
        f"{len(items)} service items, {ServiceRequest.objects.count()} requests ({created} new)"
    )
