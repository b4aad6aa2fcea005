"""Every change to residents keeps who, when and what — recorded by database triggers."""

from django.urls import reverse

from licang.registry.models import Resident
from tests.conftest import login


def change_form_data(response):
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or value is False:
            continue
        data[name] = value.pk if hasattr(value, "pk") else value
    return data


def test_an_admin_edit_records_the_staff_member_and_the_change(resident, district_admin):
    client = login(district_admin)
    url = reverse("admin:registry_resident_change", args=[resident.pk])
    data = change_form_data(client.get(url))
    data["limited_mobility"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = resident.events.order_by("-pgh_id").first()
    assert event.pgh_label == "update"
    assert event.limited_mobility is True
    assert event.pgh_context.metadata["user"] == district_admin.pk
    assert event.pgh_context.metadata["url"] == url


def test_bulk_updates_are_recorded_too(district):
    from tests.factories import make_resident

    people = [make_resident(district.licun_a, name=f"居民{i}") for i in range(3)]
    Resident.objects.filter(pk__in=[p.pk for p in people]).update(registered_in_licang=True)
    for person in people:
        labels = list(person.events.order_by("pgh_id").values_list("pgh_label", flat=True))
        assert labels == ["insert", "update"]


def test_a_district_admin_reads_a_residents_history_in_the_admin(resident, district_admin):
    client = login(district_admin)
    url = reverse("admin:registry_resident_change", args=[resident.pk])
    data = change_form_data(client.get(url))
    data["name"] = "李秀兰"
    client.post(url, data)
    events = client.get(
        reverse("admin:licang_auditevent_changelist"),
        {"obj": f"services.resident:{resident.pk}"},
    )
    assert events.status_code == 200
    page = events.content.decode()
    assert "李秀兰" in page
    assert "update" in page
