"""Finding residents: by characters (partial), full pinyin and initials, by the last digits of the
ID number or phone, by community and flags; masked results within the staff member's scope, in
the admin and in the staff API."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from licang.registry.models import Resident
from tests import factories
from tests.conftest import login

LIST = reverse("admin:registry_resident_changelist")
API = reverse("registry-api:resident-list")


@pytest.fixture
def zhang_san(district: Any) -> Resident:
    return factories.make_resident(
        district.licun_a, name="张三", birth=datetime.date(1956, 4, 18), phone="13853207788"
    )


@pytest.fixture
def others(district: Any) -> dict[str, Resident]:
    return {
        "li": factories.make_resident(district.licun_b, name="李秀英", phone="13912340000"),
        "zhang_sanfeng": factories.make_resident(
            district.licun_c, name="张三丰", phone="13700001111"
        ),
        "zeng": factories.make_resident(district.licun_a, name="曾祥", phone="13600002222"),
        # another subdistrict's 张三
        "jiushui_zhang": factories.make_resident(
            district.jiushui_a, name="张三", phone="13853209999"
        ),
    }


def found(client: Any, term: str, **filters: str) -> set[str]:
    response = client.get(LIST, {"q": term, **filters})
    assert response.status_code == 200
    return {r.id_number for r in response.context["cl"].result_list}


def test_zs_and_zhang_find_zhang_san_within_scope(licun_staff, zhang_san, others):
    client = login(licun_staff)
    for term in ["zs", "zhang", "zhangsan", "ZS", "张三", "张"]:
        assert zhang_san.id_number in found(client, term), term
        assert others["jiushui_zhang"].id_number not in found(client, term), term
    assert found(client, "zhangsan") == {zhang_san.id_number, others["zhang_sanfeng"].id_number}
    # initials start the reading: 张三丰 (zsf) too
    assert found(client, "zs") == {zhang_san.id_number, others["zhang_sanfeng"].id_number}
    assert found(client, "zsf") == {others["zhang_sanfeng"].id_number}


def test_a_subdistrict_staff_member_never_gets_another_subdistricts_resident(
    jiushui_staff, zhang_san, others
):
    client = login(jiushui_staff)
    for term in ["zs", "zhang", "张三", zhang_san.id_number[-4:], zhang_san.phone[-6:]]:
        assert zhang_san.id_number not in found(client, term), term
    assert found(client, "zs") == {others["jiushui_zhang"].id_number}
    assert found(client, "zhangsan") == {others["jiushui_zhang"].id_number}


def test_a_part_of_a_name_in_characters_finds_it(licun_staff, zhang_san, others):
    client = login(licun_staff)
    assert found(client, "秀英") == {others["li"].id_number}
    assert found(client, "秀") == {others["li"].id_number}  # the middle character too
    assert found(client, "李秀英") == {others["li"].id_number}
    assert found(client, "三") == {zhang_san.id_number, others["zhang_sanfeng"].id_number}
    assert found(client, "三丰") == {others["zhang_sanfeng"].id_number}


def test_a_surname_read_two_ways_is_found_by_either_reading(licun_staff, others):
    client = login(licun_staff)
    assert others["zeng"].id_number in found(client, "zx")
    assert others["zeng"].id_number in found(client, "cx")  # 曾 read Ceng
    assert others["zeng"].id_number in found(client, "zengxiang")


def test_the_last_digits_of_the_id_number_or_phone_find_the_resident(
    licun_staff, zhang_san, others
):
    client = login(licun_staff)
    assert found(client, zhang_san.id_number[-4:]) >= {zhang_san.id_number}
    assert found(client, zhang_san.id_number[-6:]) == {zhang_san.id_number}
    assert found(client, "7788") == {zhang_san.id_number}
    assert found(client, "207788") == {zhang_san.id_number}
    assert found(client, zhang_san.phone) == {zhang_san.id_number}
    assert found(client, zhang_san.id_number) == {zhang_san.id_number}
    assert found(client, "788") == set()  # fewer than four digits: too many share them


def test_a_final_x_of_an_id_number_is_found_in_either_case(licun_staff, district):
    birth = datetime.date(1959, 9, 2)
    resident = Resident.objects.get(
        pk=factories.make_resident(district.licun_a, name="李桂兰", birth=birth, male=False).pk
    )
    number = "37021319590902002X"
    Resident.objects.filter(pk=resident.pk).update(id_number=number)
    client = login(licun_staff)
    assert found(client, "002x") == {number}
    assert found(client, "02002X") == {number}


def test_words_of_a_search_must_all_match(licun_staff, zhang_san, others):
    client = login(licun_staff)
    assert found(client, "张 7788") == {zhang_san.id_number}
    assert found(client, "zhang 1111") == {others["zhang_sanfeng"].id_number}


def test_residents_are_filtered_by_community_and_flags(licun_staff, zhang_san, others, district):
    Resident.objects.filter(pk=zhang_san.pk).update(limited_mobility=True)
    client = login(licun_staff)
    assert found(client, "zhang", community=str(district.licun_c.pk)) == {
        others["zhang_sanfeng"].id_number
    }
    assert found(client, "", limited_mobility__exact="1") == {zhang_san.id_number}
    # the community filter offers the communities of the staff member's scope only
    response = client.get(LIST)
    choices = {
        c["display"]
        for f in response.context["cl"].filter_specs
        for c in f.choices(response.context["cl"])
    }
    assert district.licun_a.name in choices and district.jiushui_a.name not in choices


def test_search_results_are_masked(center_staff, licun_staff, zhang_san):
    for staff in (center_staff, licun_staff):
        body = login(staff).get(LIST, {"q": "zs"}).content.decode()
        assert zhang_san.masked_id_number in body and zhang_san.masked_phone in body
        assert zhang_san.id_number not in body and zhang_san.phone not in body


def test_the_staff_api_offers_the_same_search(licun_staff, jiushui_staff, zhang_san, others):
    rows = login(licun_staff).get(API, {"q": "zhangsan"}).json()["results"]
    assert {row["name"] for row in rows} == {"张三", "张三丰"}
    row = next(row for row in rows if row["name"] == "张三")
    assert (row["id_number"], row["phone"]) == (zhang_san.masked_id_number, zhang_san.masked_phone)
    assert login(licun_staff).get(API, {"q": "7788"}).json()["count"] == 1
    body = login(jiushui_staff).get(API, {"q": "zhangsan"}).json()
    assert [row["id"] for row in body["results"]] == [str(others["jiushui_zhang"].public_id)]


def test_the_search_box_explains_what_it_takes(licun_staff, zhang_san):
    body = login(licun_staff).get(LIST).content.decode()
    assert "zhangsan" in body and "后4位" in body
