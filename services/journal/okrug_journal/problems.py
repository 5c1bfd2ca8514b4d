"""Problem documents particular to the journal."""

from datetime import datetime

from okrug_common.errors import Problem


class EditWindowClosed(Problem):
    """The school's edit window (J6) for a lesson has closed."""

    status, slug, title = 409, "edit-window-closed", "The edit window has closed"

    def __init__(self, locked_since: datetime, window: str) -> None:
        super().__init__(
            f"This lesson's journal is locked since {locked_since.isoformat()} "
            f"(the school's edit window: {window}).",
            extra={"locked_since": locked_since.isoformat(), "edit_window": window},
        )


class IdempotencyKeyReused(Problem):
    status, slug, title = 422, "idempotency-key-reused", "Idempotency key reused"
