"""The health programs' admin: every changelist keeps a fixed number of queries, writes go
through the actions, and the staff pages beside it."""

import datetime
import itertools
import uuid
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from health import actions
from health.models import (
    Budget,
    CataractRule,
    CheckSite,
    Checkup,
    CheckupRule,
    HospitalDesignation,
    InsuranceClaim,
    InsurancePolicy,
    InsuranceRule,
    SpecialFamily,
)
from tests.conftest import login
from tests.factories import make_household, make_partner, make_resident
from tests.health.conftest import make_insured

serial = itertools.count(1)


def elder(district, **fields):
    n = next(serial)
    fields.setdefault("registered_in_licang", True)
    return make_resident(
        district.licun_a if n % 2 else district.jiushui_a,
        birth=datetime.date(1940, 1, 1) + datetime.timedelta(days=n),
        name=f"老人{n}",
        **fields,
    )


def add_rule(model):
    def build(ctx):
        actions.rule_save(rule=model(year=2030 + next(serial)))

    return build


def add_budget(ctx):
    actions.budget_save(
        budget=Budget(program="insurance", year=2030 + next(serial), amount=Decimal("1000.00"))
    )


def add_override(ctx):
    budget = Budget.objects.get(program="insurance", year=2026)
    actions.budget_override(
        budget=budget,
        by=ctx["district_admin"],
        amount=budget.amount + 1,
        subject="测试",
        subject_id=uuid.uuid4(),
        reason="测试",
    )


def add_designation(ctx):
    partner, _token, _secret = make_partner("hospital")
    actions.designation_save(
        designation=HospitalDesignation(partner=partner, valid_from=datetime.date(2026, 1, 1))
    )


def add_site(ctx):
    n = next(serial)
    actions.check_site_save(
        site=CheckSite(
            code=f"site-{n}",
            name=f"站点{n}",
            ownership="private",
            partner=ctx["site"].partner,
            subdistrict=ctx["district"].licun_a.subdistrict,
        )
    )


def add_checkup(ctx):
    actions.checkup_record(
        resident=elder(ctx["district"]), site=ctx["site"], check_date=datetime.date(2026, 5, 1)
    )


def add_family(ctx):
    actions.special_family_save(
        family=SpecialFamily(
            household=make_household(ctx["district"].licun_a), situation="child_died"
        )
    )


def add_policy(ctx):
    make_insured(ctx["district"].licun_a, ctx["insurer"], name=f"参保{next(serial)}")


def add_claim(ctx):
    person = make_insured(ctx["district"].licun_b, ctx["insurer"], name=f"理赔{next(serial)}")
    claim = actions.claim_submit(
        resident=person, claim_type="hospital_care", incident_date=datetime.date(2026, 3, 1), days=3
    )
    actions.claim_approve(claim=claim, by=ctx["district_admin"])


def add_case(ctx):
    case = actions.cataract_case_file(
        resident=elder(ctx["district"]),
        hospital=ctx["hospital"].partner,
        eye="left",
        surgery_date=datetime.date(2026, 5, 1),
        indication_confirmed=True,
        consent_confirmed=True,
    )
    actions.cataract_case_approve(case=case, by=ctx["district_admin"])


BUILDERS = {
    "insurancerule": add_rule(InsuranceRule),
    "checkuprule": add_rule(CheckupRule),
    "cataractrule": add_rule(CataractRule),
    "budget": add_budget,
    "budgetoverride": add_override,
    "hospitaldesignation": add_designation,
    "checksite": add_site,
    "usageledger": add_checkup,
    "specialfamily": add_family,
    "insurancepolicy": add_policy,
    "insuranceclaim": add_claim,
    "checkup": add_checkup,
    "cataractcase": add_case,
}


@pytest.mark.parametrize("model", list(BUILDERS))
def test_every_changelist_runs_a_fixed_number_of_queries(
    model, district, rules, site, insurer, hospital, district_admin
):
    ctx = {
        "district": district,
        "site": site,
        "insurer": insurer,
        "hospital": hospital,
        "district_admin": district_admin,
    }
    BUILDERS[model](ctx)
    client = login(district_admin)
    url = reverse(f"admin:health_{model}_changelist")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(5):
        BUILDERS[model](ctx)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.context["cl"].result_count >= 6
    # session, user, permissions, the filters' choices, count(s) and one page of rows with
    # their related rows joined: the same however many rows there are
    assert len(many) == len(few), [q["sql"][:120] for q in many]


def test_staff_record_a_check_in_the_admin_through_the_action(district, rules, site, health_staff):
    person = elder(district)
    client = login(health_staff)
    url = reverse("admin:health_checkup_add")
    body = {"resident": person.pk, "site": site.pk, "check_date": "2026-05-01"}
    assert client.post(url, body).status_code == 302
    checkup = Checkup.objects.get()
    assert (checkup.age_on_check, checkup.status) == (
        person.age_on(datetime.date(2026, 5, 1)),
        "completed",
    )
    second = client.post(url, {**body, "check_date": "2026-05-02"}, follow=True)
    assert Checkup.objects.count() == 1
    assert any("已体检1次" in str(m) for m in second.context["messages"])


