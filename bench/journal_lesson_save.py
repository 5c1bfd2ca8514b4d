"""The morning peak (issue 5, Performance): teachers save lessons (topic, homework,
attendance for 25 students, a few marks) in one request each, through the real REST API
(real JWT verification against the issuer's JWKS, row-level security, the outbox), from 64
concurrent clients; then parents read a diary. Baseline in the same run: the same rows
written by a plain asyncpg script straight into PostgreSQL, with the same concurrency.

    .venv/bin/python bench/journal_lesson_save.py [--seconds 60] [--clients 64]
        [--instance test-4] [--keycloak] [--journal-workers N]

Starts its own platform instance with fresh databases (identity's own issuer unless
--keycloak) and stops it at the end; the journal runs with as many worker processes as
`./okrug up` gives it (okrug_local.services.demo_workers) unless --journal-workers says.
Each client saves its own lesson over and over (a fresh lesson per save would need tens of
thousands of timetable entries): every save rewrites the record and the attendance and adds
three marks, so the work per request is the same as a first save. The diary read is a
parent's GET /diary/students/{child}/week?date=<the lessons' week> (the parent's own child),
or GET /students/{child}/marks where the diary week is not served.

Every figure comes with the load average: the machine is shared, and a load above the
number of cores means the figures are lower than the code can do."""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.support builds the school

from okrug_local import accounts, postgres, processes
from okrug_local.platform import Platform, start
from okrug_local.services import demo_workers
from tests.support import PASSWORD, Account, District, create_school, expect, unique

STUDENTS = 25


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    elapsed: float = 0.0

    def line(self, what: str) -> str:
        n = len(self.latencies)
        rate = n / self.elapsed if self.elapsed else 0.0
        if not n:
            return f"{what}: nothing succeeded; errors {self.errors}"
        ordered = sorted(self.latencies)
        p99 = ordered[min(n - 1, int(n * 0.99))]
        return (
            f"{what}: {n} in {self.elapsed:.1f} s = {rate:.0f}/s, median "
            f"{statistics.median(ordered) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms"
            + (f", errors {self.errors}" if self.errors else "")
        )

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0


@dataclass
class Fixture:
    school_id: str
    teacher_headers: dict[str, str]
    parent_headers: dict[str, str]
    child_id: str
    class_id: str
    subject_id: str
    teacher_id: str
    lessons: list[str]
    students: list[str]
    week_of: str  # a day of the lessons' week (ISO date)


def build(platform: Platform, clients: int) -> Fixture:
    """A school through the public APIs: 25 students in a class, a lesson per client."""
    identity, schedule = platform.url("identity"), platform.url("schedule")
    admin_name = unique("bench.district.")
    district_admin_id = accounts.create_district_staff(
        platform.instance,
        platform.issuer,
        username=admin_name,
        password=PASSWORD,
        last_name="Районный",
        first_name="Администратор",
        roles=("district-admin",),
    )
    district = District(
        platform,
        Account(admin_name, district_admin_id, None, platform),
        Account(admin_name, district_admin_id, None, platform),
    )
    school = create_school(platform, district, unique("МБОУ СОШ бенчмарк "))
    admin = school.admin.headers
    students = [school.student.id, school.other_student.id]
    for i in range(STUDENTS - len(students)):
        created = expect(
            httpx.post(
                f"{identity}/persons",
                json={
                    "kind": "student",
                    "last_name": "Ученик",
                    "first_name": f"Номер{i}",
                    "username": unique("bench.st."),
                    "password": PASSWORD,
                },
                headers=admin,
                timeout=30,
            ),
            201,
        )
        expect(
            httpx.post(
                f"{schedule}/classes/{school.class_id}/members",
                json={"student_id": created["id"]},
                headers=admin,
                timeout=30,
            ),
            201,
        )
        students.append(created["id"])
    lessons = []
    base = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(days=3)
    for i in range(clients):
        starts = base + timedelta(hours=i + 1, minutes=1)
        lesson = expect(
            httpx.post(
                f"{schedule}/lessons",
                json={
                    "class_id": school.class_id,
                    "subject_id": school.subject_id,
                    "teacher_id": school.teacher.id,
                    "starts_at": starts.isoformat(),
                    "ends_at": (starts + timedelta(minutes=45)).isoformat(),
                },
                headers=admin,
                timeout=30,
            ),
            201,
        )
        lessons.append(lesson["id"])
    return Fixture(
        school.id,
        school.teacher.headers,
        school.parent.headers,
        school.student.id,
        school.class_id,
        school.subject_id,
        school.teacher.id,
        lessons,
        students,
        (base + timedelta(hours=1)).date().isoformat(),
    )


