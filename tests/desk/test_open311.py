"""Open311 GeoReport v2 at /open311/v2/, as the specification describes it.

http://wiki.open311.org/GeoReport_v2: every resource in .xml and .json, POST form-encoded with
api_key, errors as a list of code/description, dates in w3 format with a time zone.
"""

import datetime
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from services.desk import actions
from services.desk.models import ServiceRequest
from tests.desk.factories import complete, file_request

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
FRIDAY_MORNING = datetime.datetime(2026, 3, 6, 10, 0, tzinfo=SHANGHAI)
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]


def url(name, fmt, *args):
    return reverse(f"open311:{name}", args=[*args, fmt])


def xml_of(response):
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    text = response.content.decode()
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)


@pytest.fixture
def api_key(partners):
    return partners["social_organisation"].secret


def post_form(client, fmt, **fields):
    return client.post(url("requests", fmt), fields)  # application/x-www-form-urlencoded


@time_machine.travel(FRIDAY_MORNING, tick=False)
def test_a_client_discovers_files_and_follows_a_request_as_the_specification_describes(
    desk, api_key, client, center_staff
):
    # Service discovery
    discovery = client.get(url("discovery", "json")).json()
    [endpoint] = discovery["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2")
    assert endpoint["formats"] == ["text/xml", "application/json"]
    assert {"changeset", "contact", "key_service"} <= set(discovery)

    # GET Service List: the items, grouped by category
    services = client.get(url("service-list", "json"))
    assert services["Content-Type"] == "application/json; charset=utf-8"
    booking = next(s for s in services.json() if s["service_code"] == "YL01")
    assert booking == {
        "service_code": "YL01",
        "service_name": "代约挂号",
        "description": "YL01 的说明",
        "metadata": True,
        "type": "realtime",
        "keywords": "测试",
        "group": "健康医疗",
    }

    # GET Service Definition: the center, then the item's questions as attributes
    definition = client.get(url("service-definition", "json", "YL01")).json()
    assert definition["service_code"] == "YL01"
    attributes = definition["attributes"]
    codes = [(a["code"], a["order"], a["datatype"], a["required"]) for a in attributes]
    assert codes == [
        ("center", 1, "singlevaluelist", False),
        ("hospital", 2, "singlevaluelist", True),
        ("date", 3, "datetime", False),
    ]
    center_values = definition["attributes"][0]["values"]
    assert {v["key"] for v in center_values} == {desk.center.slug, desk.other.slug}
    assert definition["attributes"][1]["values"][0] == {"key": "shili", "name": "市立医院"}

    # POST Service Request, form-encoded, with api_key
    response = post_form(
        client,
        "json",
        api_key=api_key,
        jurisdiction_id="qdlc.gov.cn",
        service_code="YL01",
        lat="36.1601",
        long="120.4331",
        address_string="李村社区3号楼",
        first_name="芳",
        last_name="王",
        phone="13912345678",
        email="wang@example.com",
        device_id="device-1",
        account_id="acct-7",
        description="腿脚不便，请代约号",
        **{"attribute[hospital]": "shili", "attribute[center]": desk.center.slug},
    )
    assert response.status_code == 201
    [created] = response.json()
    assert set(created) == {"service_request_id", "service_notice", "account_id"}
    assert created["account_id"] == "acct-7"
    reference = created["service_request_id"]
    filed = ServiceRequest.objects.get(reference=reference)
    assert (filed.name, filed.channel, filed.center, filed.answers) == (
        "王芳",
        "open311",
        desk.center,
        {"hospital": "shili"},
    )

    # GET Service Request: anyone may follow it; the filing partner also sees its description
    [public] = client.get(url("request", "json", reference)).json()
    assert list(public) == REQUEST_FIELDS
    assert public["status"] == "open"
    assert public["agency_responsible"] == desk.center.name
    assert public["requested_datetime"] == "2026-03-06T10:00:00+08:00"
    assert public["expected_datetime"] == "2026-03-09T23:59:59+08:00"
    assert public["description"] is None  # personal: not shown to the public
    assert public["address"] == desk.center.address
    [own] = client.get(url("request", "json", reference), {"api_key": api_key}).json()
    assert own["description"] == "腿脚不便，请代约号"
    assert own["address"] == "李村社区3号楼"

    # staff complete it: closed, with the time it was closed
    with time_machine.travel(datetime.datetime(2026, 3, 6, 15, 0, tzinfo=SHANGHAI), tick=False):
        complete(filed, center_staff)
    [closed] = client.get(url("request", "json", reference)).json()
    assert closed["status"] == "closed"
    assert closed["updated_datetime"] == "2026-03-06T15:00:00+08:00"
    assert closed["status_notes"]

    # GET Service Requests with the standard filters
    listed = client.get(
        url("requests", "json"),
        {
            "service_code": "YL01,JX01",
            "status": "closed",
            "start_date": "2026-03-01T00:00:00Z",
            "end_date": "2026-03-07T00:00:00+08:00",
        },
    ).json()
    assert [r["service_request_id"] for r in listed] == [reference]


