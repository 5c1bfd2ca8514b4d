"""SanPiN 1.2.3685-21 (table 6.6): the most time a day's homework may take, by grade level
(O3). Grade 1 gets no homework at all in most schools (J5's grades without marks); its
limit still stands for a school that sets some."""

# (lowest grade, highest grade, minutes a day)
SANPIN_DAILY_LIMITS: tuple[tuple[int, int, int], ...] = (
    (1, 1, 60),
    (2, 3, 90),
    (4, 5, 120),
    (6, 8, 150),
    (9, 11, 210),
)


def daily_limit(grade: int | None) -> int | None:
    """The limit in minutes for a grade level; None for a class whose grade is unknown."""
    if grade is None:
        return None
    return next((m for low, high, m in SANPIN_DAILY_LIMITS if low <= grade <= high), None)