def lesson_body(students: list[str], n: int) -> dict[str, Any]:
    return {
        "topic": f"Тема урока {n}",
        "work_types": ["classwork", "oral"],
        "homework": {"text": "Решить задачи", "pages": "стр. 45", "exercises": "№ 112, 115"},
        "attendance": [
            {"student_id": s, "status": "absent" if i == 0 else "late" if i == 1 else "present"}
            | ({"reason": "illness"} if i == 0 else {})
            for i, s in enumerate(students)
        ],
        "marks": [
            {"student_id": students[2 + n % 20], "value": "5", "work_type": "oral"},
            {"student_id": students[3 + n % 20], "value": "4", "work_type": "classwork"},
            {"student_id": students[4 + n % 20], "value": "3", "work_type": "oral"},
        ],
    }


async def drive_http(
    url_of: list[str], method: str, headers: dict[str, str], seconds: float, body: Any
) -> Run:
    run = Run()
    limits = httpx.Limits(max_connections=len(url_of), max_keepalive_connections=len(url_of))
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        deadline = time.perf_counter() + seconds

        async def worker(url: str) -> None:
            n = 0
            while time.perf_counter() < deadline:
                began = time.perf_counter()
                try:
                    response = await client.request(
                        method, url, json=body(n) if body else None, headers=headers
                    )
                    if response.status_code < 300:
                        run.latencies.append(time.perf_counter() - began)
                    else:
                        key = str(response.status_code)
                        run.errors[key] = run.errors.get(key, 0) + 1
                except httpx.HTTPError as exc:
                    key = type(exc).__name__
                    run.errors[key] = run.errors.get(key, 0) + 1
                n += 1

        began = time.perf_counter()
        await asyncio.gather(*(worker(u) for u in url_of))
        run.elapsed = time.perf_counter() - began
    return run


async def baseline(platform: Platform, fx: Fixture, seconds: float, clients: int) -> Run:
    """The same rows (lesson record, attendance, marks, timeliness facts, outbox events)
    written straight into PostgreSQL by asyncpg as the app role, one transaction per save."""
    url = postgres.database_urls(platform.instance, "journal", driver="postgresql")["app"]
    pool = await asyncpg.create_pool(url, min_size=clients // 2, max_size=clients // 2)
    run = Run()
    deadline = time.perf_counter() + seconds
    school = uuid.UUID(fx.school_id)
    teacher = uuid.UUID(fx.teacher_id)
    students = [uuid.UUID(s) for s in fx.students]
    payload = b"x" * 200

    async def save(lesson: uuid.UUID, n: int) -> None:
        now = datetime.now(UTC)
        async with pool.acquire() as conn, conn.transaction():
            await conn.execute("SELECT set_config('app.school_id', $1, true)", str(school))
            await conn.execute(
                "INSERT INTO lesson_records (school_id, lesson_id, topic, work_types, homework, "
                "held, teacher_id, recorded_by, recorded_at, updated_at) VALUES "
                '($1, $2, $3, \'["classwork"]\', \'{"text": "Решить"}\', true, $4, $4, $5, $5) '
                "ON CONFLICT (school_id, lesson_id) DO UPDATE SET topic = excluded.topic, "
                "updated_at = excluded.updated_at",
                school,
                lesson,
                f"Тема {n}",
                teacher,
                now,
            )
            await conn.execute(
                "DELETE FROM attendance WHERE school_id = $1 AND lesson_id = $2", school, lesson
            )
            await conn.executemany(
                "INSERT INTO attendance (school_id, lesson_id, student_id, status, reason, "
                "recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                [
                    (school, lesson, students[0], "absent", "illness", teacher, now),
                    (school, lesson, students[1], "late", None, teacher, now),
                ],
            )
            await conn.executemany(
                "INSERT INTO marks (school_id, id, lesson_id, student_id, scale, value, "
                "work_type, weight, recorded_by, recorded_at) VALUES "
                "($1, $2, $3, $4, 'five-point', $5, 'oral', 1, $6, $7)",
                [
                    (school, uuid.uuid4(), lesson, students[2 + (n + k) % 20], v, teacher, now)
                    for k, v in enumerate(("5", "4", "3"))
                ],
            )
            await conn.executemany(
                "INSERT INTO entry_timeliness (school_id, id, fact_id, kind, timeliness, "
                "entity_id, lesson_id, teacher_id, entered_by, entered_at, due_at) "
                "VALUES ($1, $2, $2, $3, 'on_time', $4, $4, $5, $5, $6, $6)",
                [
                    (school, uuid.uuid4(), kind, lesson, teacher, now)
                    for kind in ("topic", "homework", "attendance", "mark", "mark", "mark")
                ],
            )
            await conn.executemany(
                "INSERT INTO outbox (id, school_id, subject, payload, headers) "
                "VALUES ($1, $2, $3, $4, '{}')",
                [
                    (uuid.uuid4(), school, f"okrug.journal.bench.baseline{k}", payload)
                    for k in range(6)
                ],
            )

    async def worker(i: int) -> None:
        lesson = uuid.uuid4()  # a lesson of its own; the journal does not check projections here
        n = 0
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            try:
                await save(lesson, n)
                run.latencies.append(time.perf_counter() - began)
            except asyncpg.PostgresError as exc:
                key = type(exc).__name__
                run.errors[key] = run.errors.get(key, 0) + 1
            n += 1

    began = time.perf_counter()
    await asyncio.gather(*(worker(i) for i in range(clients)))
    run.elapsed = time.perf_counter() - began
    await pool.close()
    return run


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100.0  # utime + stime, clock ticks


