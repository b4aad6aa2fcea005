"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) for the service desks.

The 40 service items are the service codes, grouped by category; the center is
``agency_responsible`` and the due time ``expected_datetime``. Every resource answers in
``.json`` and ``.xml``; errors are the specification's list of ``code``/``description``.

Choices made where the specification leaves room:

- one jurisdiction, ``qdlc.gov.cn`` (the district government's site, as the specification
  suggests); ``jurisdiction_id`` is optional, and any other value is 404;
- POST needs the ``api_key`` of a partner allowed to file requests (a portal API token);
- the center is the ``center`` attribute of every service definition, or else the open center
  nearest to ``lat``/``long`` that offers the service;
- the resident's name (``last_name`` + ``first_name``) and mobile ``phone`` are required: the
  resident follows the request with its number and the phone's last four digits;
- ``open`` is submitted, accepted and in progress; ``closed`` is completed, rejected and
  cancelled; ``status_notes`` says which;
- GET is public and shows no personal data: the description, the resident's address and the
  reason given are shown only to the partner that filed the request (with its ``api_key``);
- a successful POST answers ``201 Created``.
"""

from __future__ import annotations

import datetime
import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from licang.api.authentication import token_authenticate
from licang.api.throttling import count_hit, parse_rate
from licang.errors import ConflictError
from licang.models import Partner
from licang.moments import moment_problem
from services.centers import walking
from services.centers.models import Center
from services.desk import access, actions
from services.desk.models import (
    CLOSED_STATES,
    OPEN_STATES,
    ServiceItem,
    ServiceQuestion,
    ServiceRequest,
    normalise_reference,
)

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
JURISDICTION_ID = "qdlc.gov.cn"
CHANGESET = "2026-01-01T00:00:00+08:00"  # when the service list or definitions last changed
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
MAX_SPAN = datetime.timedelta(days=90)
MAX_REQUESTS = 1000
CENTER_ATTRIBUTE = "center"

# XML element names of the items of each list (the Spark convention's plural → singular)
ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
}


class Open311Error(Exception):
    def __init__(self, status: int, *descriptions: str) -> None:
        super().__init__(descriptions)
        self.status = status
        self.descriptions = descriptions


# --- Rendering --------------------------------------------------------------------------------


def _xml_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _xml_fill(element: ET.Element, value: Any) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _xml_fill(ET.SubElement(element, key), child)
    elif isinstance(value, list):
        for child in value:
            _xml_fill(ET.SubElement(element, ITEM_NAMES[element.tag]), child)
    else:
        element.text = _xml_text(value)


def render(data: Any, fmt: str, root: str, status: int = 200) -> HttpResponse:
    """``data`` as the specification's JSON, or as its XML under ``root``."""
    if fmt == "xml":
        element = ET.Element(root)
        _xml_fill(element, data)
        body = '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, "unicode")
    else:
        body = json.dumps(data, ensure_ascii=False, default=str)
    return HttpResponse(body.encode(), status=status, content_type=CONTENT_TYPES[fmt])


def error_response(error: Open311Error, fmt: str) -> HttpResponse:
    errors = [{"code": error.status, "description": d} for d in error.descriptions]
    return render(errors, fmt, "errors", status=error.status)


def _w3(moment: datetime.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


# --- Checks shared by the resources -----------------------------------------------------------


def _param(request: HttpRequest, name: str) -> str:
    """Every argument is read here: one with a null character is a 400 naming it."""
    source = request.POST if request.method == "POST" else request.GET
    value = (source.get(name) or "").strip()
    if "\x00" in value:
        raise Open311Error(400, _("%(name)s contains a null character.") % {"name": name})
    return value


def _check_jurisdiction(request: HttpRequest) -> None:
    jurisdiction = _param(request, "jurisdiction_id")
    if jurisdiction and jurisdiction != JURISDICTION_ID:
        raise Open311Error(
            404,
            _("jurisdiction_id %(given)s was not found; this endpoint serves %(ours)s.")
            % {"given": jurisdiction, "ours": JURISDICTION_ID},
        )


def _throttle(request: HttpRequest) -> None:
    rates: dict[str, str] = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]  # type: ignore[assignment]
    limit, duration = parse_rate(rates["anon"])
    hits, wait = count_hit(f"open311:{request.META.get('REMOTE_ADDR', '')}", duration)
    if hits > limit:
        raise Open311Error(
            429, _("Too many requests; try again in %(seconds)d seconds.") % {"seconds": wait}
        )


