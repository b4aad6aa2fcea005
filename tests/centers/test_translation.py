"""A center reads in English on English pages: name, description, address, status note, its
facilities and its special days, with the Chinese where no English is given yet. The API keeps
its fields and gives the English to a caller who asks for it. The demo fills both languages."""

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from licang.registry.demo import load_communities
from services.centers import actions
from services.centers.demo import load_centers
from services.centers.models import Center, Facility, OpeningException
from tests.conftest import login

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def in_english(center):
    center.refresh_from_db()  # the fixture's coordinates as stored, not as floats
    center.name_en = "Licun Riverside"
    center.description_en = "A neighbourhood center by the Licun river."
    center.address_en = "88 Shuyuan Road, Licang District"
    return actions.center_save(center=center)


def test_the_center_page_in_english_shows_the_english_texts(desk, client):
    in_english(desk.center)
    client.cookies["django_language"] = "en"
    body = client.get(reverse("centers:center-detail", args=[desk.center.slug])).content.decode()
    assert "Licun Riverside" in body
    assert "A neighbourhood center by the Licun river." in body
    assert "88 Shuyuan Road, Licang District" in body
    assert "李沧区书院路88号" not in body


def test_a_center_without_english_shows_its_chinese_name_in_english(desk, client):
    client.cookies["django_language"] = "en"
    body = client.get(reverse("centers:center-detail", args=[desk.center.slug])).content.decode()
    assert desk.center.name_zh_hans in body
    assert "李沧区书院路88号" in body


def test_the_api_gives_english_to_a_caller_who_asks_with_the_same_fields(desk, client):
    in_english(desk.center)
    url = reverse("centers-api:center-detail", args=[desk.center.slug])
    chinese, english = client.get(url).json(), client.get(url, **ENGLISH).json()
    assert set(chinese) == set(english)
    assert not [key for key in english if key.endswith(("_zh_hans", "_en"))]
    assert (chinese["name"], english["name"]) == (desk.center.name_zh_hans, "Licun Riverside")
    assert english["address"] == "88 Shuyuan Road, Licang District"


def test_facility_names_and_exception_notes_fall_back_to_chinese(desk):
    clinic = actions.facility_save(
        facility=Facility(center=desk.center, kind="clinic", name_zh_hans="社区诊所")
    )
    closed = actions.opening_exception_save(
        exception=OpeningException(
            center=desk.center, date="2026-10-01", note_zh_hans="国庆闭馆", note_en="National Day"
        )
    )
    with translation.override("en"):
        assert (clinic.display_name, closed.note) == ("社区诊所", "National Day")


def test_center_names_stay_unique_in_each_language(desk):
    in_english(desk.center)
    twin = Center(
        slug="twin",
        name_zh_hans="另一个中心",
        name_en="Licun Riverside",
        subdistrict=desk.center.subdistrict,
    )
    with pytest.raises(ValidationError) as refused:
        actions.center_save(center=twin)
    assert "name_en" in refused.value.message_dict


def test_the_admin_edits_a_centers_texts_side_by_side(desk, district_admin):
    form = (
        login(district_admin)
        .get(reverse("admin:centers_center_change", args=[desk.center.pk]))
        .context["adminform"]
        .form
    )
    for field in ["name", "description", "address", "status_note"]:
        assert {f"{field}_zh_hans", f"{field}_en"} <= set(form.fields)
        assert field not in form.fields


def test_the_demo_gives_every_center_facility_and_exception_its_english(db):
    load_communities()
    load_centers()
    assert Center.objects.count() == 9
    missing = Q(name_en__isnull=True) | Q(description_en="") | Q(address_en="")
    assert not Center.objects.filter(missing).exists()
    assert not Center.objects.exclude(status_note_zh_hans="").filter(status_note_en="").exists()
    assert not Facility.objects.filter(name_en__isnull=True).exists()
    assert not OpeningException.objects.filter(Q(note_en="") | Q(note_en__isnull=True)).exists()
    with translation.override("en"):
        model = Center.objects.get(slug="shangliu-xingfujie")
        assert model.name == "Shangliu Jiayuan Xingfu Street"
        assert {c.name for c in model.communities.all()} == {
            "Shangliu Jiayuan Community",
            "Beishan Community",
            "Hushan Road Community",
        }