def group_cpu(pid: int | None) -> float:
    """CPU seconds of a process and its children (the journal's workers)."""
    if pid is None:
        return 0.0
    total = 0.0
    for p in [pid, *processes.descendants(pid)]:
        try:
            total += cpu_seconds(p)
        except (OSError, ValueError, IndexError):
            continue
    return total


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (5 min {five:.1f}) on {os.cpu_count()} cores"


def diary_target(fx: Fixture, journal: str) -> tuple[str, str]:
    """The diary week of the parent's own child when the journal serves it, else the
    child's marks."""
    week = f"{journal}/diary/students/{fx.child_id}/week?date={fx.week_of}"
    probe = httpx.get(week, headers=fx.parent_headers, timeout=30)
    if probe.status_code == 200:
        lessons = sum(len(d["lessons"]) for d in probe.json()["days"])
        return week, f"diary week (GET /diary/students/{{child}}/week, {lessons} lessons)"
    return (
        f"{journal}/students/{fx.child_id}/marks",
        f"child's marks (GET /students/{{child}}/marks; the week answered {probe.status_code})",
    )


def outbox_backlog(platform: Platform) -> int:
    url = postgres.database_urls(platform.instance, "journal", driver="postgresql")["relay"]

    async def count() -> int:
        conn = await asyncpg.connect(url)
        try:
            return int(await conn.fetchval("SELECT count(*) FROM outbox"))
        finally:
            await conn.close()

    return asyncio.run(count())


def limits(saves: Run, journal_cpu: float, pg_cpu: float, client_cpu: float, workers: int) -> str:
    """Which resource ran out during the saves: the journal's workers, PostgreSQL, or the
    machine itself (two cores shared with the load generator and other engineers)."""
    seconds = saves.elapsed or 1.0
    journal_share = journal_cpu / seconds
    cores = os.cpu_count() or 1
    used = (journal_cpu + pg_cpu + client_cpu) / seconds
    per_save_ms = journal_cpu / max(1, len(saves.latencies)) * 1000
    pg_per_save_ms = pg_cpu / max(1, len(saves.latencies)) * 1000
    if journal_share >= 0.85 * workers:
        what = f"the journal's {workers} worker(s) are CPU-bound"
    elif used >= 0.85 * cores:
        what = f"the machine's {cores} cores are used up (journal + PostgreSQL + load generator)"
    elif os.getloadavg()[0] >= cores:
        what = (
            f"the machine is shared: the run got {used * 100:.0f}% of one core of {cores} "
            f"(load average {os.getloadavg()[0]:.1f}), the rest went to other processes"
        )
    else:
        what = "neither the journal nor the cores are saturated: waits (locks, fsync, network)"
    return (
        f"limited by: {what}; per save the journal spends {per_save_ms:.1f} ms of CPU and "
        f"PostgreSQL {pg_per_save_ms:.1f} ms, so {cores} cores allow about "
        f"{cores * 1000 / max(0.1, per_save_ms + pg_per_save_ms):.0f} saves/s "
        f"before the load generator's share"
    )


