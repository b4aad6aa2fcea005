"""The catalogue in the admin writes through the actions: items are taken out of the catalogue,
never deleted; their centers and questions are saved and removed by the actions; a refusal
answers the form and saves nothing."""

import json

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from licang.errors import ConflictError
from services.desk import actions
from services.desk.models import ServiceCategory, ServiceItem, ServiceQuestion
from tests.conftest import login
from tests.desk.factories import make_category


def item_form(item, **changes):
    data = {
        "category": item.category_id,
        "code": item.code,
        "name_zh_hans": item.name_zh_hans or "",
        "name_en": item.name_en or "",
        "description_zh_hans": item.description_zh_hans or "",
        "what_to_bring_zh_hans": item.what_to_bring_zh_hans or "",
        "fee": str(item.fee),
        "fee_note_zh_hans": item.fee_note_zh_hans or "",
        "target_working_days": item.target_working_days,
        "needs_address": "on" if item.needs_address else "",
        "keywords": item.keywords,
        "centers": [c.pk for c in item.centers.all()],
        "is_active": "on" if item.is_active else "",
        "sort_order": item.sort_order,
    }
    questions = list(item.questions.order_by("order"))
    data |= {"questions-TOTAL_FORMS": len(questions), "questions-INITIAL_FORMS": len(questions)}
    for number, q in enumerate(questions):
        prefix = f"questions-{number}"
        data |= {
            f"{prefix}-id": q.pk,
            f"{prefix}-item": item.pk,
            f"{prefix}-code": q.code,
            f"{prefix}-order": q.order,
            f"{prefix}-required": "on" if q.required else "",
            f"{prefix}-prompt_zh_hans": q.prompt_zh_hans or "",
            f"{prefix}-datatype": q.datatype,
            f"{prefix}-help_text_zh_hans": q.help_text_zh_hans or "",
            f"{prefix}-choices_zh_hans": json.dumps(q.choices_zh_hans),
            f"{prefix}-choices_en": json.dumps(q.choices_en or []),
        }
    return {k: v for k, v in (data | changes).items() if v != ""}


def change_url(item):
    return reverse("admin:desk_serviceitem_change", args=[item.pk])


def test_an_items_centers_are_set_and_its_removed_question_deleted_through_the_actions(
    desk, district_admin, monkeypatch
):
    item = desk.booking  # at desk.center and desk.other, asks hospital and date
    calls = []
    real_save, real_delete = actions.service_item_save, actions.service_question_delete
    monkeypatch.setattr(
        actions,
        "service_item_save",
        lambda **kw: calls.append(("save", list(kw["centers"]))) or real_save(**kw),
    )
    monkeypatch.setattr(
        actions,
        "service_question_delete",
        lambda **kw: calls.append(("delete", kw["question"].code)) or real_delete(**kw),
    )
    data = item_form(item, centers=[desk.center.pk], **{"questions-1-DELETE": "on"})
    response = login(district_admin).post(change_url(item), data)
    assert response.status_code == 302
    assert calls == [("save", [desk.center]), ("delete", "date")]
    assert list(item.centers.all()) == [desk.center]
    assert [q.code for q in item.questions.all()] == ["hospital"]


def test_a_refusal_of_the_item_action_answers_the_form_and_saves_nothing(
    desk, district_admin, monkeypatch
):
    item = desk.booking
    real = actions.service_item_save

    def refuse_after_saving(**kw):
        real(**kw)  # rolled back with everything else the attempt wrote
        raise ValidationError({"name_zh_hans": ValidationError("名称与规范不符。")})

    monkeypatch.setattr(actions, "service_item_save", refuse_after_saving)
    data = item_form(
        item, name_zh_hans="新名称", centers=[desk.center.pk], **{"questions-1-DELETE": "on"}
    )
    response = login(district_admin).post(change_url(item), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name_zh_hans"] == ["名称与规范不符。"]
    item.refresh_from_db()
    assert item.name == "代约挂号"
    assert set(item.centers.all()) == {desk.center, desk.other}
    assert ServiceQuestion.objects.filter(item=item).count() == 2
    assert list(get_messages(response.wsgi_request)) == []


def test_an_item_is_taken_out_of_the_catalogue_not_deleted(desk, district_admin):
    client = login(district_admin)
    item = desk.lamp
    assert (
        client.post(
            reverse("admin:desk_serviceitem_delete", args=[item.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    client.post(
        reverse("admin:desk_serviceitem_changelist"),
        {"action": "deactivate_selected", "_selected_action": [item.pk]},
    )
    item.refresh_from_db()
    assert item.is_active is False
    assert "JX01" not in client.get(reverse("desk:catalogue")).content.decode()


def test_an_empty_category_is_deleted_through_its_action_and_one_with_items_is_kept(
    desk, district_admin
):
    with pytest.raises(ConflictError):
        actions.service_category_delete(category=desk.lamp.category)
    empty = make_category("empty", "空类别")
    url = reverse("admin:desk_servicecategory_delete", args=[empty.pk])
    assert login(district_admin).post(url, {"post": "yes"}).status_code == 302
    assert not ServiceCategory.objects.filter(pk=empty.pk).exists()
    assert ServiceItem.objects.filter(category=desk.lamp.category).exists()