@time_machine.travel(FRIDAY_MORNING, tick=False)
def test_every_resource_answers_in_xml_too(desk, api_key, client):
    discovery = xml_of(client.get(url("discovery", "xml")))
    assert discovery.tag == "discovery"
    assert [f.text for f in discovery.findall("endpoints/endpoint/formats/format")] == [
        "text/xml",
        "application/json",
    ]
    services = xml_of(client.get(url("service-list", "xml")))
    assert services.tag == "services"
    first = services.find("service")
    assert [child.tag for child in first] == [
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    ]
    assert first.findtext("metadata") == "true"
    definition = xml_of(client.get(url("service-definition", "xml", "JX01")))
    assert definition.tag == "service_definition"
    lamp = definition.findall("attributes/attribute")[1]
    assert lamp.findtext("code") == "lamp"
    assert lamp.findtext("required") == "true"
    assert [v.findtext("key") for v in lamp.findall("values/value")] == ["tube", "ceiling"]

    response = post_form(
        client,
        "xml",
        api_key=api_key,
        service_code="JX01",
        lat="36.1722",
        long="120.4529",  # nearest to the 九水 center
        address_string="九水路社区5号楼",
        last_name="赵",
        first_name="刚",
        phone="13812345678",
        **{"attribute[lamp]": "tube"},
    )
    assert response.status_code == 201
    created = xml_of(response)
    assert created.tag == "service_requests"
    reference = created.findtext("request/service_request_id")
    assert created.find("request/account_id") is not None
    assert ServiceRequest.objects.get(reference=reference).center == desk.other

    listed = xml_of(client.get(url("requests", "xml")))
    [request] = listed.findall("request")
    assert [child.tag for child in request] == REQUEST_FIELDS
    assert request.findtext("service_request_id") == reference
    assert request.findtext("status") == "open"
    single = xml_of(client.get(url("request", "xml", reference)))
    assert single.findtext("request/agency_responsible") == desk.other.name


def test_errors_are_the_specifications_list_of_code_and_description(desk, api_key, client):
    missing_key = post_form(client, "json", service_code="YL01", lat="36.16", long="120.43")
    assert missing_key.status_code == 403
    assert missing_key.json() == [{"code": 403, "description": "缺少 api_key 或 api_key 无效。"}]
    in_english = client.post(url("requests", "json"), HTTP_ACCEPT_LANGUAGE="en")
    assert in_english.json() == [{"code": 403, "description": "Missing or invalid api_key."}]

    wrong_key = post_form(client, "xml", api_key="lc_nope_nope", service_code="YL01")
    assert wrong_key.status_code == 403
    error = xml_of(wrong_key)
    assert error.tag == "errors"
    assert error.findtext("error/code") == "403"

    unknown = post_form(client, "json", api_key=api_key, service_code="ZZ99", lat="1", long="1")
    assert unknown.status_code == 404
    assert client.get(url("service-definition", "json", "ZZ99")).status_code == 404
    assert client.get(url("request", "json", "LJ-2222-2222")).status_code == 404

    no_code = post_form(client, "json", api_key=api_key, lat="36.16", long="120.43")
    assert no_code.status_code == 400

    no_location = post_form(client, "json", api_key=api_key, service_code="YL01", phone="1")
    assert no_location.status_code == 400
    assert "address_string" in no_location.json()[0]["description"]

    invalid = post_form(
        client,
        "json",
        api_key=api_key,
        service_code="YL01",
        lat="36.16",
        long="120.43",
        first_name="芳",
        phone="12345",
    )
    assert invalid.status_code == 400
    descriptions = [e["description"] for e in invalid.json()]
    assert any(d.startswith("phone:") for d in descriptions)
    assert any(d.startswith("attribute[hospital]:") for d in descriptions)
    assert all(e["code"] == 400 for e in invalid.json())

    closed = post_form(
        client,
        "json",
        api_key=api_key,
        service_code="JX01",
        address_string="书院社区",
        first_name="芳",
        last_name="王",
        phone="13912345678",
        **{"attribute[center]": desk.closed.slug, "attribute[lamp]": "tube"},
    )
    assert closed.status_code == 400
    assert "装修中" in closed.json()[0]["description"]
    assert not ServiceRequest.objects.exists()


