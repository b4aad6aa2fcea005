import pytest

from licang.masking import is_personal_detail, mask_detail, mask_email, mask_id_number, mask_phone


def test_an_id_number_keeps_its_region_and_last_four():
    assert mask_id_number("37021319900101123X") == "370213********123X"


def test_a_phone_keeps_its_first_three_and_last_four():
    assert mask_phone("13812345678") == "138****5678"


def test_an_e_mail_address_keeps_its_first_letter_and_domain():
    assert mask_email("lixiuying@example.cn") == "l***@example.cn"
    assert mask_email("not-an-address") == "**************"


def test_empty_values_stay_empty():
    assert mask_id_number("") == ""
    assert mask_phone("") == ""
    assert mask_email("") == ""


@pytest.mark.parametrize(
    ("name", "personal"),
    [
        ("id_number", True),
        ("guardian_id_number", True),
        ("phone", True),
        ("contact_phone", True),
        ("email", True),
        ("contact_email", True),
        ("name", False),
        ("phoned_at", False),
    ],
)
def test_personal_details_are_known_by_their_field_names(name, personal):
    assert is_personal_detail(name) is personal


def test_each_detail_is_masked_its_own_way():
    assert mask_detail("id_number", "37021319900101123X") == "370213********123X"
    assert mask_detail("contact_phone", "13812345678") == "138****5678"
    assert mask_detail("email", "wang@mail.example") == "w***@mail.example"
