"""Bearer tokens: missing, wrong, revoked, wrong kind; issued once, stored hashed."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from licang.actions import token_issue, token_revoke
from licang.models import ApiToken, Partner

COMMUNITIES = reverse("registry-api:community-list")
RESIDENTS = reverse("registry-api:resident-list")


def test_a_call_without_a_token_is_401_with_a_bearer_challenge(client, db):
    response = client.get(COMMUNITIES)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize(
    "header",
    ["Bearer lc_00000000_nonsense", "Bearer not-a-token", "Bearer", "Bearer a b"],
)
def test_a_wrong_token_is_401(client, partners, header):
    response = client.get(COMMUNITIES, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["code"] in {"invalid_token", "malformed_token"}


def test_a_token_with_the_right_prefix_but_wrong_secret_is_401(client, partners):
    persona = partners["hospital"]
    forged = f"lc_{persona.token.prefix}_{'x' * 43}"
    assert client.get(COMMUNITIES, HTTP_AUTHORIZATION=f"Bearer {forged}").status_code == 401


def test_a_partner_token_reads_what_its_kind_may_read(client, partners):
    response = client.get(COMMUNITIES, **partners["hospital"].auth)
    assert response.status_code == 200


def test_a_revoked_token_is_401(client, partners):
    persona = partners["insurer"]
    token_revoke(token=persona.token)
    response = client.get(COMMUNITIES, **persona.auth)
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_token"


def test_an_inactive_partners_tokens_stop_working(client, partners):
    persona = partners["caterer"]
    Partner.objects.filter(pk=persona.partner.pk).update(is_active=False)
    assert client.get(COMMUNITIES, **persona.auth).status_code == 401


def test_a_partner_of_the_wrong_kind_is_403(client, partners):
    # partners of no kind may read the registry: it is for staff
    response = client.get(RESIDENTS, **partners["social_organisation"].auth)
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_a_staff_token_reads_the_registry(client, staff_token, resident):
    response = client.get(RESIDENTS, HTTP_AUTHORIZATION=f"Bearer {staff_token}")
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_only_a_hash_of_the_secret_is_stored(db):
    partner = Partner.objects.create(name="某医院", kind=Partner.Kind.HOSPITAL)
    token, secret = token_issue(partner=partner)
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret.split("_", 2)[2] not in {stored.secret_hash, stored.prefix, stored.name}
    assert len(stored.secret_hash) == 64


def test_issue_token_prints_the_token_once(db, client):
    Partner.objects.create(name="青岛市第八人民医院", kind=Partner.Kind.HOSPITAL)
    out, err = io.StringIO(), io.StringIO()
    call_command("issue_token", "青岛市第八人民医院", stdout=out, stderr=err)
    secret = out.getvalue().strip()
    assert secret.startswith("lc_")
    assert "shown once" in err.getvalue()
    assert client.get(COMMUNITIES, HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200


def test_issue_token_names_the_known_partners_when_the_name_is_wrong(db):
    from django.core.management.base import CommandError

    Partner.objects.create(name="青岛市第八人民医院", kind=Partner.Kind.HOSPITAL)
    with pytest.raises(CommandError, match="青岛市第八人民医院"):
        call_command("issue_token", "青岛医院")


def test_a_token_must_belong_to_exactly_one_holder(db, django_user_model):
    from django.core.exceptions import ValidationError

    partner = Partner.objects.create(name="某保险", kind=Partner.Kind.INSURER)
    user = django_user_model.objects.create_user("staffer", is_staff=True)
    with pytest.raises(ValidationError):
        token_issue(partner=partner, user=user)
    with pytest.raises(ValidationError):
        token_issue()