def test_a_partner_that_does_not_file_requests_is_refused(desk, partners, client):
    response = post_form(
        client,
        "json",
        api_key=partners["hospital"].secret,
        service_code="YL01",
        lat="36.16",
        long="120.43",
    )
    assert response.status_code == 403
    assert not ServiceRequest.objects.exists()


def test_jurisdiction_id_is_optional_and_must_be_ours(desk, client):
    assert client.get(url("service-list", "json"), {"jurisdiction_id": ""}).status_code == 200
    ours = client.get(url("service-list", "json"), {"jurisdiction_id": "qdlc.gov.cn"})
    assert ours.status_code == 200
    other = client.get(url("service-list", "json"), {"jurisdiction_id": "sfgov.org"})
    assert other.status_code == 404
    assert "sfgov.org" in other.json()[0]["description"]


@time_machine.travel(FRIDAY_MORNING, tick=False)
def test_request_lists_default_to_ninety_days_and_refuse_longer_spans(desk, client):
    with time_machine.travel(datetime.datetime(2025, 11, 1, 9, 0, tzinfo=SHANGHAI), tick=False):
        old = file_request(desk.center, desk.booking)
    recent = file_request(desk.center, desk.booking)
    default = client.get(url("requests", "json")).json()
    assert [r["service_request_id"] for r in default] == [recent.reference]
    too_long = client.get(
        url("requests", "json"),
        {"start_date": "2025-10-01T00:00:00Z", "end_date": "2026-03-01T00:00:00Z"},
    )
    assert too_long.status_code == 400
    bad_date = client.get(url("requests", "json"), {"start_date": "yesterday"})
    assert bad_date.status_code == 400
    bad_status = client.get(url("requests", "json"), {"status": "pending"})
    assert bad_status.status_code == 400
    by_id = client.get(
        url("requests", "json"),
        {"service_request_id": f"{old.reference},{recent.reference}", "status": "closed"},
    ).json()  # service_request_id overrides every other argument
    assert {r["service_request_id"] for r in by_id} == {old.reference, recent.reference}


@time_machine.travel(FRIDAY_MORNING, tick=False)
def test_the_request_list_runs_a_fixed_number_of_queries(desk, center_staff, client):
    file_request(desk.center, desk.booking)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("requests", "xml")).status_code == 200
    for number in range(10):
        filed = file_request(desk.other if number % 2 else desk.center, desk.booking)
        if number % 3 == 0:
            actions.request_reject(service_request=filed, actor=center_staff, reason="重复")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url("requests", "xml")).status_code == 200
    # throttle counter, and the requests joined to their center, item and category
    assert len(many) == len(few) == 2


def test_other_methods_are_refused_in_the_asked_format(desk, client):
    response = client.post(url("service-list", "xml"))
    assert response.status_code == 405
    assert xml_of(response).findtext("error/code") == "405"
    assert response["Allow"] == "GET"


def test_the_service_list_runs_a_fixed_number_of_queries(desk, client):
    from tests.desk.factories import make_item

    with CaptureQueriesContext(connection) as few:
        assert client.get(url("service-list", "json")).status_code == 200
    for number in range(6):
        make_item(desk.lamp.category, f"T{number:02d}", centers=[desk.center])
    with CaptureQueriesContext(connection) as many:
        assert client.get(url("service-list", "json")).status_code == 200
    # throttle counter, the items with their categories, their questions, their open centers
    assert len(many) == len(few) == 4
