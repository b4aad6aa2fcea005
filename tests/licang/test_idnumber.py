import datetime

import pytest
from django.core.exceptions import ValidationError

from licang import idnumber
from tests.factories import id_number_for

VALID = "11010519491231002X"  # the standard's own example


def codes(raw: str) -> list[str]:
    with pytest.raises(ValidationError) as info:
        idnumber.parse(raw)
    return [error.code for error in info.value.error_list]


def test_it_accepts_the_standards_example_and_derives_birth_date_and_sex():
    parsed = idnumber.parse(VALID)
    assert parsed.birth_date == datetime.date(1949, 12, 31)
    assert parsed.sex == idnumber.Sex.FEMALE
    assert parsed.region == "110105"
    assert parsed.age_on(datetime.date(2026, 11, 28)) == 76


def test_it_accepts_a_lower_case_x_and_normalises_it():
    assert idnumber.parse(VALID.lower()).value == VALID


def test_it_rejects_a_wrong_check_digit():
    assert codes(VALID[:17] + "1") == ["invalid_check_digit"]


def test_it_rejects_an_impossible_birth_date():
    first17 = "37021319900230123"  # 30 February
    assert codes(first17 + idnumber.check_character(first17)) == ["invalid_birth_date"]


def test_it_rejects_a_birth_date_in_the_future():
    first17 = "37021330000101123"
    assert codes(first17 + idnumber.check_character(first17)) == ["invalid_birth_date"]


@pytest.mark.parametrize("raw", ["1101051949123100", "11010519491231002X1", ""])
def test_it_rejects_a_wrong_length(raw):
    assert codes(raw) == ["invalid_length"]


def test_it_rejects_letters_inside_the_number():
    assert codes("1101051949A231002X") == ["invalid_characters"]


def test_it_rejects_an_unknown_region():
    first17 = "99010519491231002"
    assert codes(first17 + idnumber.check_character(first17)) == ["unknown_region"]


def test_a_number_issued_outside_licang_is_valid():
    number = id_number_for(datetime.date(1970, 3, 3), region="410102")
    assert idnumber.parse(number).region == "410102"


def test_a_leap_day_birthday_counts_from_the_first_of_march_in_other_years():
    born = datetime.date(1960, 2, 29)
    assert idnumber.age_on(born, datetime.date(2025, 2, 28)) == 64
    assert idnumber.age_on(born, datetime.date(2025, 3, 1)) == 65


def test_an_odd_sequence_digit_is_a_man():
    number = id_number_for(datetime.date(1970, 3, 3), male=True)
    assert idnumber.parse(number).sex == idnumber.Sex.MALE
