"""The free yearly health check: who qualifies on the check date, once a year, at the
institution's own sites."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from health import actions
from health.models import Budget, CheckSite, Checkup
from licang.errors import ConflictError
from licang.registry.actions import resident_save
from tests.factories import make_partner, make_resident
from tests.health.conftest import post

CHECKUPS = reverse("health-api:checkup-list")


def born_years_ago(years, on=datetime.date(2026, 6, 1), days=0):
    return on.replace(year=on.year - years) - datetime.timedelta(days=days)


def check(client, institution, resident, day="2026-06-01", site="licun-chc", **extra):
    body = {"id_number": resident.id_number, "check_date": day, "site": site, **extra}
    return post(client, CHECKUPS, institution, body)


def test_a_62_year_old_registered_elsewhere_is_refused(district, rules, site, institution, client):
    person = make_resident(
        district.licun_a, birth=born_years_ago(62), region="410102", registered_in_licang=False
    )
    response = check(client, institution, person)
    assert response.status_code == 409
    assert response.json()["code"] == "not_eligible"
    assert "2026-06-01时年满62周岁，户籍不在李沧区" in response.json()["detail"]
    assert not Checkup.objects.exists()


def test_a_66_year_old_registered_elsewhere_is_accepted(district, rules, site, institution, client):
    person = make_resident(
        district.licun_a, birth=born_years_ago(66), region="410102", registered_in_licang=False
    )
    response = check(client, institution, person, family_doctor_signed=True)
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["age_on_check"], body["age_band"]) == ("completed", 66, "65-79")
    assert body["registered_in_licang"] is False
    assert "65周岁及以上的辖区常住居民均可享受" in body["reason"]


def test_a_62_year_old_registered_in_licang_is_accepted(district, rules, site, institution, client):
    person = make_resident(district.licun_a, birth=born_years_ago(62), registered_in_licang=True)
    assert check(client, institution, person).status_code == 201


def test_a_second_check_in_the_same_year_is_refused(district, rules, site, institution, client):
    person = make_resident(district.licun_a, birth=born_years_ago(70))
    assert check(client, institution, person, "2026-03-01").status_code == 201
    again = check(client, institution, person, "2026-06-01")
    assert again.status_code == 409
    assert again.json()["code"] == "already_checked_this_year"
    assert "2026年已体检1次（每年1次）" in again.json()["detail"]
    assert Checkup.objects.count() == 1


def test_the_age_is_measured_on_the_check_date(district, rules, site, institution, client):
    # turns 65 on 2 June 2026; registered elsewhere, so only 65 makes the difference
    person = make_resident(
        district.licun_a,
        birth=datetime.date(1961, 6, 2),
        region="410102",
        registered_in_licang=False,
    )
    assert check(client, institution, person, "2026-06-01").status_code == 409
    assert check(client, institution, person, "2026-06-02").status_code == 201


def test_a_later_registry_edit_does_not_change_a_past_decision(
    district, rules, site, institution, client, health_staff
):
    person = make_resident(district.licun_a, birth=born_years_ago(62), registered_in_licang=True)
    done = check(client, institution, person).json()
    person.registered_in_licang = False
    resident_save(resident=person)
    detail = client.get(reverse("health-api:checkup-detail", args=[done["id"]]), **institution.auth)
    assert detail.json()["registered_in_licang"] is True
    assert "户籍在李沧区" in detail.json()["reason"]


def test_a_booking_is_completed_or_cancelled(district, rules, site, institution, client):
    person = make_resident(district.licun_a, birth=born_years_ago(70))
    booked = check(client, institution, person, "2026-06-20", status="booked").json()
    assert booked["status"] == "booked"
    assert check(client, institution, person, "2026-06-10").status_code == 409  # the booking counts
    cancel = reverse("health-api:checkup-cancellation", args=[booked["id"]])
    assert post(client, cancel, institution, {}).json()["status"] == "cancelled"

    rebooked = check(client, institution, person, "2026-06-12", status="booked").json()
    completion = reverse("health-api:checkup-completion", args=[rebooked["id"]])
    done = post(client, completion, institution, {"check_date": "2026-06-14"})
    assert done.status_code == 200
    assert (done.json()["status"], done.json()["check_date"]) == ("completed", "2026-06-14")
    assert post(client, completion, institution, {}).status_code == 409
    budget = Budget.objects.get(program="checkup", year=2026)
    assert (budget.committed, budget.paid) == (Decimal("100.00"), Decimal("100.00"))


def test_a_completed_check_cannot_be_in_the_future(district, rules, site, institution, client):
    person = make_resident(district.licun_a, birth=born_years_ago(70))
    response = check(client, institution, person, "2026-06-16")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "check_date"


def test_an_institution_records_only_at_its_own_sites(district, rules, site, institution, client):
    other, _token, _secret = make_partner("health_institution", name="民营体检中心")
    actions.check_site_save(
        site=CheckSite(code="private-1", name="民营体检中心", ownership="private", partner=other)
    )
    person = make_resident(district.licun_a, birth=born_years_ago(70))
    response = check(client, institution, person, site="private-1")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "site"
    assert check(client, institution, person, site="nowhere").status_code == 400


def test_an_institution_sees_only_checks_at_its_own_sites(
    district, rules, site, institution, client
):
    other_partner, _token, other_secret = make_partner("health_institution", name="另一中心")
    actions.check_site_save(
        site=CheckSite(code="other", name="另一中心", ownership="public", partner=other_partner)
    )
    mine = check(client, institution, make_resident(district.licun_a, birth=born_years_ago(70)))
    person = make_resident(district.licun_b, birth=born_years_ago(71), name="他")
    theirs = post(
        client,
        CHECKUPS,
        other_secret,
        {"id_number": person.id_number, "check_date": "2026-06-01", "site": "other"},
    )
    assert theirs.status_code == 201
    listed = [c["id"] for c in client.get(CHECKUPS, **institution.auth).json()["results"]]
    assert listed == [mine.json()["id"]]
    detail = reverse("health-api:checkup-detail", args=[theirs.json()["id"]])
    assert client.get(detail, **institution.auth).status_code == 404


@pytest.mark.parametrize("kind", ["insurer", "hospital", "caterer"])
def test_other_partners_cannot_record_or_read_checks(district, rules, partners, kind, client):
    person = make_resident(district.licun_a, birth=born_years_ago(70))
    body = {"id_number": person.id_number, "check_date": "2026-06-01", "site": "x"}
    assert post(client, CHECKUPS, partners[kind], body).status_code == 403
    assert client.get(CHECKUPS, **partners[kind].auth).status_code == 403


def test_the_check_list_filters_by_date_and_status(district, rules, site, institution, client):
    for i, day in enumerate(["2026-02-01", "2026-04-01", "2026-06-01"]):
        check(
            client, institution, make_resident(district.licun_a, birth=born_years_ago(70 + i)), day
        )
    check(
        client,
        institution,
        make_resident(district.licun_a, birth=born_years_ago(80)),
        "2026-06-30",
        status="booked",
    )

    def dates(**params):
        results = client.get(CHECKUPS, params, **institution.auth).json()["results"]
        return sorted(c["check_date"] for c in results)

    assert dates(date_from="2026-03-01", status="completed") == ["2026-04-01", "2026-06-01"]
    assert dates(date_to="2026-03-01") == ["2026-02-01"]
    assert dates(status="booked") == ["2026-06-30"]


def test_the_check_list_runs_a_fixed_number_of_queries(district, rules, site, institution, client):
    check(client, institution, make_resident(district.licun_a, birth=born_years_ago(70)))
    with CaptureQueriesContext(connection) as few:
        assert client.get(CHECKUPS, **institution.auth).status_code == 200
    for i in range(6):
        person = make_resident(district.licun_b, birth=born_years_ago(66 + i), name=f"老人{i}")
        check(client, institution, person)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(CHECKUPS, **institution.auth).json()["results"]) == 7
    # token, throttle counter, count, page of checks joined to resident, community and site
    assert len(many) == len(few) == 4


def test_staff_record_checks_through_the_same_action(district, rules, site, health_staff):
    person = make_resident(district.licun_a, birth=born_years_ago(70))
    actions.checkup_record(resident=person, site=site, check_date=datetime.date(2026, 5, 1))
    with pytest.raises(ConflictError) as info:
        actions.checkup_record(resident=person, site=site, check_date=datetime.date(2026, 5, 2))
    assert info.value.code == "already_checked_this_year"


def test_a_retried_check_with_the_same_key_is_recorded_once(
    district, rules, site, institution, client
):
    person = make_resident(district.licun_a, birth=born_years_ago(70))
    body = {"id_number": person.id_number, "check_date": "2026-06-01", "site": site.code}
    first = post(client, CHECKUPS, institution, body, HTTP_IDEMPOTENCY_KEY="visit-1")
    retry = post(client, CHECKUPS, institution, body, HTTP_IDEMPOTENCY_KEY="visit-1")
    assert first.status_code == retry.status_code == 201
    assert retry.json()["id"] == first.json()["id"]
    assert Checkup.objects.count() == 1
    changed = post(
        client,
        CHECKUPS,
        institution,
        {**body, "check_date": "2026-06-02"},
        HTTP_IDEMPOTENCY_KEY="visit-1",
    )
    assert changed.status_code == 409
    assert changed.json()["code"] == "idempotency_key_reused"
