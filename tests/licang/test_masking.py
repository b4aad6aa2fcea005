from licang.masking import mask_id_number, mask_phone


def test_an_id_number_keeps_its_region_and_last_four():
    assert mask_id_number("37021319900101123X") == "370213********123X"


def test_a_phone_keeps_its_first_three_and_last_four():
    assert mask_phone("13812345678") == "138****5678"


def test_empty_values_stay_empty():
    assert mask_id_number("") == ""
    assert mask_phone("") == ""
