"""The linkage thanks whoever adopted a fulfilled wish (a volunteer only with consent) and tells
the child's family, by the child's alias."""

from __future__ import annotations

import pytest

from licang.outbox.models import Message
from services.linkage import actions
from tests.linkage.conftest import (  # noqa: F401  (the fixtures)
    TODAY,
    child,
    commissioner,
    frozen_time,
    haixin,
    household,
    visit,
    volunteer,
    wish,
)

pytestmark = pytest.mark.django_db


def test_a_fulfilled_wish_thanks_the_volunteer_and_tells_the_family(wish, volunteer, child):  # noqa: F811
    actions.wish_adopt(wish=wish, volunteer=volunteer)
    actions.wish_fulfil(wish=wish, on=TODAY, note="鼓已送到")
    adopter, family = Message.objects.filter(event="wish_fulfilled").order_by("dedup_key")
    assert (adopter.name, adopter.address, adopter.state) == ("王芳", volunteer.phone, "pending")
    assert child.alias in adopter.body and "感谢" in adopter.body
    assert family.resident == child.resident
    assert child.resident.name not in adopter.body + family.body


def test_a_volunteer_without_consent_to_be_contacted_gets_no_message(wish, volunteer):  # noqa: F811
    volunteer.consents_to_contact = False
    actions.volunteer_save(volunteer=volunteer)
    actions.wish_adopt(wish=wish, volunteer=volunteer)
    actions.wish_fulfil(wish=wish, on=TODAY)
    adopter = Message.objects.get(event="wish_fulfilled", dedup_key__endswith=":adopter")
    assert (adopter.state, adopter.skip_reason) == ("skipped", "no_consent")


def test_a_volunteer_with_an_e_mail_address_is_thanked_there(wish, volunteer):  # noqa: F811
    volunteer.email = "wangfang@mail.example"
    actions.volunteer_save(volunteer=volunteer)
    actions.wish_adopt(wish=wish, volunteer=volunteer)
    actions.wish_fulfil(wish=wish, on=TODAY)
    adopter = Message.objects.get(event="wish_fulfilled", dedup_key__endswith=":adopter")
    assert (adopter.channel, adopter.address, adopter.state) == (
        "email",
        "wangfang@mail.example",
        "pending",
    )
    assert adopter.masked_address == "w***@mail.example"


def test_an_organisation_is_thanked_at_its_contact_e_mail(wish, haixin):  # noqa: F811
    organisation = haixin.organisation
    organisation.contact_email = "office@haixin.example"
    organisation.save()
    actions.wish_adopt(wish=wish, organisation=organisation)
    actions.wish_fulfil(wish=wish, on=TODAY)
    adopter = Message.objects.get(event="wish_fulfilled", dedup_key__endswith=":adopter")
    assert (adopter.channel, adopter.address) == ("email", "office@haixin.example")