def postgres_cpu(platform: Platform) -> float:
    pid = postgres.postmaster_pid(platform.instance)
    total = 0.0
    for child in Path("/proc").iterdir():
        if not child.name.isdigit():
            continue
        try:
            stat = (child / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == pid or int(child.name) == pid:
                total += cpu_seconds(int(child.name))
        except (OSError, ValueError, IndexError):
            continue
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--instance", default="test-4")
    parser.add_argument("--keycloak", action="store_true")
    parser.add_argument("--journal-workers", type=int, default=demo_workers()["journal"])
    args = parser.parse_args()
    workers = args.journal_workers

    platform = start(
        args.instance, keycloak=args.keycloak, fresh=True, workers={"journal": workers}
    )
    try:
        fx = build(platform, args.clients)
        journal = platform.url("journal")
        urls = [f"{journal}/lessons/{lesson}/record" for lesson in fx.lessons]
        # warm-up: projections filled from schedule, JWKS cached, connections open
        asyncio.run(
            drive_http(urls, "PUT", fx.teacher_headers, 3, lambda n: lesson_body(fx.students, n))
        )
        record = processes.read_record(platform.instance.name, "journal")
        journal_pid = record.pid if record else None
        load_before = load()
        cpu_before = (group_cpu(journal_pid), postgres_cpu(platform))
        client_before = resource.getrusage(resource.RUSAGE_SELF)
        saves = asyncio.run(
            drive_http(
                urls, "PUT", fx.teacher_headers, args.seconds, lambda n: lesson_body(fx.students, n)
            )
        )
        cpu_after = (group_cpu(journal_pid), postgres_cpu(platform))
        client_after = resource.getrusage(resource.RUSAGE_SELF)
        load_saves = load()
        backlog = outbox_backlog(platform)
        client_cpu = (client_after.ru_utime + client_after.ru_stime) - (
            client_before.ru_utime + client_before.ru_stime
        )
        diary_url, diary_what = diary_target(fx, journal)
        asyncio.run(drive_http([diary_url] * args.clients, "GET", fx.parent_headers, 2, None))
        diary_cpu_before = (group_cpu(journal_pid), postgres_cpu(platform))
        diary = asyncio.run(
            drive_http(
                [diary_url] * args.clients, "GET", fx.parent_headers, min(args.seconds, 30), None
            )
        )
        diary_cpu = [
            a - b
            for a, b in zip(
                (group_cpu(journal_pid), postgres_cpu(platform)), diary_cpu_before, strict=True
            )
        ]
        load_diary = load()
        base = asyncio.run(baseline(platform, fx, args.seconds, args.clients))
        load_base = load()
    finally:
        platform.stop()

    journal_cpu = cpu_after[0] - cpu_before[0]
    pg_cpu = cpu_after[1] - cpu_before[1]
    print(
        f"\nlesson save, {args.clients} clients, {args.seconds:.0f} s, REST API (real JWT, RLS, "
        f"outbox), journal with {workers} worker(s); {load_before} before:"
    )
    print("  " + saves.line("lesson saves") + f"; {load_saves}")
    print("  " + base.line("baseline (asyncpg, same rows)") + f"; {load_base}")
    if base.rate:
        print(f"  ratio to the baseline: {saves.rate / base.rate:.2f}")
    print("  target: >= 700 saves/s, p99 < 100 ms")
    print(
        f"  where the time went during the REST run: journal {journal_cpu:.1f} CPU-s "
        f"({journal_cpu / saves.elapsed * 100:.0f}% of one core), PostgreSQL {pg_cpu:.1f} CPU-s "
        f"({pg_cpu / saves.elapsed * 100:.0f}%), the load generator {client_cpu:.1f} CPU-s "
        f"({client_cpu / saves.elapsed * 100:.0f}%); outbox rows not yet relayed: {backlog}"
    )
    print("  " + limits(saves, journal_cpu, pg_cpu, client_cpu, workers))
    print(f"\nparent's {diary_what}, {args.clients} clients:")
    print("  " + diary.line("reads") + f"; {load_diary}")
    print("  target: >= 3000 reads/s, p99 < 50 ms")
    reads = max(1, len(diary.latencies))
    print(
        f"  per read: journal {diary_cpu[0] / reads * 1000:.2f} ms CPU, PostgreSQL "
        f"{diary_cpu[1] / reads * 1000:.2f} ms CPU; "
        + _diary_limit(diary, diary_cpu[0], diary_cpu[1], workers)
    )


def _diary_limit(diary: Run, journal_cpu: float, pg_cpu: float, workers: int) -> str:
    seconds = diary.elapsed or 1.0
    if journal_cpu / seconds >= 0.85 * workers:
        return f"limited by the journal's {workers} worker(s) (CPU-bound)"
    if (journal_cpu + pg_cpu) / seconds >= 0.85 * (os.cpu_count() or 1):
        return "limited by the machine's cores (journal + PostgreSQL)"
    if os.getloadavg()[0] >= (os.cpu_count() or 1):
        share = (journal_cpu + pg_cpu) / seconds * 100
        return (
            f"limited by the shared machine: journal + PostgreSQL got {share:.0f}% of one core "
            f"(load average {os.getloadavg()[0]:.1f})"
        )
    return "limited by waits (PostgreSQL round trips, the load generator)"


if __name__ == "__main__":
    main()
