"""Walking distance to a center and the "15-minute community life circle" (一刻钟便民生活圈).

GB 50180-2018 (城市居住区规划设计标准) draws the 15-minute life circle at a walking distance of
800–1,000 m; we take 1,000 m in 15 minutes (4 km/h, an unhurried pace that suits older
residents). Streets make a walk about 1.3 times the straight line between two points (the
usual detour factor of a city grid), so the estimate is the great-circle distance × 1.3.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

EARTH_RADIUS_M = 6_371_000
DETOUR_FACTOR = 1.3
METRES_PER_MINUTE = 1000 / 15
LIFE_CIRCLE_MINUTES = 15


def great_circle_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Haversine distance in metres between two WGS84 points."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = phi2 - phi1, math.radians(lng2 - lng1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


@dataclass(frozen=True)
class Walk:
    center: Any
    metres: int
    minutes: int

    @property
    def within_life_circle(self) -> bool:
        return self.minutes <= LIFE_CIRCLE_MINUTES


def walk_to(center: Any, lat: float, lng: float) -> Walk:
    metres = great_circle_m(lat, lng, float(center.latitude), float(center.longitude))
    walking = metres * DETOUR_FACTOR
    return Walk(
        center=center,
        metres=round(walking / 10) * 10,
        minutes=max(1, math.ceil(walking / METRES_PER_MINUTE)),
    )


def nearest(centers: list[Any], lat: float, lng: float, limit: int = 5) -> list[Walk]:
    """The ``limit`` centers nearest to a point on foot, nearest first."""
    walks = [walk_to(c, lat, lng) for c in centers if c.latitude is not None]
    return sorted(walks, key=lambda w: w.metres)[:limit]
