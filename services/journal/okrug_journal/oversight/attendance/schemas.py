from pydantic import BaseModel


class AttendanceCounts(BaseModel):
    """Attendance taken in the lessons a figure covers: lessons, students marked (one per
    student and lesson), absent and late; absence_rate = absent / students, None when no
    student was marked."""

    lessons: int
    students: int
    absent: int
    late: int
    absence_rate: float | None


def attendance_counts(lessons: int, students: int, absent: int, late: int) -> AttendanceCounts:
    return AttendanceCounts(
        lessons=lessons,
        students=students,
        absent=absent,
        late=late,
        absence_rate=round(absent / students, 4) if students else None,
    )
