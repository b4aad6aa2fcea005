"""The demo service desk: nine centers, 40 items, requests in every state; loading it twice
changes nothing. (The registry's 3,000 residents are left out to keep the suite fast: demo
requests then come from walk-ins.)"""

import io

from services import demo, demo_desk
from services.models import (
    Center,
    RequestStep,
    ServiceCategory,
    ServiceItem,
    ServiceRequest,
    StaffProfile,
)


def load() -> None:
    demo.load_communities()
    demo_desk.load_centers()
    demo.load_staff()
    demo_desk.load(io.StringIO())


def test_the_demo_holds_nine_centers_the_catalogue_and_requests_in_every_state_once(db):
    load()
    assert Center.objects.count() == 9
    assert set(Center.objects.values_list("subdistrict__area", flat=True)) == {
        "east",
        "central",
        "west",
    }
    model = Center.objects.get(name="上流佳苑幸福街")
    assert model.floor_area == 2700
    assert model.facilities.count() == 12
    assert model.service_items.count() == 40
    assert StaffProfile.objects.get(user__username="center_staff").center == model
    assert ServiceCategory.objects.count() == 5
    assert ServiceItem.objects.count() == 40
    states = set(ServiceRequest.objects.values_list("state", flat=True))
    assert states == set(ServiceRequest.State.values)
    model_states = set(model.requests.values_list("state", flat=True))
    assert model_states == set(ServiceRequest.State.values)
    assert ServiceRequest.objects.filter(rating__isnull=False).exists()
    assert ServiceRequest.objects.filter(reopened_count__gt=0).exists()

    def snapshot():
        references = sorted(ServiceRequest.objects.values_list("reference", flat=True))
        return RequestStep.objects.count(), references

    before = snapshot()
    load()
    assert snapshot() == before
