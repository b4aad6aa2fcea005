"""Micro-wishes: collected → adopted → fulfilled; pledges; the child's access log."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from licang.errors import ConflictError
from services.linkage import actions
from services.linkage.models import Child, ChildAccessLog, Pledge, Wish
from tests import factories
from tests.linkage.conftest import TODAY

pytestmark = pytest.mark.django_db


def offer(wish, name="热心市民", phone="13900000001"):
    return actions.pledge_offer(wish=wish, name=name, phone=phone, offer="买一套架子鼓送去")


def test_a_wish_goes_collected_adopted_fulfilled(wish, volunteer):
    adopted = actions.wish_adopt(wish=wish, volunteer=volunteer)
    assert adopted.status == Wish.Status.ADOPTED and adopted.adopter == "王芳"
    done = actions.wish_fulfil(wish=wish, on=TODAY, note="鼓已送到")
    assert done.status == Wish.Status.FULFILLED and done.fulfilled_on == TODAY


def test_a_wish_is_not_adopted_twice(wish, volunteer, haixin):
    actions.wish_adopt(wish=wish, volunteer=volunteer)
    with pytest.raises(ConflictError):
        actions.wish_adopt(wish=wish, organisation=haixin.organisation)


def test_a_collected_wish_cannot_be_fulfilled(wish):
    with pytest.raises(ConflictError):
        actions.wish_fulfil(wish=wish, on=TODAY)


def test_accepting_a_pledge_adopts_the_wish_and_declines_the_others(wish, district_admin):
    first, second = offer(wish), offer(wish, name="李先生", phone="13900000002")
    actions.pledge_accept(pledge=first, by=district_admin)
    wish.refresh_from_db()
    second.refresh_from_db()
    assert wish.status == Wish.Status.ADOPTED and wish.adopted_by_donor == "热心市民"
    assert second.status == Pledge.Status.DECLINED
    with pytest.raises(ConflictError):
        actions.pledge_accept(pledge=second, by=district_admin)


def test_no_pledge_for_an_adopted_wish(wish, volunteer):
    actions.wish_adopt(wish=wish, volunteer=volunteer)
    with pytest.raises(ConflictError):
        offer(wish)


def test_a_pledge_needs_a_mobile_phone(wish):
    with pytest.raises(ValidationError) as refusal:
        offer(wish, phone="12345")
    assert "phone" in refusal.value.error_dict


def test_only_a_child_in_difficulty_is_followed(district, commissioner):
    resident = factories.make_resident(district.licun_a, phone="")
    with pytest.raises(ValidationError):
        actions.child_save(child=Child(resident=resident, alias="小云", commissioner=commissioner))


def test_the_access_log_cannot_be_edited_or_erased(child, district_admin):
    entry = actions.child_record_read(child=child, user=district_admin, where="/admin/")
    with pytest.raises(DatabaseError), transaction.atomic():
        ChildAccessLog.objects.filter(pk=entry.pk).update(where="改写")
    with pytest.raises(DatabaseError), transaction.atomic():
        ChildAccessLog.objects.filter(pk=entry.pk).delete()
    assert ChildAccessLog.objects.get().where == "/admin/"
