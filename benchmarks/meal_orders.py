"""Meal orders under contention, over HTTP to a production server (not part of ``make test``).

    .venv/bin/python -m benchmarks.meal_orders [--clients 60] [--orders 20] [--workers 4]

Needs ``DATABASE_URL`` pointing at a scratch database (it is migrated and given a benchmark
caterer, points and menus; nothing else is touched) and gunicorn (installed into the virtualenv
if missing). The portal is served by gunicorn with production settings (DEBUG off, static files
collected into a temporary folder) on 127.0.0.1, and driven by ``--clients`` threads, each with its
own token and keep-alive connection, each sending ``--orders`` orders:

- one meal: every client orders the same lunch, whose seats are fewer than the orders sent, so
  that the last ones are refused with ``meal_full``;
- sixty meals: each client orders its own point's lunch, with the same seats each.

It prints the orders (answers) per second of both, their ratio (contention may cost at most
20%: the ratio must be at least 0.8) and the overbooked count, which must be 0, and exits non-zero
when either goal is missed.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass
class Run:
    name: str
    seconds: float
    created: int
    refused: int
    errors: int
    overbooked: int

    @property
    def per_second(self) -> float:
        return (self.created + self.refused) / self.seconds


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(static_root: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="licang.settings",
        DEBUG="",
        SECRET_KEY="benchmark-only-secret-key-0123456789-abcdefghij",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        STATIC_ROOT=static_root,
        API_THROTTLE_RATE="1000000/minute",
        LOG_LEVEL="ERROR",  # a refused order is logged as a warning; a thousand of them are noise
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def seed(clients: int, seats: int) -> tuple[str, list[str], list[str], datetime.date]:
    """A caterer with one token per client, one point with a lunch for everyone and one point per
    client, each with tomorrow's lunch published (before its cut-off whatever the hour)."""
    import django

    django.setup()
    from eldercare import actions
    from eldercare.models import MealPoint, Menu, Order
    from licang.actions import partner_save, token_issue
    from licang.models import Partner
    from licang.registry import actions as registry_actions
    from licang.registry.models import Community, Subdistrict

    day = datetime.datetime.now(SHANGHAI).date() + datetime.timedelta(days=1)
    caterer = Partner.objects.filter(name="基准测试配餐公司").first() or partner_save(
        partner=Partner(name="基准测试配餐公司", kind=Partner.Kind.CATERER)
    )
    community = Community.objects.select_related("subdistrict").first()
    if community is None:
        community = registry_actions.community_save(
            community=Community(subdistrict=Subdistrict.objects.first(), name="基准测试社区")
        )
    Order.objects.filter(point__operator=caterer).delete()
    codes = []
    for number in range(clients + 1):
        code = f"bench-{number:03d}"
        point = MealPoint.objects.filter(code=code).first() or MealPoint(code=code)
        point.name = point.name_zh_hans = f"基准测试助餐点{number}"  # type: ignore[attr-defined]
        point.address = point.address_zh_hans = "基准测试路1号"  # type: ignore[attr-defined]
        point.operating_model = MealPoint.OperatingModel.CANTEEN
        point.operator = caterer
        point.subdistrict = community.subdistrict
        point.community = community
        point.latitude, point.longitude = Decimal("36.16"), Decimal("120.43")
        point.meals = ["lunch"]
        point.lunch_capacity = seats
        actions.meal_point_save(point=point)
        if not Menu.objects.filter(point=point, date=day, meal="lunch").exists():
            dishes = [{"name": f"菜{i}", "price": Decimal("5")} for i in range(10)]
            actions.menu_publish(
                point=point, date=day, meal="lunch", dishes=dishes, set_price=Decimal("12")
            )
        codes.append(code)
    secrets = [token_issue(partner=caterer, name=f"bench {n}")[1] for n in range(clients)]
    return codes[0], codes[1:], secrets, day


def drive(port: int, secrets: list[str], bodies: list[dict[str, str]], orders: int) -> tuple:
    """Each client sends its orders on its own keep-alive connection, all starting together."""
    barrier = threading.Barrier(len(secrets) + 1)
    counts = {"created": 0, "refused": 0, "errors": 0}
    lock = threading.Lock()

    def client(secret: str, body: dict[str, str]) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {secret}"}
        payload = json.dumps(body)
        # warm up: the token, the worker's connection and the code paths, before the clock starts
        for _ in range(3):
            connection.request("GET", "/api/v1/eldercare/orders/?page_size=1", headers=headers)
            connection.getresponse().read()
        barrier.wait()
        for _ in range(orders):
            try:
                connection.request("POST", "/api/v1/eldercare/orders/", payload, headers)
                response = connection.getresponse()
                answer = json.loads(response.read())
                key = (
                    "created"
                    if response.status == 201
                    else "refused"
                    if answer.get("code") == "meal_full"
                    else "errors"
                )
            except (OSError, http.client.HTTPException, ValueError):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                key = "errors"
            with lock:
                counts[key] += 1
        connection.close()

    threads = [
        threading.Thread(target=client, args=pair) for pair in zip(secrets, bodies, strict=True)
    ]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, counts


def overbooked(codes: list[str], seats: int, day: datetime.date) -> int:
    from django.db.models import Count

    from eldercare.models import Order

    taken = (
        Order.objects.filter(point__code__in=codes, date=day, meal="lunch")
        .exclude(status="cancelled")
        .values("point")
        .annotate(n=Count("id"))
    )
    return sum(max(0, row["n"] - seats) for row in taken)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=60)
    parser.add_argument("--orders", type=int, default=20, help="orders sent by each client")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("Set DATABASE_URL to a scratch PostgreSQL database.")
    if shutil.which("gunicorn", path=str(Path(sys.executable).parent)) is None:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "gunicorn"], check=True)
    # fewer seats than orders at the one meal: the last orders are refused, none overbooked
    seats = args.clients * args.orders * 3 // 4
    static_root = tempfile.mkdtemp(prefix="licang-bench-static-")
    env = server_env(static_root)
    os.environ.update({k: v for k, v in env.items() if k != "DJANGO_SETTINGS_MODULE"})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "licang.settings")
    sys.path.insert(0, str(ROOT))
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "collectstatic", "--no-input", "-v0")
    shared, own, secrets, day = seed(args.clients, seats)
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "licang.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        body = {"date": day.isoformat(), "meal": "lunch", "mode": "dine_in"}
        runs = []
        for name, bodies, codes in [
            ("one meal", [{**body, "point": shared}] * args.clients, [shared]),
            ("sixty meals", [{**body, "point": code} for code in own], own),
        ]:
            seconds, counts = drive(port, secrets, bodies, args.orders)
            runs.append(Run(name, seconds, **counts, overbooked=overbooked(codes, seats, day)))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(static_root, ignore_errors=True)
    print(f"{args.clients} clients × {args.orders} orders, gunicorn with {args.workers} workers")
    header = ("case", "orders/s", "created", "refused", "errors", "overbooked")
    print("{:<12} {:>9} {:>8} {:>8} {:>7} {:>11}".format(*header))
    for run in runs:
        print(
            f"{run.name:<12} {run.per_second:>9.1f} {run.created:>8} {run.refused:>8} "
            f"{run.errors:>7} {run.overbooked:>11}"
        )
    ratio = runs[0].per_second / runs[1].per_second
    booked = sum(run.overbooked for run in runs)
    print(f"contention ratio (one meal / sixty meals): {ratio:.2f} (goal ≥ 0.80)")
    print(f"overbooked: {booked} (goal 0)")
    return 0 if ratio >= 0.8 and booked == 0 and not any(run.errors for run in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
