"""Accounts in the identity provider (Keycloak)."""

from okrug_identity.accounts.keycloak import (
    AccountExists,
    AccountNotFound,
    AccountRejected,
    DirectoryError,
    DirectoryUnavailable,
    KeycloakDirectory,
    PasswordRejected,
    SchoolNameTaken,
    SchoolNotFound,
    UnknownRole,
)

__all__ = [
    "AccountExists",
    "AccountNotFound",
    "AccountRejected",
    "DirectoryError",
    "DirectoryUnavailable",
    "KeycloakDirectory",
    "PasswordRejected",
    "SchoolNameTaken",
    "SchoolNotFound",
    "UnknownRole",
]
