"""Every admin of the project, walked as a superuser: deleting a program or registry record is
either an action or not offered at all (records that must be kept are ended instead)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory

PROJECT_LABELS = {
    "licang",
    "registry",
    "outbox",
    "centers",
    "desk",
    "linkage",
    "eldercare",
    "health",
    "housing",
}


def project_admins() -> list[tuple[str, Any]]:
    found = [
        (f"{model._meta.app_label}.{model._meta.model_name}", model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in PROJECT_LABELS
    ]
    return sorted(found, key=lambda pair: pair[0])


ADMINS = project_admins()


@pytest.fixture
def superuser_request(db: Any) -> Any:
    request = RequestFactory().get("/admin/")
    request.user = get_user_model().objects.create_superuser("root", "", "pw-for-tests-1")
    return request


def overrides(model_admin: Any, name: str) -> bool:
    return getattr(type(model_admin), name) is not getattr(admin.ModelAdmin, name)


def test_the_walk_covers_every_program_with_an_admin():
    labels = {name.split(".")[0] for name, _model_admin in ADMINS}
    assert {"licang", "registry", "centers", "desk", "health"} <= labels


@pytest.mark.parametrize("name,model_admin", ADMINS, ids=[name for name, _ma in ADMINS])
def test_deleting_a_record_is_an_action_or_not_offered(name, model_admin, superuser_request):
    if model_admin.has_delete_permission(superuser_request):
        # offered: the single delete and the bulk "delete selected" both call an action
        assert overrides(model_admin, "delete_model"), f"{name} deletes without an action"
        assert overrides(model_admin, "delete_queryset"), f"{name} bulk-deletes without an action"
    else:
        assert "delete_selected" not in model_admin.get_actions(superuser_request)


@pytest.mark.parametrize("name,model_admin", ADMINS, ids=[name for name, _ma in ADMINS])
def test_inline_rows_are_removed_through_actions(name, model_admin, superuser_request):
    for inline in model_admin.get_inline_instances(superuser_request):
        if inline.can_delete and inline.has_delete_permission(superuser_request):
            assert overrides(model_admin, "save_formset"), (
                f"{name}: removed {inline.model._meta.model_name} rows are deleted by the formset"
            )


@pytest.mark.parametrize("name,model_admin", ADMINS, ids=[name for name, _ma in ADMINS])
def test_saving_goes_through_an_action(name, model_admin, superuser_request):
    adds = model_admin.has_add_permission(superuser_request)
    if adds or model_admin.has_change_permission(superuser_request):
        assert overrides(model_admin, "save_model"), f"{name} saves without an action"
