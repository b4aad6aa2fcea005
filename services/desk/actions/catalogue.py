"""Actions of the desk's catalogue: categories, items and the questions items ask, and the check
of a request's answers to those questions."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from licang.errors import ConflictError
from services.centers.models import Center
from services.desk.models import ServiceCategory, ServiceItem, ServiceQuestion


def _save(record: Any) -> Any:
    record.full_clean()
    record.save()
    return record


def clean_text(value: Any) -> str:
    """``value`` as stripped text; ``None`` is empty."""
    return "" if value is None else str(value).strip()


@transaction.atomic
def service_category_save(*, category: ServiceCategory) -> ServiceCategory:
    return _save(category)


@transaction.atomic
def service_category_delete(*, category: ServiceCategory) -> None:
    """Remove a category entered by mistake. A category with items, active or not, stays: its
    items' requests are counted under it in the statistics."""
    if category.items.exists():
        raise ConflictError(
            _("“%(category)s” still has service items; move them to another category first.")
            % {"category": category.name},
            code="category_has_items",
        )
    category.delete()


@transaction.atomic
def service_item_save(*, item: ServiceItem, centers: Iterable[Center] | None = None) -> ServiceItem:
    """Save a catalogue item and, when ``centers`` is given, the centers that offer it."""
    _save(item)
    if centers is not None:
        item.centers.set(centers)
    return item


@transaction.atomic
def service_item_deactivate(*, item: ServiceItem) -> ServiceItem:
    """Take an item out of the catalogue: no new requests for it, while the requests already filed
    keep it (an item is never deleted)."""
    item.is_active = False
    item.full_clean()
    item.save(update_fields=["is_active"])
    return item


@transaction.atomic
def service_question_save(*, question: ServiceQuestion) -> ServiceQuestion:
    return _save(question)


@transaction.atomic
def service_question_delete(*, question: ServiceQuestion) -> None:
    """Stop asking a question. Requests that answered it keep their answer (shown by its code)."""
    question.delete()


def clean_answers(item: ServiceItem, answers: dict[str, Any] | None) -> dict[str, Any]:
    """The answers to ``item``'s questions, checked and normalised.

    Errors are keyed ``answers.<question code>``.
    """
    answers = dict(answers or {})
    questions = list(item.questions.all())
    known = {q.code for q in questions}
    errors: dict[str, list[ValidationError]] = {}
    cleaned: dict[str, Any] = {}
    for code in answers:
        if code not in known:
            errors[f"answers.{code}"] = [
                ValidationError(_("This service asks no such question."), code="unknown_question")
            ]
    Datatype = ServiceQuestion.Datatype
    for question in sorted(questions, key=lambda q: q.order):
        raw = answers.get(question.code)
        key = f"answers.{question.code}"
        values = raw if isinstance(raw, list | tuple) else ([] if raw in (None, "") else [raw])
        values = [clean_text(v) for v in values if clean_text(v)]
        if not values:
            if question.required:
                errors[key] = [ValidationError(_("Please answer this question."), code="required")]
            continue
        try:
            if question.datatype == Datatype.MULTIPLE:
                unknown = [v for v in values if v not in question.choice_names]
                if unknown:
                    raise ValidationError(_("Pick from the choices given."), code="invalid_choice")
                cleaned[question.code] = values
                continue
            if len(values) > 1:
                raise ValidationError(_("Give one answer."), code="invalid")
            value = values[0]
            if question.datatype == Datatype.SINGLE and value not in question.choice_names:
                raise ValidationError(_("Pick from the choices given."), code="invalid_choice")
            if question.datatype == Datatype.NUMBER:
                try:
                    number = Decimal(value)
                except InvalidOperation:
                    raise ValidationError(_("Enter a number."), code="invalid") from None
                if not number.is_finite():
                    raise ValidationError(_("Enter a number."), code="invalid")
                value = str(number)
            if question.datatype == Datatype.DATETIME:
                day = parse_date(value) if "T" not in value and ":" not in value else None
                parsed = parse_datetime(value) or (
                    datetime.datetime.combine(day, datetime.time()) if day else None
                )
                if parsed is None:
                    raise ValidationError(
                        _("Enter a date and time such as 2026-03-01 09:30."), code="invalid"
                    )
                if timezone.is_naive(parsed):
                    parsed = timezone.make_aware(parsed)
                value = parsed.isoformat()
            limit = 2000 if question.datatype == Datatype.TEXT else 200
            if len(value) > limit:
                raise ValidationError(
                    _("Keep the answer under %(limit)d characters.") % {"limit": limit},
                    code="max_length",
                )
            cleaned[question.code] = value
        except ValidationError as exc:
            errors[key] = [exc]
    if errors:
        raise ValidationError(errors)
    return cleaned
