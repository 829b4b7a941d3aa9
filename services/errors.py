"""Errors the services raise; each carries a Chinese message fit to show the user as is."""

from __future__ import annotations


class ServiceError(Exception):
    """Base: ``str(exc)`` is the Chinese message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PermissionDenied(ServiceError):
    pass


class NotFound(ServiceError):
    pass


class InvalidInput(ServiceError):
    pass


class AuthError(ServiceError):
    pass
