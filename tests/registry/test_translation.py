"""Places have a Chinese and an English name: English pages show the English one, or the Chinese
where there is none yet; names stay unique in each language; the admin edits both side by side."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from licang.registry import actions
from licang.registry.models import Community, Subdistrict
from tests.conftest import login


@pytest.mark.django_db
def test_every_subdistrict_has_an_english_name_from_its_migration():
    assert not Subdistrict.objects.filter(name_en__isnull=True).exists()
    licun = Subdistrict.objects.get(code="licun")
    assert (licun.name_zh_hans, licun.name_en) == ("李村街道", "Licun Subdistrict")
    with translation.override("en"):
        assert licun.name == "Licun Subdistrict"
    with translation.override("zh-hans"):
        assert licun.name == "李村街道"


def test_a_community_without_an_english_name_shows_the_chinese_in_english(district):
    community = district.licun_a
    assert community.name_en is None
    with translation.override("en"):
        assert community.name == "李村社区"
    community.name_en = "Licun Community"
    actions.community_save(community=community)
    community.refresh_from_db()
    with translation.override("en"):
        assert community.name == "Licun Community"
    assert community.name == "李村社区"  # Chinese stays the default


def test_community_names_stay_unique_in_a_subdistrict_in_each_language(district):
    licun = district.licun_a.subdistrict
    with pytest.raises(ValidationError):
        actions.community_save(community=Community(subdistrict=licun, name_zh_hans="李村社区"))
    district.licun_a.name_en = "Licun Community"
    actions.community_save(community=district.licun_a)
    with pytest.raises(ValidationError):
        actions.community_save(
            community=Community(subdistrict=licun, name_zh_hans="新社区", name_en="Licun Community")
        )
    # two communities may both lack an English name
    for name in ["新社区甲", "新社区乙"]:
        actions.community_save(community=Community(subdistrict=licun, name_zh_hans=name))


def test_the_admin_edits_a_communitys_names_side_by_side(district, district_admin):
    client = login(district_admin)
    url = reverse("admin:registry_community_change", args=[district.licun_a.pk])
    form = client.get(url).context["adminform"].form
    assert {"name_zh_hans", "name_en"} <= set(form.fields)
    assert "name" not in form.fields
    response = client.post(
        url,
        {
            "subdistrict": district.licun_a.subdistrict_id,
            "name_zh_hans": "李村社区",
            "name_en": "Licun Community",
        },
    )
    assert response.status_code == 302
    district.licun_a.refresh_from_db()
    assert (district.licun_a.name_zh_hans, district.licun_a.name_en) == (
        "李村社区",
        "Licun Community",
    )
