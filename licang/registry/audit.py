"""The audit log (审计记录) as staff read it: one row per recorded change, with the record's type
and name in the reader's language, and each change as "field: before → after".

pghistory records every insert, update and delete of a tracked model in an event table; its
``EventsAdmin`` lists them across tables. This admin keeps its queries and filters and renders the
rows for people: field names are the models' ``verbose_name``, choices show their labels, links show
the linked record, and ID numbers and phones are masked unless the reader may see them in full
(the registry's rule, ``access.can_see_full_identity``). It lives in the registry because that rule
does; it imports no program (tracked models are found through the app registry).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pghistory.admin
import pghistory.admin.core
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Cast, Concat
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from licang.admin_exports import ExportAdmin
from licang.masking import is_personal_detail, mask_detail
from licang.models import AuditEvent
from licang.registry.access import can_see_full_identity

LONGEST_VALUE = 60  # characters of a text value shown in a change; the event page shows the rest


def label_text(label: str) -> str:
    """The translated name of a pghistory event label (``update`` → 修改)."""
    return str(AuditEvent.LABELS.get(label, label))


def tracked_model(label: str | None) -> type[models.Model] | None:
    """The model an event's ``pgh_obj_model`` names (``registry.Resident``), if it still exists."""
    if not label:
        return None
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class Description:
    """What one event says, ready to render."""

    kind: str
    record: str
    record_url: str | None
    label: str
    changes: list[Change] = field(default_factory=list)
    actor: str = ""


# How a record is named in the log, by the first of these its model has: a field of its own, or
# a field of the record it belongs to (a claim by its policy holder, a step by its request).
NAME_FIELDS = ["reference", "name", "policy_number", "code", "number", "prefix", "username"]
NAME_PATHS = [
    "resident__name",
    "policy__resident__name",
    "request__reference",
    "household__number",
    "center__name",
    "partner__name",
    "user__username",
    "year",
]


SEPARATOR = "\x1f"  # the ASCII unit separator: in no name


def name_expression(model: type[models.Model]) -> Any:
    """The database expression naming a ``model`` row in the log, or ``None``."""
    fields = {found.name: found for found in model._meta.concrete_fields}
    for name in NAME_FIELDS:
        if name in fields:
            return F(name)
    for path in NAME_PATHS:
        if path.split("__")[0] in fields:
            return F(path)
    return None


def snapshot_name(data: dict[str, Any] | None) -> str:
    """A deleted record's name, from the values the event recorded."""
    for name in NAME_FIELDS:
        if (data or {}).get(name):
            return str(data[name])  # type: ignore[index]
    return ""


