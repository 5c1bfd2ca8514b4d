"""Ids in event payloads. The shared consumer has checked that the payload's school is the
tenant it set from the event's header (okrug_common.events)."""

from uuid import UUID


def parse_ids(*values: str) -> list[UUID] | None:
    """UUIDs from an event payload, or None when any is malformed."""
    try:
        return [UUID(value) for value in values]
    except ValueError:
        return None
