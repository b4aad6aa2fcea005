"""The eligibility service: one answer for staff, partners and residents, with reasons."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from health import actions, eligibility
from health.models import CataractRule, CheckupRule
from tests.conftest import login
from tests.factories import id_number_for, make_resident
from tests.health.conftest import post

API = reverse("health-api:eligibility")
PAGE = reverse("health:eligibility")


def test_the_service_explains_each_program(rules):
    facts = eligibility.Facts(
        on_date=datetime.date(2026, 6, 1),
        birth_date=datetime.date(1963, 1, 1),
        registered_in_licang=False,
        special_family_planning=True,
    )
    insurance, checkup, cataract = eligibility.evaluate(facts)
    assert not insurance.eligible
    assert not checkup.eligible
    with translation.override("en"):
        assert "registration is not in Licang" in insurance.reason
        assert "Aged 63 on 2026-06-01 without household registration" in checkup.reason
    with translation.override("zh-hans"):
        assert "2026-06-01时年满63周岁，户籍不在李沧区" in checkup.reason
    assert not cataract.eligible
    assert checkup.rule == {
        "model": "health.checkuprule",
        "year": 2026,
        "version": 1,
        "values": checkup.rule["values"],
    }
    assert checkup.as_json()["facts"]["age"] == 63


def test_a_year_without_rules_is_explained(db):
    facts = eligibility.Facts(
        on_date=datetime.date(2031, 6, 1),
        birth_date=datetime.date(1950, 1, 1),
        registered_in_licang=True,
        special_family_planning=True,
    )
    with translation.override("en"):
        assert all(
            d.reason == "No rules for this program have been set for 2031 yet."
            for d in eligibility.evaluate(facts)
        )


def test_staff_see_all_three_programs_with_what_to_bring(district, rules, staff_token, client):
    elder = make_resident(
        district.licun_a,
        birth=datetime.date(1962, 1, 1),
        registered_in_licang=True,
        special_family_planning=True,
    )
    response = post(
        client, API, staff_token, {"id_number": elder.id_number}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["id_number"] == elder.masked_id_number
    assert (body["in_registry"], body["on_date"], body["age"]) == (True, "2026-06-15", 64)
    programs = {p["program"]: p for p in body["programs"]}
    assert list(programs) == ["insurance", "checkup", "cataract"]
    assert all(p["eligible"] for p in programs.values())
    assert "household register book (户口本)" in programs["checkup"]["bring"]
    assert "Insured" not in programs["insurance"]["reason"]
    assert "has no policy for 2026 yet" in programs["insurance"]["reason"]
    assert programs["checkup"]["rule"] == {"year": 2026, "version": 1}


def test_a_past_check_and_a_treated_eye_count(district, rules, site, hospital, staff_token, client):
    elder = make_resident(
        district.licun_a, birth=datetime.date(1950, 1, 1), registered_in_licang=True
    )
    actions.checkup_record(resident=elder, site=site, check_date=datetime.date(2026, 3, 1))
    for eye in ["left", "right"]:
        actions.cataract_case_file(
            resident=elder,
            hospital=hospital.partner,
            eye=eye,
            surgery_date=datetime.date(2026, 4, 1),
            indication_confirmed=True,
            consent_confirmed=True,
        )
    body = post(
        client, API, staff_token, {"id_number": elder.id_number}, HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    programs = {p["program"]: p for p in body["programs"]}
    assert not programs["checkup"]["eligible"]
    assert "Already had 1 of 1 free checks in 2026" in programs["checkup"]["reason"]
    assert not programs["cataract"]["eligible"]
    assert programs["cataract"]["bring"] == []


@pytest.mark.parametrize(
    ("kind", "programs"),
    [
        ("insurer", ["insurance"]),
        ("hospital", ["cataract"]),
        ("health_institution", ["checkup"]),
    ],
)
def test_a_partner_sees_only_its_own_program(district, rules, partners, client, kind, programs):
    elder = make_resident(district.licun_a, birth=datetime.date(1950, 1, 1))
    body = post(client, API, partners[kind], {"id_number": elder.id_number}).json()
    assert [p["program"] for p in body["programs"]] == programs


def test_other_partners_may_not_ask(district, rules, partners, client):
    elder = make_resident(district.licun_a)
    for kind in ["caterer", "social_organisation", "registration_agent"]:
        assert post(client, API, partners[kind], {"id_number": elder.id_number}).status_code == 403


def test_someone_not_in_the_registry_is_told_why(rules, partners, client):
    stranger = id_number_for(datetime.date(1950, 1, 1), region="110105")
    response = post(
        client,
        API,
        partners["health_institution"],
        {"id_number": stranger, "on_date": "2026-03-01"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    body = response.json()
    assert (body["in_registry"], body["age"], body["on_date"]) == (False, 76, "2026-03-01")
    assert body["programs"][0]["eligible"] is False
    assert "not in Licang's resident registry" in body["programs"][0]["reason"]
    assert stranger not in response.content.decode()


def test_the_answer_follows_accept_language(district, rules, staff_token, client):
    elder = make_resident(district.licun_a, birth=datetime.date(1950, 1, 1))
    body = post(
        client, API, staff_token, {"id_number": elder.id_number}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).json()
    assert body["programs"][1]["name"] == "老年人免费健康体检"
    assert "周岁" in body["programs"][1]["reason"]


def public_answer(client, language=None, **params):
    query = {
        "birth_date": "1961-01-01",
        "registered_in_licang": "no",
        "special_family": "no",
        **params,
    }
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    return client.get(PAGE, query, **headers)


def test_the_public_page_answers_in_chinese_by_default(rules, client):
    response = public_answer(client)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="zh-Hans">' in page
    assert "我可以享受哪些健康补贴？" in page
    assert "老年人免费健康体检：您可以申请" in page
    assert "住院护理补贴保险：暂不符合条件" in page
    assert "身份证" in page


def test_the_public_page_answers_in_english(rules, client):
    page = public_answer(client, "en", registered_in_licang="yes").content.decode()
    assert '<html lang="en">' in page
    assert "Which health programs can I use?" in page
    assert "Free health check for elders: you can use it" in page
    assert "Cataract-surgery aid: you can use it" in page
    assert "Hospital-accompany insurance: not for you" in page


def test_the_public_page_stores_nothing(rules, client):
    client.cookies["django_language"] = "en"
    with CaptureQueriesContext(connection) as queries:
        assert public_answer(client, on_date="2026-01-01").status_code == 200
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert "sessionid" not in client.cookies


def test_the_public_page_explains_missing_answers(rules, client):
    page = client.get(PAGE, {"birth_date": "", "registered_in_licang": "yes"}).content.decode()
    assert "请填写您的出生日期。" in page
    assert "请选择您是否为计划生育特殊家庭的父母。" in page
    assert "请选择您的户籍是否在李沧区。" not in page  # that one was answered
    assert "该字段是必填项。" not in page


def test_an_empty_public_form_names_each_missing_answer(rules, client):
    client.cookies["django_language"] = "en"
    page = client.get(PAGE, {"birth_date": "", "on_date": ""}).content.decode()
    assert "Enter your date of birth." in page
    assert "Say whether your household registration is in Licang." in page
    assert "Say whether you are the parent in a special family-planning family." in page
    assert "This field is required." not in page


def test_the_public_page_speaks_of_what_the_visitor_said_not_of_records(rules, client):
    page = public_answer(
        client, registered_in_licang="yes", special_family="yes", on_date="2026-07-01"
    ).content.decode()
    assert "如果您如所填是计划生育特殊家庭" in page
    assert "已登记为" not in page and "登记为计划生育" not in page
    # it stores nothing and looks nothing up, so it cannot know what is left of the year
    assert "还剩" not in page
    assert "每人每年可免费体检1次" in page
    # "you qualify" and "no policy yet" come with the step between: the district insures
    assert "住院护理补贴保险：您符合参保条件" in page
    assert "这项保险无需个人申请：区里每年为登记在册的计划生育特殊家庭统一投保" in page
    assert "尚未参保" not in page  # the service's own sentence for staff


def test_the_public_page_in_english_says_if_you_are(rules, client):
    page = public_answer(
        client, "en", registered_in_licang="yes", special_family="yes", on_date="2026-07-01"
    ).content.decode()
    assert "If you are a parent of a special family-planning family" in page
    assert "Recorded as" not in page
    assert " left in 2026" not in page
    assert "Hospital-accompany insurance: you qualify to be insured" in page
    assert "You do not apply for this insurance yourself" in page


def test_staff_check_a_residents_eligibility_from_the_admin(
    district, rules, health_staff, licun_staff
):
    elder = make_resident(district.licun_a, birth=datetime.date(1950, 1, 1))
    far_away = make_resident(district.jiushui_a, birth=datetime.date(1950, 1, 1), name="九水")
    client = login(health_staff)
    change_page = client.get(reverse("admin:registry_resident_change", args=[elder.pk]))
    link = reverse("health:staff-eligibility", args=[elder.public_id])
    assert link in change_page.content.decode()
    page = client.get(link)
    assert page.status_code == 200
    assert [d["label"] for d in page.context["decisions"]] == [
        "住院护理补贴保险",
        "老年人免费健康体检",
        "白内障手术补助",
    ]
    scoped = login(licun_staff)
    assert scoped.get(link).status_code == 200
    other = reverse("health:staff-eligibility", args=[far_away.public_id])
    assert scoped.get(other).status_code == 404


def test_rules_are_edited_in_the_admin(rules, health_staff):
    client = login(health_staff)
    response = client.post(
        reverse("admin:health_checkuprule_add"),
        {
            "year": 2027,
            "min_age_anyone": 65,
            "min_age_registered": 60,
            "checks_per_year": 1,
            "target": 120,
            "fee_per_check": "150.00",
            "oldest_band_from": 80,
            "note": "",
        },
    )
    assert response.status_code == 302
    assert CheckupRule.objects.get(year=2027).fee_per_check == 150
    response = client.post(
        reverse("admin:health_cataractrule_change", args=[rules["cataract"].pk]),
        {"year": 2026, "subsidy_per_case": "1500.00", "requires_licang_registration": "on"},
    )
    assert response.status_code == 302
    assert CataractRule.objects.get(year=2026).version == 2
