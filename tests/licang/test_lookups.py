"""``field__any``: one array parameter in place of one placeholder a value."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from licang.registry.models import Resident
from tests.factories import make_resident

pytestmark = pytest.mark.django_db


def test_any_finds_the_same_rows_as_in_with_one_parameter(district):
    wang = make_resident(district.licun_a, name="王伟")
    li = make_resident(district.licun_b, name="李娜")
    make_resident(district.jiushui_a, name="赵刚")
    numbers = {wang.id_number, li.id_number, "370213190001010000"}
    with CaptureQueriesContext(connection) as queries:
        found = set(Resident.objects.filter(id_number__any=numbers).values_list("pk", flat=True))
    assert found == set(Resident.objects.filter(id_number__in=numbers).values_list("pk", flat=True))
    assert found == {wang.pk, li.pk}
    assert "= ANY(" in queries[0]["sql"] and queries[0]["sql"].count("370213") <= len(numbers)


def test_any_follows_relations_and_matches_nothing_when_empty(district):
    wang = make_resident(district.licun_a, name="王伟")
    by_community = Resident.objects.filter(community__any=[district.licun_a.pk])
    assert list(by_community) == [wang]
    assert list(Resident.objects.filter(community_id__any=[district.licun_a.pk])) == [wang]
    assert not Resident.objects.filter(id_number__any=[]).exists()