def test_staff_submit_a_claim_in_the_admin_and_see_the_decision(
    district, rules, insurer, health_staff
):
    person = make_insured(district.licun_a, insurer)
    client = login(health_staff)
    policy = InsurancePolicy.objects.get(resident=person)
    response = client.post(
        reverse("admin:health_insuranceclaim_add"),
        {
            "policy": policy.pk,
            "claim_type": "hospital_care",
            "incident_date": "2026-03-01",
            "admission_date": "2026-03-01",
            "discharge_date": "2026-03-08",
        },
    )
    assert response.status_code == 302
    claim = InsuranceClaim.objects.get()
    assert (claim.days, claim.amount_payable) == (7, Decimal("1400.00"))
    page = client.get(reverse("admin:health_insuranceclaim_change", args=[claim.pk]))
    assert reverse("admin:health_insuranceclaim_review", args=[claim.pk]) in page.content.decode()
    assert "第1版" in page.content.decode()


def test_only_a_hospital_can_be_designated(db, health_staff):
    caterer, _token, _secret = make_partner("caterer")
    response = login(health_staff).post(
        reverse("admin:health_hospitaldesignation_add"),
        {"partner": caterer.pk, "valid_from": "2026-01-01"},
    )
    assert not HospitalDesignation.objects.exists()
    assert response.status_code in {200, 302}


def test_staff_without_a_health_role_cannot_open_the_programs(district, rules, housing_staff):
    client = login(housing_staff)
    assert client.get(reverse("admin:health_insuranceclaim_changelist")).status_code == 403
    assert client.get(reverse("health:staff-figures")).status_code == 403


def test_the_figures_page_for_staff(district, rules, health_staff):
    response = login(health_staff).get(reverse("health:staff-figures"), {"year": 2026})
    assert response.status_code == 200
    assert response.context["figures"]["checkups"]["target"] == 10


@pytest.mark.parametrize("model", list(BUILDERS))
def test_every_add_and_change_page_opens(
    model, district, rules, site, insurer, hospital, district_admin, health_staff
):
    ctx = {
        "district": district,
        "site": site,
        "insurer": insurer,
        "hospital": hospital,
        "district_admin": district_admin,
    }
    BUILDERS[model](ctx)
    obj = apps.get_model("health", model).objects.order_by("-pk").first()
    client = login(district_admin)
    assert client.get(reverse(f"admin:health_{model}_change", args=[obj.pk])).status_code == 200
    add = client.get(reverse(f"admin:health_{model}_add"))
    assert add.status_code in {200, 403}  # ledgers and overrides are written by actions only


def test_health_staff_pick_hospitals_with_the_partner_search(hospital, health_staff):
    response = login(health_staff).get(
        reverse("admin:autocomplete"),
        {
            "app_label": "health",
            "model_name": "hospitaldesignation",
            "field_name": "partner",
            "term": hospital.partner.name[:4],
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == [hospital.partner.name]


def test_posting_a_claims_change_page_changes_nothing(insured, health_staff):
    claim = actions.claim_submit(
        resident=insured,
        claim_type="hospital_care",
        incident_date=datetime.date(2026, 3, 1),
        days=3,
    )
    response = login(health_staff).post(
        reverse("admin:health_insuranceclaim_change", args=[claim.pk]), {}, follow=True
    )
    assert InsuranceClaim.objects.count() == 1
    assert any("只能通过" in str(m) for m in response.context["messages"])


def test_the_staff_index_lists_the_pages_a_health_staff_member_may_open(district, health_staff):
    response = login(health_staff).get(reverse("health:staff-index"))
    assert response.status_code == 200
    urls = [page["url"] for page in response.context["pages"]]
    assert f"{reverse('health:staff-outreach')}?list=checkup" in urls
    assert f"{reverse('health:staff-outreach')}?list=insurance" in urls
    assert reverse("health:staff-figures") in urls
    assert reverse("admin:registry_resident_changelist") in urls  # eligibility: from the resident
    assert "卫健工作页" in response.content.decode()


def test_the_staff_index_offers_a_housing_officer_no_health_page(district, housing_staff):
    response = login(housing_staff).get(reverse("health:staff-index"))
    assert response.status_code == 200
    assert [page["title"] for page in response.context["pages"]] == ["健康补贴：资格查询"]


def test_the_staff_index_is_for_staff_only(client, resident):
    response = client.get(reverse("health:staff-index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_admin_links_the_health_staff_pages_in_the_health_section(district, health_staff):
    page = login(health_staff).get(reverse("admin:index")).content.decode()
    section = page[page.index('class="app-health') :]
    section = section[: section.index("</table>")]
    for url in ["health:staff-index", "health:staff-outreach", "health:staff-figures"]:
        assert f'href="{reverse(url)}"' in section


def test_the_claims_list_keeps_dates_amounts_and_id_numbers_on_one_line(insured, health_staff):
    actions.claim_submit(
        resident=insured,
        claim_type="hospital_care",
        incident_date=datetime.date(2026, 3, 1),
        admission_date=datetime.date(2026, 3, 1),
        discharge_date=datetime.date(2026, 3, 8),
    )
    page = login(health_staff).get(reverse("admin:health_insuranceclaim_changelist"))
    shown = page.content.decode()
    assert "#result_list .field-submitted_on" in shown and "white-space: nowrap" in shown
    assert "@media (max-width: 767px)" in shown
    assert "提交日期" in shown