class Describer:
    """Describes a page of events with one query, whatever the number of rows and the kinds of
    record on it: the names of the records, of the records their changes link to and of the
    staff members are read together (a UNION ALL of one SELECT per model)."""

    def __init__(self, events: Iterable[AuditEvent], *, full_identity: bool) -> None:
        self.events = list(events)
        self.full_identity = full_identity
        self.names: dict[tuple[type[models.Model], str], str] = {}

    def describe(self) -> dict[str, Description]:
        self._load()
        return {event.pgh_slug: self._describe(event) for event in self.events}

    def _load(self) -> None:
        wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        for event in self.events:
            model = tracked_model(event.pgh_obj_model)
            if model is not None and event.pgh_obj_id is not None:
                wanted[model].add(_pk_value(model, event.pgh_obj_id))
            if model is not None:
                for name, values in (event.pgh_diff or {}).items():
                    found = _field_by_column(model, name)
                    if isinstance(found, models.ForeignKey):
                        related = found.related_model
                        assert isinstance(related, type)
                        wanted[related].update(v for v in values if v is not None)
            if getattr(event, "user_id", None) is not None:
                wanted[get_user_model()].add(event.user_id)  # type: ignore[attr-defined]
        selects = []
        by_label = {}
        for model, ids in wanted.items():
            by_label[model._meta.label] = model
            expression = name_expression(model)
            name = Cast(expression, models.TextField()) if expression is not None else Value("")
            selects.append(
                model._base_manager.filter(pk__in=ids)
                .order_by()
                # one column: a UNION matches its selects' columns by position, and Django does
                # not keep the same order of several annotations across models
                .annotate(
                    audit_row=Concat(
                        Value(f"{model._meta.label}{SEPARATOR}"),
                        Cast("pk", models.TextField()),
                        Value(SEPARATOR),
                        name,
                        output_field=models.TextField(),
                    )
                )
                .values_list("audit_row", flat=True)
            )
        if not selects:
            return
        rows = selects[0].union(*selects[1:], all=True) if len(selects) > 1 else selects[0]
        for row in rows:
            label, pk, shown = row.split(SEPARATOR, 2)
            self.names[(by_label[label], pk)] = shown or f"#{pk}"

    def _name(self, model: type[models.Model], pk: Any) -> str | None:
        return self.names.get((model, str(pk)))

    def _describe(self, event: AuditEvent) -> Description:
        model = tracked_model(event.pgh_obj_model)
        user_id = getattr(event, "user_id", None)
        user = self._name(get_user_model(), user_id) if user_id is not None else None
        actor = user or getattr(event, "partner", None) or ""
        if model is None:
            return Description(
                kind=event.pgh_obj_model or "",
                record=f"#{event.pgh_obj_id}",
                record_url=None,
                label=label_text(event.pgh_label),
                actor=actor,
            )
        pk = _pk_value(model, event.pgh_obj_id)
        name = self._name(model, pk)
        return Description(
            kind=str(model._meta.verbose_name),
            # a record deleted since is named from the values the event recorded
            record=name or snapshot_name(event.pgh_data) or f"#{event.pgh_obj_id}",
            record_url=_change_url(model, pk) if name is not None else None,
            label=label_text(event.pgh_label),
            changes=self._changes(model, event.pgh_diff or {}),
            actor=actor,
        )

    def _changes(self, model: type[models.Model], diff: dict[str, Any]) -> list[Change]:
        changes = []
        for name, (before, after) in diff.items():
            found = _field_by_column(model, name)
            # "updated at" moves with every change and says nothing the event's time does not
            if found is None or found.name == "updated_at" or getattr(found, "auto_now", False):
                continue
            changes.append(
                Change(
                    field=str(found.verbose_name),
                    before=self._value(found, before),
                    after=self._value(found, after),
                )
            )
        return sorted(changes, key=lambda change: change.field)

    def _value(self, found: models.Field[Any, Any], value: Any) -> str:
        if value is None or value == "":
            return gettext("(empty)")
        if is_personal_detail(found.name) and not self.full_identity:
            return mask_detail(found.name, str(value))
        if found.choices:
            return str(dict(found.flatchoices).get(value, value))
        if isinstance(found, models.BooleanField):
            return gettext("yes") if value else gettext("no")
        if isinstance(found, models.ForeignKey):
            related = found.related_model
            assert isinstance(related, type)
            return self._name(related, value) or f"#{value}"
        parsed = _parsed(found, value)
        if isinstance(parsed, datetime.datetime):
            return formats.date_format(timezone.localtime(parsed), "DATETIME_FORMAT")
        if isinstance(parsed, datetime.date):
            return formats.date_format(parsed, "DATE_FORMAT")
        if isinstance(value, float | int) or isinstance(found, models.DecimalField):
            return formats.number_format(value, use_l10n=True, force_grouping=True)
        return Truncator(str(value)).chars(LONGEST_VALUE)


def _field_by_column(model: type[models.Model], name: str) -> models.Field[Any, Any] | None:
    """The concrete field stored in column ``name`` (event data is keyed by column)."""
    for found in model._meta.concrete_fields:
        if found.column == name or found.name == name:
            return found
    return None


def _parsed(found: models.Field[Any, Any], value: Any) -> Any:
    if isinstance(value, str) and isinstance(found, models.DateTimeField):
        return parse_datetime(value) or value
    if isinstance(value, str) and isinstance(found, models.DateField):
        return parse_date(value) or value
    return value


def _pk_value(model: type[models.Model], raw: Any) -> Any:
    try:
        return model._meta.pk.to_python(raw)  # type: ignore[union-attr]
    except Exception:
        return raw


def _change_url(model: type[models.Model], pk: Any) -> str | None:
    if model not in admin.site._registry:
        return None
    try:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[pk])
    except NoReverseMatch:
        return None


def describe(events: Iterable[AuditEvent], *, viewer: Any) -> dict[str, Description]:
    """Descriptions of ``events`` for ``viewer``, keyed by event (``pgh_slug``)."""
    return Describer(events, full_identity=can_see_full_identity(viewer)).describe()


class LabelFilter(pghistory.admin.core.LabelFilter):
    title = _("what happened")  # type: ignore[assignment]

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        found = super().lookups(request, model_admin)
        return [(label, label_text(label)) for label, _name in found]


