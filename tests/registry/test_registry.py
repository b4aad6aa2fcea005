import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from licang.registry import actions
from licang.registry.models import Resident
from tests.factories import id_number_for, make_household, make_resident


def test_registering_derives_birth_date_and_sex_from_the_id_number(district):
    resident = make_resident(district.licun_a, birth=datetime.date(1958, 7, 1), male=False)
    resident.refresh_from_db()
    assert resident.birth_date == datetime.date(1958, 7, 1)
    assert resident.sex == Resident.Sex.FEMALE


def test_a_lower_case_x_is_stored_as_upper_case(district):
    number = "11010519491231002x"
    resident = actions.resident_save(
        resident=Resident(name="王芳", id_number=number, community=district.licun_a)
    )
    resident.refresh_from_db()
    assert resident.id_number == "11010519491231002X"


def test_an_id_number_is_registered_once(district):
    resident = make_resident(district.licun_a)
    with pytest.raises(ValidationError) as info:
        actions.resident_save(
            resident=Resident(name="重复", id_number=resident.id_number, community=district.licun_b)
        )
    assert "id_number" in info.value.message_dict
    assert Resident.objects.count() == 1


@pytest.mark.parametrize("phone", ["1381234567", "12812345678", "138123456789", "0532-8888888"])
def test_it_refuses_a_phone_that_is_not_a_mainland_mobile(district, phone):
    with pytest.raises(ValidationError) as info:
        make_resident(district.licun_a, phone=phone)
    assert info.value.message_dict["phone"]
    assert not Resident.objects.exists()


def test_a_phone_with_country_code_and_spaces_is_normalised(district):
    resident = make_resident(district.licun_a, phone="+86 138 1234 5678")
    assert resident.phone == "13812345678"


def test_the_database_keeps_birth_date_in_line_with_the_id_number(district):
    resident = make_resident(district.licun_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Resident.objects.filter(pk=resident.pk).update(birth_date=datetime.date(2000, 1, 1))


def test_a_household_must_be_in_the_residents_community(district):
    household = make_household(district.licun_b)
    with pytest.raises(ValidationError) as info:
        actions.resident_save(
            resident=Resident(
                name="赵敏",
                id_number=id_number_for(datetime.date(1990, 1, 1)),
                community=district.licun_a,
                household=household,
            )
        )
    assert "household" in info.value.message_dict


def test_import_saves_nothing_when_one_row_is_bad(district):
    good = Resident(
        name="好", id_number=id_number_for(datetime.date(1990, 1, 1)), community=district.licun_a
    )
    bad = Resident(name="坏", id_number="110105194912310021", community=district.licun_a)
    with pytest.raises(ValidationError):
        actions.residents_import(residents=[good, bad])
    assert not Resident.objects.exists()


def test_ages_are_counted_on_a_given_day(district):
    make_resident(district.licun_a, birth=datetime.date(1961, 3, 1), name="六十五")
    make_resident(district.licun_a, birth=datetime.date(1961, 3, 2), name="六十四")
    on = datetime.date(2026, 3, 1)
    assert [r.name for r in Resident.objects.aged_at_least(65, on)] == ["六十五"]
    assert [r.name for r in Resident.objects.aged_under(65, on)] == ["六十四"]


def test_name_search_is_served_by_a_trigram_index(db):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone() == (1,)
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'registry_resident_name_trgm'"
        )
        assert "gin_trgm_ops" in cursor.fetchone()[0]
