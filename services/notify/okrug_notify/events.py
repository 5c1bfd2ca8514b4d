"""Subjects the notify service publishes (stream OKRUG_NOTIFY) and consumes."""

MESSAGE_DELIVERED = "okrug.notify.message.delivered"

MARK_RECORDED = "okrug.journal.mark.recorded"
ABSENCE_RECORDED = "okrug.journal.absence.recorded"
GUARDIAN_LINKED = "okrug.identity.guardian.linked"

# Durable consumer names: one per subscription, stable across deployments.
DURABLE_MARKS = "notify-journal-marks"
DURABLE_ABSENCES = "notify-journal-absences"
DURABLE_GUARDIANS = "notify-identity-guardians"

INBOX_CHANNEL = "inbox"
