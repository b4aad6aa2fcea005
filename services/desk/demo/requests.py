"""The demo desk's requests: twenty at each center that accepts them, filed over the half year
before the demo is loaded and moved through the actions to every state, and the requests of the
registry demo's one-stop resident."""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from licang.registry.demo import GIVEN, ONE_STOP_ID_NUMBER, SURNAMES
from licang.registry.models import Resident
from services.centers.demo import MODEL_CENTER
from services.centers.models import Center, Volunteer
from services.desk import actions
from services.desk.demo.catalogue import SEED
from services.desk.models import REFERENCE_ALPHABET, ServiceItem, ServiceQuestion, ServiceRequest

# Requests are filed in the six months before the registry demo's reference date.
# Requests span the half year before the day the demo is loaded, so that a fresh demo shows a
# living queue (recent open requests, a few overdue) rather than one frozen at a past date. The
# draws are seeded: every load builds the same requests, only shifted in time.
REQUESTS_SPAN_DAYS = 183


REQUESTS_PER_CENTER = 20


def _answers(item: ServiceItem, rng: random.Random, on: datetime.date) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for question in item.questions.all():
        keys = [str(c["key"]) for c in question.choices]
        datatype = question.datatype
        if datatype == ServiceQuestion.Datatype.SINGLE:
            answers[question.code] = rng.choice(keys)
        elif datatype == ServiceQuestion.Datatype.MULTIPLE:
            answers[question.code] = rng.sample(keys, rng.randint(1, 2))
        elif datatype == ServiceQuestion.Datatype.NUMBER:
            answers[question.code] = str(rng.randint(1, 3))
        elif datatype == ServiceQuestion.Datatype.DATETIME:
            answers[question.code] = f"{on + datetime.timedelta(days=rng.randint(2, 9))}T09:00"
        else:
            answers[question.code] = rng.choice(
                ["心内科", "子女入学", "青岛市市立医院东院", "眼科"]
            )
    return answers


DESCRIPTIONS = [
    "家里老人行动不便，麻烦尽快安排。",
    "工作日白天家里有人，请提前电话联系。",
    "第二次来问了，希望这次能办好。",
    "",
    "",
    "邻居介绍过来的，谢谢。",
]


REJECT_REASONS = ["不符合申请条件：需年满80周岁。", "材料不全，请补充户口本后重新申请。"]


CANCEL_REASONS = ["居民来电：问题已自行解决。", "居民外出，暂不需要。"]


COMMENTS = [
    "师傅很专业，准时上门。",
    "办得很快，谢谢！",
    "态度很好。",
    "",
    "时间稍长，但结果满意。",
]


def load_requests(centers: list[Center], items: list[ServiceItem]) -> int:
    if ServiceRequest.objects.filter(center__in=centers).exists():
        return 0
    rng = random.Random(SEED)
    User = get_user_model()
    center_staff = User.objects.get(username="center_staff")
    district_admin = User.objects.get(username="district_admin")
    tz = timezone.get_default_timezone()
    now = timezone.now()
    until = timezone.localdate() - datetime.timedelta(days=1)
    span = REQUESTS_SPAN_DAYS
    created = 0
    channels = ["desk", "desk", "desk", "web", "web", "phone", "phone"]
    for center in centers:
        if not center.accepts_requests:
            continue
        offered = [i for i in items if any(c.pk == center.pk for c in i.centers.all())]
        residents = list(
            Resident.objects.filter(community__centers=center).exclude(phone="").order_by("pk")[:60]
        )
        volunteers = list(center.volunteers.order_by("pk"))
        staff = center_staff if center.slug == MODEL_CENTER else district_admin
        for number in range(REQUESTS_PER_CENTER):
            # the last few requests of each center are recent and still open
            recent = number >= REQUESTS_PER_CENTER - 6
            day = until - datetime.timedelta(
                days=rng.randint(0, 6) if recent else rng.randint(7, span)
            )
            at = datetime.datetime.combine(
                day, datetime.time(rng.randint(8, 19), rng.choice([0, 15, 30, 45])), tzinfo=tz
            )
            item = rng.choice(offered)
            resident = rng.choice(residents) if residents and rng.random() < 0.6 else None
            walk_in_name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(2))
            walk_in_phone = f"1{rng.choice('3578')}{rng.randint(0, 999_999_999):09d}"
            reference_chars = "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(8))
            request = actions.request_submit(
                center=center,
                item=item,
                resident=resident,
                name="" if resident else walk_in_name,
                phone="" if resident else walk_in_phone,
                channel=rng.choice(channels),
                description=rng.choice(DESCRIPTIONS),
                answers=_answers(item, rng, day),
                address=f"{rng.choice(center.communities.all()).name}{rng.randint(1, 30)}号楼"
                f"{rng.randint(1, 3)}单元{rng.randint(1, 18)}0{rng.randint(1, 4)}户"
                if item.needs_address
                else "",
                submitted_by=None if rng.random() < 0.3 else staff,
                at=at,
                reference=f"LJ-{reference_chars[:4]}-{reference_chars[4:]}",
            )
            created += 1
            target = _target(recent, rng)
            if center.slug == MODEL_CENTER and recent:
                target = MODEL_CENTER_RECENT[number - (REQUESTS_PER_CENTER - 6)]
            _advance(request, target=target, staff=staff, volunteers=volunteers, rng=rng, now=now)
    return created


