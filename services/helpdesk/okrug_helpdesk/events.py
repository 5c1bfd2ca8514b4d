"""Subjects the helpdesk service publishes (stream OKRUG_HELPDESK)."""

REQUEST_OPENED = "okrug.helpdesk.request.opened"
REQUEST_ANSWERED = "okrug.helpdesk.request.answered"