class RecordTypeFilter(pghistory.admin.core.EventModelFilter):
    title = _("record type")  # type: ignore[assignment]

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        event_models = pghistory.admin.core._filter_event_models(request)
        found = [
            (event_model._meta.label_lower, str(event_model.pgh_tracked_model._meta.verbose_name))
            for event_model in event_models
            if event_model.pgh_tracked_model is not None
        ]
        return sorted(found, key=lambda pair: pair[1])


class MethodFilter(pghistory.admin.core.MethodFilter):
    title = _("events")  # type: ignore[assignment]

    def lookups(self, request: HttpRequest, model_admin: Any) -> tuple[tuple[str, str], ...]:
        return (("tracks", str(_("of this record"))), ("references", str(_("naming this record"))))


class ObjFilter(pghistory.admin.core.ObjFilter):
    title = _("record")  # type: ignore[assignment]


class ModelFilter(pghistory.admin.core.ModelFilter):
    title = _("record type")  # type: ignore[assignment]


class AuditChangeList(pghistory.admin.core.EventsChangeList):
    """Describes the page's events once, after the page is cut (a fixed number of queries)."""

    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        descriptions = describe(self.result_list, viewer=request.user)
        for event in self.result_list:
            event.audit = descriptions[event.pgh_slug]


class AuditEventAdmin(ExportAdmin, pghistory.admin.EventsAdmin):
    """The audit log: read-only (no add, change or delete: the history cannot be rewritten)."""

    change_list_template = "admin/licang/auditevent/change_list.html"
    change_form_template = "admin/licang/auditevent/change_form.html"
    list_display_links = ["when"]
    list_per_page = 50
    readonly_fields = ["when", "kind", "record", "what", "changes", "actor", "url"]
    fields = readonly_fields  # type: ignore[assignment]

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return AuditChangeList

    def get_list_display(self, request: HttpRequest) -> list[str]:  # type: ignore[override]
        return ["when", "kind", "record", "what", "changes", "actor"]

    def prepare_spreadsheet_rows(self, request: HttpRequest, objs: list[Any]) -> None:
        descriptions = describe(objs, viewer=request.user)
        for event in objs:
            event.audit = descriptions[event.pgh_slug]

    def get_list_filter(self, request: HttpRequest) -> list[Any]:  # type: ignore[override]
        filters: list[Any] = [LabelFilter, RecordTypeFilter]
        if "obj" in request.GET:
            filters.extend([MethodFilter, ObjFilter, pghistory.admin.core.BackFilter])
        elif "model" in request.GET:
            filters.extend([ModelFilter, pghistory.admin.core.BackFilter])
        return filters

    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        event = super().get_object(request, object_id, from_field)
        if event is not None:
            event.audit = describe([event], viewer=request.user)[event.pgh_slug]
        return event

    @admin.display(description=_("when"), ordering="pgh_created_at")
    def when(self, event: AuditEvent) -> str:
        at = timezone.localtime(event.pgh_created_at)
        return formats.date_format(at, "SHORT_DATETIME_FORMAT")

    @admin.display(description=_("record type"))
    def kind(self, event: AuditEvent) -> str:
        return event.audit.kind  # type: ignore[attr-defined,no-any-return]

    @admin.display(description=_("record"))
    def record(self, event: AuditEvent) -> str:
        described: Description = event.audit  # type: ignore[attr-defined]
        if described.record_url:
            return format_html('<a href="{}">{}</a>', described.record_url, described.record)
        return described.record

    @admin.display(description=_("what happened"))
    def what(self, event: AuditEvent) -> str:
        return event.audit.label  # type: ignore[attr-defined,no-any-return]

    @admin.display(description=_("changes"))
    def changes(self, event: AuditEvent) -> SafeString | str:
        described: Description = event.audit  # type: ignore[attr-defined]
        if not described.changes:
            return "—"
        # the line is ours (the catalogue's "{field}: {before} → {after}"); the values are escaped
        line = gettext("{field}: {before} → {after}")
        return format_html(
            '<ul class="audit-changes">{}</ul>',
            format_html_join(
                "",
                "<li>{}</li>",
                (
                    (
                        format_html(
                            line,
                            field=format_html('<span class="audit-field">{}</span>', change.field),
                            before=change.before,
                            after=change.after,
                        ),
                    )
                    for change in described.changes
                ),
            ),
        )

    @admin.display(description=_("changed by"))
    def actor(self, event: AuditEvent) -> str:
        return event.audit.actor or "—"  # type: ignore[attr-defined,no-any-return]