# Where the recent requests of the model center end up: one in every state, so the demo queue
# shows each of them whatever the random draws.
MODEL_CENTER_RECENT = ["submitted", "accepted", "in_progress", "completed", "rejected", "cancelled"]


def _target(recent: bool, rng: random.Random) -> str:
    """Where a demo request ends: old ones mostly done, recent ones part of the way."""
    outcome = rng.random()
    if outcome > 0.94:
        return "cancelled"
    if outcome > 0.90:
        return "rejected"
    if recent:
        return rng.choice(["submitted", "submitted", "accepted", "in_progress", "completed"])
    return "completed"


def _advance(
    request: ServiceRequest,
    *,
    target: str,
    staff: Any,
    volunteers: list[Volunteer],
    rng: random.Random,
    now: datetime.datetime,
) -> None:
    """Move a demo request to ``target`` through the actions, at plausible times, none after
    ``now`` (the demo holds no future timestamps: a move drawn later than that happens halfway
    between the previous one and now instead, so the request still reaches its state)."""

    def by_now(moment: datetime.datetime, previous: datetime.datetime) -> datetime.datetime:
        return moment if moment <= now else previous + (now - previous) / 2

    at = request.submitted_at
    step = datetime.timedelta(hours=rng.randint(1, 20))
    if target == "submitted":
        return
    if target == "cancelled":
        actions.request_cancel(
            service_request=request,
            actor=None,
            reason=rng.choice(CANCEL_REASONS),
            at=by_now(at + step, at),
        )
        return
    if target == "rejected":
        actions.request_reject(
            service_request=request,
            actor=staff,
            reason=rng.choice(REJECT_REASONS),
            at=by_now(at + step, at),
        )
        return
    at = by_now(at + step, at)
    request = actions.request_accept(service_request=request, actor=staff, at=at)
    if volunteers and rng.random() < 0.5:
        request = actions.request_assign(
            service_request=request, actor=staff, volunteer=rng.choice(volunteers), at=at
        )
    elif staff.username == "center_staff":
        request = actions.request_assign(service_request=request, actor=staff, staff=staff, at=at)
    if target == "accepted":
        return
    at = by_now(at + datetime.timedelta(hours=rng.randint(1, 30)), at)
    request = actions.request_start(service_request=request, actor=staff, at=at)
    if target == "in_progress":
        return
    # most are done within target, some late
    late = rng.random() < 0.15
    done = (
        request.due_at + datetime.timedelta(hours=rng.randint(2, 72))
        if late
        else min(at + datetime.timedelta(hours=rng.randint(2, 48)), request.due_at)
    )
    done = by_now(max(done, at + datetime.timedelta(minutes=30)), at)
    request = actions.request_complete(
        service_request=request, actor=staff, note="已办结，已电话回访。", at=done
    )
    verdict = rng.random()
    later = by_now(done + step, done)
    if verdict < 0.08:
        request = actions.request_reopen(
            service_request=request, comment="师傅走后又漏水了，问题没有解决。", at=later
        )
    elif verdict < 0.7:
        actions.request_rate(
            service_request=request,
            rating=rng.choices([5, 4, 3, 2], weights=[60, 25, 10, 5])[0],
            comment=rng.choice(COMMENTS),
            at=later,
        )


# The one-stop resident's requests at the 李村河畔 center: a tap mended last month, a hospital
# appointment being booked now (item code, days before the load, where it ends).
ONE_STOP_CENTER = "licun-hepan"
ONE_STOP_REQUESTS = [("JX02", 35, "completed"), ("YL01", 2, "accepted")]


def load_one_stop_requests(centers: list[Center], items: list[ServiceItem]) -> int:
    """The requests of the registry demo's one-stop resident (``ONE_STOP_ID_NUMBER``)."""
    resident = Resident.objects.filter(id_number=ONE_STOP_ID_NUMBER).first()
    center = next((c for c in centers if c.slug == ONE_STOP_CENTER), None)
    if resident is None or center is None or resident.service_requests.exists():
        return 0
    rng = random.Random(SEED + 1)
    staff = get_user_model().objects.get(username="district_admin")
    tz = timezone.get_default_timezone()
    now = timezone.now()
    by_code = {item.code: item for item in items}
    for code, days_before, target in ONE_STOP_REQUESTS:
        item = by_code[code]
        day = timezone.localdate() - datetime.timedelta(days=days_before)
        reference_chars = "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(8))
        request = actions.request_submit(
            center=center,
            item=item,
            resident=resident,
            name="",
            phone="",
            channel="desk",
            description=rng.choice(DESCRIPTIONS),
            answers=_answers(item, rng, day),
            address=resident.household.address if item.needs_address and resident.household else "",
            submitted_by=staff,
            at=datetime.datetime.combine(day, datetime.time(9, 30), tzinfo=tz),
            reference=f"LJ-{reference_chars[:4]}-{reference_chars[4:]}",
        )
        _advance(request, target=target, staff=staff, volunteers=[], rng=rng, now=now)
    return len(ONE_STOP_REQUESTS)