def _partner(request: HttpRequest, *, required: bool) -> Partner | None:
    raw = _param(request, "api_key")
    if not raw and not required:
        return None
    token = token_authenticate(raw) if raw else None
    if token is None:
        raise Open311Error(403, _("Missing or invalid api_key."))
    if not access.may_file_requests(token.partner):
        if required:
            raise Open311Error(403, _("This api_key may not file service requests."))
        return None
    return token.partner


def endpoint(methods: tuple[str, ...]) -> Any:
    """Wrap a resource: method check, throttle, jurisdiction, errors in the asked format."""

    def wrap(view: Any) -> Any:
        def handle(request: HttpRequest, fmt: str, **kwargs: Any) -> HttpResponse:
            try:
                if request.method not in methods:
                    message = _("Method %(method)s is not allowed here.")
                    raise Open311Error(405, message % {"method": request.method})
                _throttle(request)
                _check_jurisdiction(request)
                return view(request, fmt, **kwargs)  # type: ignore[no-any-return]
            except Open311Error as error:
                response = error_response(error, fmt)
                if error.status == 405:
                    response["Allow"] = ", ".join(methods)
                return response

        handle.__name__ = view.__name__
        handle.__doc__ = view.__doc__
        return csrf_exempt(handle)  # clients authenticate with api_key, not cookies

    return wrap


# --- Resources --------------------------------------------------------------------------------


@endpoint(("GET",))
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base = request.build_absolute_uri(reverse("open311:discovery", args=["json"]))
    return render(
        {
            "changeset": CHANGESET,
            "contact": _(
                "Licang District community services portal, neighborhood center service desks: "
                "please call your center's desk, see %(url)s"
            )
            % {"url": request.build_absolute_uri(reverse("centers:center-list"))},
            "key_service": _(
                "Partner organisations receive an api_key (a portal API token) from the district "
                "administration."
            ),
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": base.rsplit("/discovery.json", 1)[0],
                    "changeset": CHANGESET,
                    "type": "production",
                    "formats": ["text/xml", "application/json"],
                }
            ],
        },
        fmt,
        "discovery",
    )


def _services_queryset() -> QuerySet[ServiceItem]:
    return ServiceItem.objects.active().for_listing()


@endpoint(("GET",))
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    return render(
        [
            {
                "service_code": item.code,
                "service_name": item.display_name,
                "description": item.description,
                "metadata": True,  # every service has at least the center attribute
                "type": "realtime",
                "keywords": item.keywords,
                "group": item.category.display_name,
            }
            for item in _services_queryset()
        ],
        fmt,
        "services",
    )


def _attribute(question: ServiceQuestion, order: int) -> dict[str, Any]:
    attribute: dict[str, Any] = {
        "variable": True,
        "code": question.code,
        "datatype": question.datatype,
        "required": question.required,
        "datatype_description": question.help_text or None,
        "order": order,
        "description": question.prompt,
    }
    if question.datatype in (ServiceQuestion.Datatype.SINGLE, ServiceQuestion.Datatype.MULTIPLE):
        attribute["values"] = [{"key": str(c["key"]), "name": c["name"]} for c in question.choices]
    return attribute


def _center_attribute(item: ServiceItem) -> dict[str, Any]:
    return {
        "variable": True,
        "code": CENTER_ATTRIBUTE,
        "datatype": "singlevaluelist",
        "required": False,
        "datatype_description": _("Leave empty to use the nearest center to lat and long."),
        "order": 1,
        "description": _("Neighborhood center"),
        "values": [{"key": c.slug, "name": c.name} for c in item.centers.all()],
    }


@endpoint(("GET",))
def service_definition(request: HttpRequest, fmt: str, service_code: str) -> HttpResponse:
    item = _services_queryset().filter(code=service_code).first()
    if item is None:
        raise Open311Error(404, _("service_code %(code)s was not found.") % {"code": service_code})
    questions = sorted(item.questions.all(), key=lambda q: q.order)
    return render(
        {
            "service_code": item.code,
            "attributes": [
                _center_attribute(item),
                *[_attribute(q, order) for order, q in enumerate(questions, start=2)],
            ],
        },
        fmt,
        "service_definition",
    )


def _status_notes(found: ServiceRequest, owner: bool) -> str:
    label = str(found.get_state_display())
    if owner and found.state_note:
        return f"{label}: {found.state_note}"
    return label


