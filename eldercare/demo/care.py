"""The care centers' activities in the demo: a term of classes and an outing at each center, with
the outing's sign-ups."""

from __future__ import annotations

import datetime
import random

from eldercare import actions
from eldercare.models import Activity, ActivitySignup, CareCenter
from licang.registry.demo import GIVEN, SURNAMES

CLASSES = [
    ("书法班", "Calligraphy", "每周二、四上午9:00–10:30", "Tue and Thu 9:00–10:30"),
    ("太极拳", "Tai chi", "每周一、三、五早上7:30", "Mon, Wed, Fri 7:30"),
    ("智能手机课", "Using a smartphone", "每周三下午2:30", "Wed 14:30"),
    ("老年合唱团", "Seniors' choir", "每周五下午3:00", "Fri 15:00"),
]
OUTINGS = [
    ("崂山北九水一日游", "A day at Beijiushui, Laoshan", "崂山北九水", "Beijiushui, Laoshan"),
    ("李村公园赏菊", "Chrysanthemums in Licun Park", "李村公园", "Licun Park"),
    ("青岛啤酒博物馆参观", "Tsingtao Beer Museum", "登州路56号", "56 Dengzhou Road"),
]


def _activities(rng: random.Random, centers: list[CareCenter], today: datetime.date) -> None:
    for number, center in enumerate(centers):
        zh, en, schedule, schedule_en = CLASSES[number % len(CLASSES)]
        term = Activity(
            center=center,
            kind=Activity.Kind.CLASS,
            title=zh,
            place=f"{center.name}二楼教室",
            schedule=schedule,
            starts_on=today + datetime.timedelta(days=7 + number % 5),
            ends_on=today + datetime.timedelta(days=90),
            capacity=20 + 5 * (number % 3),
            signup_closes_on=today + datetime.timedelta(days=5),
        )
        term.title_en, term.schedule_en = en, schedule_en  # type: ignore[attr-defined]
        term.place_en = f"Classroom, first floor, {center.name_en}"  # type: ignore[attr-defined]
        actions.activity_save(activity=term)
        zh, en, place, place_en = OUTINGS[number % len(OUTINGS)]
        day = today + datetime.timedelta(days=10 + number)
        outing = Activity(
            center=center,
            kind=Activity.Kind.OUTING,
            title=zh,
            place=place,
            schedule="早上8:00中心门口集合",
            starts_on=day,
            ends_on=day,
            capacity=12,
            signup_closes_on=day - datetime.timedelta(days=2),
        )
        outing.title_en, outing.place_en = en, place_en  # type: ignore[attr-defined]
        outing.schedule_en = "Meet at the center's door at 8:00"  # type: ignore[attr-defined]
        actions.activity_save(activity=outing)
        signups = 12 if number == 0 else rng.randint(2, 9)
        ActivitySignup.objects.bulk_create(
            [
                ActivitySignup(
                    activity=outing,
                    name=rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                    phone=f"139{number:02d}{index:06d}",
                )
                for index in range(signups)
            ]
        )
