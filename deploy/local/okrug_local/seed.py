"""The demo district: its calendar of the school year, schools with their year (from the
district's calendar), classes 1-11 of that year, subjects, teachers, students, parents and a
week of lessons, created through the public REST APIs exactly as people would. The lessons
of the week that have begun are recorded by their teachers (topic, homework, attendance,
a few marks), so a parent's diary and the school's reports have something to show."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from faker import Faker

from .accounts import TokenClient, create_district_staff
from .platform import Platform

DEMO_PASSWORD = "Okrug-demo-2026"
ZONE = "Europe/Moscow"
SUBJECTS_BY_GRADE: dict[range, tuple[str, ...]] = {
    range(1, 5): (
        "Русский язык",
        "Литературное чтение",
        "Математика",
        "Окружающий мир",
        "Физическая культура",
    ),
    range(5, 10): (
        "Русский язык",
        "Литература",
        "Математика",
        "История",
        "Биология",
        "Английский язык",
        "Информатика",
    ),
    range(10, 12): (
        "Русский язык",
        "Литература",
        "Алгебра",
        "Геометрия",
        "Физика",
        "Химия",
        "Обществознание",
    ),
}
PERIODS = (
    (time(8, 30), time(9, 15)),
    (time(9, 25), time(10, 10)),
    (time(10, 30), time(11, 15)),
    (time(11, 35), time(12, 20)),
    (time(12, 30), time(13, 15)),
)


# A few topics of each subject's plan, so the demo diary reads like a real one.
TOPICS: dict[str, tuple[str, ...]] = {
    "Русский язык": ("Безударные гласные в корне", "Правописание приставок", "Сложные предложения"),
    "Литературное чтение": ("Сказки Пушкина", "Басни Крылова", "Рассказы о природе"),
    "Литература": (
        "А. С. Пушкин. «Капитанская дочка»",
        "Н. В. Гоголь. «Шинель»",
        "Лирика Лермонтова",
    ),
    "Математика": ("Сложение дробей", "Десятичные дроби", "Решение задач на движение"),
    "Окружающий мир": ("Времена года", "Растения нашего края", "Вода и её свойства"),
    "Физическая культура": ("Лёгкая атлетика: бег 60 м", "Подвижные игры", "Гимнастика"),
    "История": ("Древний Египет", "Киевская Русь", "Смутное время"),
    "Биология": ("Строение клетки", "Царство грибов", "Покрытосеменные растения"),
    "Английский язык": ("Present Simple", "My family", "Past Simple: irregular verbs"),
    "Информатика": ("Алгоритмы и исполнители", "Кодирование информации", "Циклы в Python"),
    "Алгебра": ("Квадратные уравнения", "Арифметическая прогрессия", "Логарифмы"),
    "Геометрия": ("Подобные треугольники", "Теорема Пифагора", "Векторы"),
    "Физика": ("Законы Ньютона", "Электрический ток", "Колебания и волны"),
    "Химия": ("Периодический закон", "Окислительно-восстановительные реакции", "Углеводороды"),
    "Обществознание": ("Человек и общество", "Экономика и рынок", "Право и закон"),
}
HOMEWORK = ("Повторить правило", "Выучить определения", "Решить задачи", "Прочитать параграф")
REASONS = ("illness", "excused", "unexcused")
MARK_VALUES = ("5", "5", "4", "4", "4", "3", "3", "2")  # a class's usual spread
GRADES_WITHOUT_MARKS = (1,)  # the district's default policy (J5)


def demo_calendar(start_year: int) -> dict[str, Any]:
    """The Russian school year 2026/27 as the district publishes it (S1): four terms, two
    half-years and the year, the autumn, winter and spring holidays and the public holidays
    that fall on school days; for another year the same dates in that year."""

    def day(month: int, number: int) -> str:
        return date(start_year if month >= 9 else start_year + 1, month, number).isoformat()

    periods = [
        ("term", 1, (9, 1), (10, 24)),
        ("term", 2, (11, 5), (12, 28)),
        ("term", 3, (1, 12), (3, 20)),
        ("term", 4, (3, 30), (5, 26)),
        ("half_year", 1, (9, 1), (12, 28)),
        ("half_year", 2, (1, 12), (5, 26)),
        ("year", 1, (9, 1), (5, 26)),
    ]
    holidays = [
        ("vacation", "Осенние каникулы", (10, 25), (11, 4)),
        ("vacation", "Зимние каникулы", (12, 29), (1, 11)),
        ("holiday", "День защитника Отечества", (2, 23), (2, 23)),
        ("holiday", "Международный женский день", (3, 8), (3, 8)),
        ("vacation", "Весенние каникулы", (3, 21), (3, 29)),
        ("holiday", "Праздник Весны и Труда", (5, 1), (5, 1)),
        ("holiday", "День Победы", (5, 9), (5, 10)),
    ]
    return {
        "name": f"{start_year}/{start_year + 1}",
        "starts_on": day(9, 1),
        "ends_on": day(8, 31),
        "default_period_kind": "term",
        "working_days_per_week": 5,
        "periods": [
            {"kind": k, "number": n, "starts_on": day(*a), "ends_on": day(*b)}
            for k, n, a, b in periods
        ],
        "holidays": [
            {"kind": k, "name": name, "starts_on": day(*a), "ends_on": day(*b)}
            for k, name, a, b in holidays
        ],
    }


def holiday_days(calendar: dict[str, Any]) -> set[date]:
    days: set[date] = set()
    for holiday in calendar["holidays"]:
        day, last = date.fromisoformat(holiday["starts_on"]), date.fromisoformat(holiday["ends_on"])
        while day <= last:
            days.add(day)
            day += timedelta(days=1)
    return days


def academic_year_start(day: date) -> int:
    return day.year if day.month >= 9 else day.year - 1


@dataclass(frozen=True)
class Size:
    schools: int
    letters: str
    students_per_class: int


SIZES = {
    "tiny": Size(1, "А", 3),
    "small": Size(2, "А", 6),
    "medium": Size(3, "АБ", 15),
    "large": Size(5, "АБВ", 25),
}


@dataclass
class DemoLogins:
    rows: list[tuple[str, str, str]] = field(default_factory=list)  # role, login, school

    def add(self, role: str, login: str, school: str = "—") -> None:
        self.rows.append((role, login, school))


def subjects_for(grade: int) -> tuple[str, ...]:
    return next(subjects for grades, subjects in SUBJECTS_BY_GRADE.items() if grade in grades)


class Seeder:
    def __init__(self, platform: Platform, size: Size, concurrency: int = 8) -> None:
        self.platform = platform
        self.size = size
        self.tokens = TokenClient(platform.issuer.token_url)
        self.http = httpx.AsyncClient(timeout=60)
        self.limit = asyncio.Semaphore(concurrency)
        self.faker = Faker("ru_RU")
        self.faker.seed_instance(2026)
        self.logins = DemoLogins()
        self.signed_in: dict[str, dict[str, str]] = {}
        self.admins: list[tuple[str, str]] = []  # each school's label and admin login
        self.calendar = demo_calendar(academic_year_start(date.today()))
        self.holidays = holiday_days(self.calendar)

    async def post(
        self, service: str, path: str, body: dict[str, Any], headers: dict[str, str]
    ) -> Any:
        async with self.limit:
            response = await self.http.post(
                f"{self.platform.url(service)}{path}", json=body, headers=headers
            )
        if response.status_code not in (200, 201):
            raise RuntimeError(
                f"POST /{service}{path}: {response.status_code} {response.text[:500]}"
            )
        return response.json()

    async def put(
        self, service: str, path: str, body: dict[str, Any], headers: dict[str, str]
    ) -> Any:
        async with self.limit:
            response = await self.http.put(
                f"{self.platform.url(service)}{path}", json=body, headers=headers
            )
        if response.status_code != 200:
            raise RuntimeError(
                f"PUT /{service}{path}: {response.status_code} {response.text[:500]}"
            )
        return response.json()

    def headers(self, username: str, school: str | None = None) -> dict[str, str]:
        return self.tokens.headers(username, DEMO_PASSWORD, school=school)

    def teacher_headers(self, username: str) -> dict[str, str]:
        """A teacher signs in once for all the lessons they record."""
        if username not in self.signed_in:
            self.signed_in[username] = self.headers(username)
        return self.signed_in[username]

    async def run(self) -> DemoLogins:
        for username, role in (
            ("district.admin", "district-admin"),
            ("support.agent", "support-agent"),
        ):
            create_district_staff(
                self.platform.instance,
                self.platform.issuer,
                username=username,
                password=DEMO_PASSWORD,
                last_name=self.faker.last_name_male(),
                first_name=self.faker.first_name_male(),
                roles=(role,),
            )
            self.logins.add(role, username)
        district = self.headers("district.admin")
        calendar = await self.post("schedule", "/district-calendars", self.calendar, district)
        for number in range(1, self.size.schools + 1):
            await self.school(number, district, calendar["id"])
        await self.teacher_of_two_schools()
        await self.http.aclose()
        return self.logins

    async def teacher_of_two_schools(self) -> None:
        """A teacher of school 1 is also the deputy director of school 2: one login, the
        school chosen at sign-in, each school's role held there only (I5)."""
        if len(self.admins) < 2:
            return
        (first, _), (second, second_admin) = self.admins[:2]
        login = self.teacher_logins(1, 2)[1]
        await self.post(
            "identity",
            "/persons/attach",
            {"username": login, "kind": "staff", "roles": ["deputy-director"]},
            self.headers(second_admin),
        )
        self.logins.add("teacher + deputy-director", login, f"{first} + {second}")

    async def school(self, number: int, district: dict[str, str], calendar_id: str) -> None:
        school = await self.post(
            "identity", "/schools", {"name": f"МБОУ СОШ № {number}", "time_zone": ZONE}, district
        )
        school_id, label = school["id"], f"СОШ № {number}"
        admin_login = f"school{number}.admin"
        await self.post(
            "identity",
            f"/schools/{school_id}/administrators",
            self.person_body("staff", admin_login, ["school-admin"]),
            district,
        )
        self.logins.add("school-admin", admin_login, label)
        admin = self.headers(admin_login)
        self.admins.append((label, admin_login))
        year = await self.post(
            "schedule", "/years", {"from_district_calendar_id": calendar_id}, admin
        )
        subjects = sorted({s for grade in range(1, 12) for s in subjects_for(grade)})
        classes = [(grade, letter) for grade in range(1, 12) for letter in self.size.letters]
        # More teachers than classes, so every class has its own teacher in every period (S8).
        teachers = await self.staff(number, admin, label, 2 * (len(classes) + 1), len(classes))
        class_teachers = teachers[-len(classes) :]
        subject_ids = {
            name: (await self.post("schedule", "/subjects", {"name": name}, admin))["id"]
            for name in subjects
        }
        teacher_logins = dict(
            zip(teachers, self.teacher_logins(number, len(teachers)), strict=True)
        )
        for index, (grade, letter) in enumerate(classes):
            class_teacher = class_teachers[index]
            class_id, students = await self.school_class(
                number, grade, letter, admin, label, class_teacher, year["id"]
            )
            if grade == 5 and letter == self.size.letters[0]:
                self.logins.add("class-teacher", teacher_logins[class_teacher], label)
            lessons = await self.week_of_lessons(
                class_id, index, grade, admin, subject_ids, teachers
            )
            await self.journal_of_week(lessons, grade, students, teacher_logins)

    async def staff(
        self, number: int, admin: dict[str, str], label: str, count: int, class_teachers: int
    ) -> list[str]:
        """The school's leadership and `count` teachers, the last `class_teachers` of them
        also class teachers; returns the teachers' ids."""
        for role in ("director", "deputy-director"):
            login = f"school{number}.{role.split('-')[0]}"
            await self.post("identity", "/persons", self.person_body("staff", login, [role]), admin)
            self.logins.add(role, login, label)
        logins = self.teacher_logins(number, count)
        roles = [["teacher"]] * (count - class_teachers) + [
            ["teacher", "class-teacher"]
        ] * class_teachers
        created = await asyncio.gather(
            *(
                self.post("identity", "/persons", self.person_body("staff", login, r), admin)
                for login, r in zip(logins, roles, strict=True)
            )
        )
        self.logins.add("teacher", logins[0], label)
        return [person["id"] for person in created]

    @staticmethod
    def teacher_logins(number: int, count: int) -> list[str]:
        return [f"school{number}.teacher{i}" for i in range(1, count + 1)]

    async def school_class(
        self,
        number: int,
        grade: int,
        letter: str,
        admin: dict[str, str],
        label: str,
        class_teacher: str,
        year_id: str,
    ) -> tuple[str, list[str]]:
        """The class of the year with its class teacher, students and their parents;
        returns the class and student ids."""
        school_class = await self.post(
            "schedule",
            "/classes",
            {
                "grade": grade,
                "letter": letter,
                "class_teacher_id": class_teacher,
                "year_id": year_id,
            },
            admin,
        )
        prefix = f"school{number}.{grade}{'abcdefgh'['АБВГДЕЖЗ'.index(letter)]}"
        students: list[str] = []
        for index in range(1, self.size.students_per_class + 1):
            student = await self.post(
                "identity",
                "/persons",
                self.person_body("student", f"{prefix}.student{index}"),
                admin,
            )
            parent = await self.post(
                "identity", "/persons", self.person_body("parent", f"{prefix}.parent{index}"), admin
            )
            await self.post(
                "identity",
                "/guardians",
                {"guardian_id": parent["id"], "student_id": student["id"]},
                admin,
            )
            await self.post(
                "schedule",
                f"/classes/{school_class['id']}/members",
                {"student_id": student["id"]},
                admin,
            )
            students.append(student["id"])
            if grade == 5 and index == 1 and letter == self.size.letters[0]:
                self.logins.add("student", f"{prefix}.student{index}", label)
                self.logins.add("parent", f"{prefix}.parent{index}", label)
        return str(school_class["id"]), students

    async def week_of_lessons(
        self,
        class_id: str,
        class_index: int,
        grade: int,
        admin: dict[str, str],
        subject_ids: dict[str, str],
        teachers: list[str],
    ) -> list[dict[str, Any]]:
        """Five days of five lessons, none on a holiday of the calendar. In any one period
        the classes' teachers differ: class k has teacher (k + slot) mod T, and T exceeds
        the number of classes."""
        zone = ZoneInfo(ZONE)
        monday = date.today() - timedelta(days=date.today().weekday())
        subjects = subjects_for(grade)
        lessons = []
        for day in range(5):
            for period, (start, end) in enumerate(PERIODS):
                subject = subjects[(day + period + grade) % len(subjects)]
                slot = day * len(PERIODS) + period
                the_day = monday + timedelta(days=day)
                if the_day in self.holidays:
                    continue
                lessons.append(
                    {
                        "class_id": class_id,
                        "subject_id": subject_ids[subject],
                        "teacher_id": teachers[(class_index + slot) % len(teachers)],
                        "starts_at": datetime.combine(the_day, start, zone).isoformat(),
                        "ends_at": datetime.combine(the_day, end, zone).isoformat(),
                    }
                )
        return list(
            await asyncio.gather(
                *(self.post("schedule", "/lessons", body, admin) for body in lessons)
            )
        )

    async def journal_of_week(
        self,
        lessons: list[dict[str, Any]],
        grade: int,
        students: list[str],
        teacher_logins: dict[str, str],
    ) -> None:
        """Each lesson that has begun is saved by its teacher as at the end of the lesson."""
        now = datetime.now(ZoneInfo(ZONE))
        begun = [x for x in lessons if datetime.fromisoformat(x["starts_at"]) <= now]
        await asyncio.gather(
            *(
                self.put(
                    "journal",
                    f"/lessons/{lesson['id']}/record",
                    self.lesson_record(lesson, grade, students),
                    self.teacher_headers(teacher_logins[lesson["teacher_id"]]),
                )
                for lesson in begun
            )
        )

    def lesson_record(
        self, lesson: dict[str, Any], grade: int, students: list[str]
    ) -> dict[str, Any]:
        random = self.faker.random
        absent = {s for s in students if random.random() < 0.08}
        body: dict[str, Any] = {
            "topic": random.choice(TOPICS.get(lesson["subject_name"], ("Повторение",))),
            "work_types": ["classwork"],
            "attendance": [
                {"student_id": s, "status": "absent", "reason": random.choice(REASONS)}
                if s in absent
                else {"student_id": s, "status": "present"}
                for s in students
            ],
        }
        if grade not in GRADES_WITHOUT_MARKS:
            body["homework"] = {
                "text": random.choice(HOMEWORK),
                "pages": f"стр. {random.randint(10, 200)}",
                "exercises": f"№ {random.randint(1, 400)}",
            }
            present = [s for s in students if s not in absent]
            body["marks"] = [
                {
                    "student_id": s,
                    "value": random.choice(MARK_VALUES),
                    "work_type": random.choice(("classwork", "oral", "homework")),
                }
                for s in random.sample(present, k=min(2, len(present)))
            ]
        return body

    def person_body(self, kind: str, login: str, roles: list[str] | None = None) -> dict[str, Any]:
        female = self.faker.boolean()
        body: dict[str, Any] = {
            "kind": kind,
            "last_name": self.faker.last_name_female() if female else self.faker.last_name_male(),
            "first_name": self.faker.first_name_female()
            if female
            else self.faker.first_name_male(),
            "middle_name": self.faker.middle_name_female()
            if female
            else self.faker.middle_name_male(),
            "username": login,
            "password": DEMO_PASSWORD,
        }
        if roles:
            body["roles"] = roles
        return body


def seed(platform: Platform, size: str) -> DemoLogins:
    return asyncio.run(Seeder(platform, SIZES[size]).run())