def _request_row(found: ServiceRequest, partner: Partner | None) -> dict[str, Any]:
    owner = access.partner_filed(partner, found)
    center = found.center
    closed_at = found.completed_at or found.closed_at
    has_point = owner and found.latitude is not None
    return {
        "service_request_id": found.reference,
        "status": "open" if found.state in OPEN_STATES else "closed",
        "status_notes": _status_notes(found, owner),
        "service_name": found.item.display_name,
        "service_code": found.item.code,
        "description": found.description or None if owner else None,
        "agency_responsible": center.name,
        "service_notice": _service_notice(found),
        "requested_datetime": _w3(found.submitted_at),
        "updated_datetime": _w3(closed_at if found.state in CLOSED_STATES else found.updated_at),
        "expected_datetime": _w3(found.due_at),
        "address": (found.address if owner and found.address else center.address) or None,
        "address_id": None,
        "zipcode": center.postcode or None,
        "lat": _number(found.latitude if has_point else center.latitude),
        "long": _number(found.longitude if has_point else center.longitude),
        "media_url": (found.media_url or None) if owner else None,
    }


def _service_notice(found: ServiceRequest) -> str:
    item = found.item
    parts = [
        _("%(center)s handles it by %(due)s.")
        % {
            "center": found.center.name,
            "due": timezone.localtime(found.due_at).strftime("%Y-%m-%d %H:%M"),
        },
        _("Fee: free.") if item.is_free else _("Fee: %(fee)s yuan.") % {"fee": item.fee},
    ]
    if item.what_to_bring:
        parts.append(_("Bring: %(things)s.") % {"things": item.what_to_bring})
    return " ".join(parts)


# the dates a request can have been filed on, with room for a range of 90 days either side
W3_YEARS = (1000, 9000)


def _parse_w3(name: str, raw: str) -> datetime.datetime:
    try:
        # 30 February or an offset of 24 hours or more: well formed, but no moment (ValueError)
        moment = parse_datetime(raw.replace(" ", "+")) if raw else None
    except ValueError:
        moment = None
    if moment is None:
        message = _("%(name)s must be a w3 date and time such as 2026-01-01T00:00:00Z.")
        raise Open311Error(400, message % {"name": name})
    if not W3_YEARS[0] <= moment.year <= W3_YEARS[1]:
        message = _("%(name)s must be a date between the years %(first)d and %(last)d.")
        raise Open311Error(400, message % {"name": name, "first": W3_YEARS[0], "last": W3_YEARS[1]})
    problem = moment_problem(moment)
    if problem is not None:
        raise Open311Error(400, f"{name}: {problem}")
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _date_range(raw_start: str, raw_end: str) -> tuple[datetime.datetime, datetime.datetime]:
    """The requested range; the last 90 days, or 90 days from or to the one date given."""
    if raw_start and raw_end:
        return _parse_w3("start_date", raw_start), _parse_w3("end_date", raw_end)
    if raw_start:
        start = _parse_w3("start_date", raw_start)
        return start, start + MAX_SPAN
    end = _parse_w3("end_date", raw_end) if raw_end else timezone.now()
    return end - MAX_SPAN, end


def _list_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    partner = _partner(request, required=False)
    found = ServiceRequest.objects.select_related("center", "item__category")
    raw_ids = _param(request, "service_request_id").split(",")
    ids = [normalise_reference(i) for i in raw_ids if i.strip()]
    if ids:
        found = found.filter(reference__in=ids)  # overrides every other argument
    else:
        codes = [c.strip() for c in _param(request, "service_code").split(",") if c.strip()]
        if codes:
            found = found.filter(item__code__in=codes)
        statuses = {s.strip() for s in _param(request, "status").split(",") if s.strip()}
        if statuses - {"open", "closed"}:
            raise Open311Error(400, _("status must be open, closed or both (comma separated)."))
        if statuses == {"open"}:
            found = found.filter(state__in=OPEN_STATES)
        elif statuses == {"closed"}:
            found = found.filter(state__in=CLOSED_STATES)
        start, end = _date_range(_param(request, "start_date"), _param(request, "end_date"))
        if end < start:
            raise Open311Error(400, _("end_date is before start_date."))
        if end - start > MAX_SPAN:
            raise Open311Error(400, _("start_date and end_date may not span more than 90 days."))
        found = found.filter(submitted_at__gte=start, submitted_at__lte=end)
    rows = [_request_row(r, partner) for r in found.order_by("-submitted_at")[:MAX_REQUESTS]]
    return render(rows, fmt, "service_requests")


ATTRIBUTE_KEY = re.compile(r"^attribute\[([^\]]+)\](\[\])?$")


