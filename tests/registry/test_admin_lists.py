"""Every admin changelist runs the same number of queries however many rows it shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from licang.actions import token_issue
from licang.models import Partner
from licang.registry.models import StaffProfile
from tests import factories
from tests.conftest import login


def more_communities(district, n):
    for _ in range(n):
        factories.make_community("jiushui")


def more_households(district, n):
    for _ in range(n):
        household = factories.make_household(district.licun_a)
        factories.make_resident(district.licun_a, household=household)


def more_partners(district, n):
    for _ in range(n):
        factories.make_partner(Partner.Kind.HOSPITAL)


def more_tokens(district, n):
    partner, _, _ = factories.make_partner(Partner.Kind.INSURER)
    for _ in range(n):
        token_issue(partner=partner)


def more_staff(district, n):
    for _ in range(n):
        factories.make_staff(
            factories.unique("staff"),
            StaffProfile.Role.SUBDISTRICT_STAFF,
            subdistrict_code="licun",
        )


def more_centers(district, n):
    for _ in range(n):
        factories.make_center("licun", [district.licun_a, district.licun_c])


CASES = {
    "registry_community": more_communities,
    "registry_household": more_households,
    "registry_subdistrict": lambda district, n: None,
    "centers_center": more_centers,
    "registry_staffprofile": more_staff,
    "licang_partner": more_partners,
    "licang_apitoken": more_tokens,
}


@pytest.mark.parametrize("changelist", sorted(CASES))
def test_the_changelist_query_count_does_not_grow_with_rows(changelist, district, district_admin):
    client = login(district_admin)
    url = reverse(f"admin:{changelist}_changelist")
    CASES[changelist](district, 1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    CASES[changelist](district, 12)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    # session, user, permissions, staff profile, filter choices, counts and one page query
    # (with its joins and prefetches): the same whatever the number of rows
    assert len(many) == len(few)
