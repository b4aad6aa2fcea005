"""The catalogue reads in English on English pages, in the partner API and in Open311 for a
caller who asks: names, descriptions, what to bring, fee notes, questions, their help and their
choices, with the Chinese where no English is given yet. The API's fields stay the same. English
choices keep the Chinese keys. The demo catalogue is complete in both languages."""

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from licang.registry.demo import load_communities
from services.centers.demo import load_centers
from services.desk import actions
from services.desk.demo import ENGLISH, load_catalogue
from services.desk.models import ServiceCategory, ServiceItem, ServiceQuestion

ENGLISH_CALLER = {"HTTP_ACCEPT_LANGUAGE": "en"}


def lamp_in_english(desk):
    item = desk.lamp
    item.description_en = "A handyman replaces your light tubes."
    item.fee_note_en = "Tubes at cost"
    actions.service_item_save(item=item)
    question = item.questions.get(code="lamp")
    question.prompt_en = "Type of light"
    question.choices_en = [
        {"key": "tube", "name": "Fluorescent tube"},
        {"key": "ceiling", "name": "Ceiling light"},
    ]
    actions.service_question_save(question=question)
    return item


def test_the_item_page_in_english_shows_the_english_texts_and_choices(desk, client):
    lamp_in_english(desk)
    client.cookies["django_language"] = "en"
    body = client.get(reverse("desk:item-detail", args=["JX01"])).content.decode()
    for english in ["Service JX01", "A handyman replaces your light tubes.", "Type of light"]:
        assert english in body
    form = client.get(reverse("desk:request-new"), {"item": "JX01", "center": desk.center.slug})
    page = form.content.decode()
    assert "Fluorescent tube" in page and "Ceiling light" in page
    assert "日光灯管" not in page


def test_texts_without_english_fall_back_to_the_chinese(desk):
    question = desk.booking.questions.get(code="hospital")
    with translation.override("en"):
        assert desk.booking.description == "YL01 的说明"
        assert question.prompt == "医院"
        assert question.choice_names == {"shili": "市立医院", "badao": "第八人民医院"}


def test_the_api_keeps_its_fields_and_gives_english_to_a_caller_who_asks(desk, client):
    lamp_in_english(desk)
    url = reverse("desk-api:service-item-detail", args=["JX01"])
    chinese, english = client.get(url).json(), client.get(url, **ENGLISH_CALLER).json()
    assert set(chinese) == set(english)
    assert set(chinese["category"]) == {"code", "name", "name_en"}
    assert set(chinese["questions"][0]) == set(english["questions"][0])
    assert (chinese["name"], chinese["name_en"]) == ("更换灯管", "Service JX01")
    assert english["name"] == "Service JX01"
    assert english["description"] == "A handyman replaces your light tubes."
    assert english["questions"][0]["choices"][0] == {"key": "tube", "name": "Fluorescent tube"}
    assert chinese["questions"][0]["choices"][0] == {"key": "tube", "name": "日光灯管"}


def test_an_item_without_an_english_name_gives_an_empty_string_not_null(desk, client):
    desk.measure.name_en = None
    actions.service_item_save(item=desk.measure)
    body = client.get(reverse("desk-api:service-item-detail", args=["YL03"])).json()
    assert body["name_en"] == ""


def test_open311_describes_a_service_in_english_to_a_caller_who_asks(desk, client):
    lamp_in_english(desk)
    url = reverse("open311:service-definition", kwargs={"service_code": "JX01", "fmt": "json"})
    attributes = client.get(url, **ENGLISH_CALLER).json()["attributes"]
    attribute = next(a for a in attributes if a["code"] == "lamp")
    assert attribute["description"] == "Type of light"
    assert attribute["values"][0] == {"key": "tube", "name": "Fluorescent tube"}


def test_english_choices_keep_the_keys_of_the_chinese_ones(desk):
    question = desk.lamp.questions.get(code="lamp")
    question.choices_en = [{"key": "neon", "name": "Neon"}, {"key": "tube", "name": "Tube"}]
    with pytest.raises(ValidationError) as refused:
        actions.service_question_save(question=question)
    assert list(refused.value.message_dict) == ["choices_en"]


def test_item_names_stay_unique_in_a_category_in_each_language(desk):
    twin = ServiceItem(
        category=desk.lamp.category,
        code="JX99",
        name_zh_hans="另一个名称",
        name_en="Service JX01",
        description_zh_hans="说明",
        target_working_days=1,
    )
    with pytest.raises(ValidationError):
        actions.service_item_save(item=twin)


def test_the_demo_catalogue_has_english_for_every_text(db):
    load_communities()
    load_catalogue(load_centers())
    assert ServiceItem.objects.count() == 40
    assert not ServiceCategory.objects.filter(Q(name_en=None) | Q(description_en="")).exists()
    for item in ServiceItem.objects.all():
        assert item.name_en and item.description_en
        for field in ["what_to_bring", "fee_note"]:
            assert bool(getattr(item, f"{field}_en")) == bool(getattr(item, f"{field}_zh_hans"))
    for question in ServiceQuestion.objects.all():
        assert question.prompt_en
        assert bool(question.help_text_en) == bool(question.help_text_zh_hans)
        assert [c["key"] for c in question.choices_en] == [
            c["key"] for c in question.choices_zh_hans
        ]
    assert all(not any("\u4e00" <= ch <= "\u9fff" for ch in text) for text in ENGLISH.values())