def _attributes(request: HttpRequest) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for key in request.POST:
        match = ATTRIBUTE_KEY.match(key)
        if not match:
            continue
        code, many = match.group(1), match.group(2)
        values = [v for v in request.POST.getlist(key) if v.strip()]
        if any("\x00" in v for v in values):
            raise Open311Error(400, _("%(name)s contains a null character.") % {"name": key})
        if many or len(values) > 1:
            answers.setdefault(code, []).extend(values)
        elif values:
            answers[code] = values[0]
    return answers


def _coordinate(name: str, raw: str, limit: int) -> Decimal | None:
    """A latitude (``limit`` 90) or longitude (180) in degrees: finite and on the globe."""
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise Open311Error(400, _("%(name)s must be a number.") % {"name": name})
    if not -limit <= value <= limit:
        message = _("%(name)s must be between -%(limit)d and %(limit)d degrees.")
        raise Open311Error(400, message % {"name": name, "limit": limit})
    return value.quantize(Decimal("0.000001"))


# how the action's field names read in Open311
FIELD_NAMES = {
    "item": "service_code",
    "name": "first_name/last_name",
    "address": "address_string",
    "latitude": "lat",
    "longitude": "long",
}


def _field_name(key: str) -> str:
    if key.startswith("answers."):
        return f"attribute[{key[len('answers.') :]}]"
    return FIELD_NAMES.get(key, key)


def _create_request(request: HttpRequest, fmt: str) -> HttpResponse:
    partner = _partner(request, required=True)
    code = _param(request, "service_code")
    if not code:
        raise Open311Error(400, _("service_code was not provided."))
    item = ServiceItem.objects.active().filter(code=code).prefetch_related("questions").first()
    if item is None:
        raise Open311Error(404, _("service_code %(code)s was not found.") % {"code": code})
    lat = _coordinate("lat", _param(request, "lat"), 90)
    lng = _coordinate("long", _param(request, "long"), 180)
    address = _param(request, "address_string")
    if (lat is None) != (lng is None):
        raise Open311Error(400, _("lat and long must be sent together."))
    if lat is None and not address and not _param(request, "address_id"):
        raise Open311Error(
            400, _("A location is required: lat and long, address_string or address_id.")
        )
    answers = _attributes(request)
    center_slug = answers.pop(CENTER_ATTRIBUTE, "")
    offering = list(item.centers.filter(status=Center.Status.OPEN))
    if center_slug:
        center = Center.objects.filter(slug=center_slug).first()
        if center is None:
            raise Open311Error(
                400, _("attribute[center]: there is no center %(slug)s.") % {"slug": center_slug}
            )
    elif lat is not None and lng is not None and offering:
        center = walking.nearest(offering, float(lat), float(lng), limit=1)[0].center
    else:
        raise Open311Error(
            400,
            _("attribute[center]: choose a center, or send lat and long to use the nearest one."),
        )
    name = f"{_param(request, 'last_name')}{_param(request, 'first_name')}"
    try:
        filed = actions.request_submit(
            center=center,
            item=item,
            name=name,
            phone=_param(request, "phone"),
            channel=ServiceRequest.Channel.OPEN311,
            description=_param(request, "description"),
            answers=answers,
            address=address,
            latitude=lat,
            longitude=lng,
            media_url=_param(request, "media_url"),
            partner=partner,
        )
    except ConflictError as exc:
        raise Open311Error(400, str(exc)) from None
    except ValidationError as exc:
        raise Open311Error(
            400,
            *[
                f"{_field_name(field)}: {message}"
                for field, errors in exc.message_dict.items()
                for message in errors
            ],
        ) from None
    filed.center = center
    filed.item = item
    return render(
        [
            {
                "service_request_id": filed.reference,
                "service_notice": _service_notice(filed),
                "account_id": _param(request, "account_id") or None,
            }
        ],
        fmt,
        "service_requests",
        status=201,
    )


@endpoint(("GET", "POST"))
def service_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create_request(request, fmt)
    return _list_requests(request, fmt)


@endpoint(("GET",))
def service_request(request: HttpRequest, fmt: str, service_request_id: str) -> HttpResponse:
    partner = _partner(request, required=False)
    found = (
        ServiceRequest.objects.select_related("center", "item__category")
        .by_reference(service_request_id)
        .first()
    )
    if found is None:
        raise Open311Error(
            404, _("service_request_id %(id)s was not found.") % {"id": service_request_id}
        )
    return render([_request_row(found, partner)], fmt, "service_requests")
