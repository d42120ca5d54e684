# SPDX-License-Identifier: MIT
"""The statuses of auth_provider.h, under their C names."""
from __future__ import annotations

import enum


class Status(enum.IntEnum):
    """What a call answered: auth_status of auth_provider.h, value for value.

    A value this binding does not know (from a plugin newer than it) is
    ``AUTH_ERR_UNKNOWN``: a failure, never a success.
    """

    AUTH_ERR_UNKNOWN = -1
    AUTH_OK = 0
    AUTH_ERR_INVALID_REQUEST = 1
    AUTH_ERR_CONFIG = 2
    AUTH_ERR_AUTH_REJECTED = 3
    AUTH_ERR_FORBIDDEN = 4
    AUTH_ERR_NOT_FOUND = 5
    AUTH_ERR_RATE_LIMITED = 6
    AUTH_ERR_UNAVAILABLE = 7
    AUTH_ERR_PROTOCOL = 8
    AUTH_ERR_TLS = 9
    AUTH_ERR_INTERNAL = 10
    AUTH_ERR_VERSION = 11
    AUTH_ERR_NOT_SUPPORTED = 12
    AUTH_ERR_OUTCOME_UNKNOWN = 13

    @classmethod
    def _missing_(cls, value: object) -> Status | None:
        if isinstance(value, int) and not isinstance(value, bool):
            return cls.AUTH_ERR_UNKNOWN
        return None


# Lookups by plain int, without going through Enum's call machinery (or
# its name property) on every result.
BY_VALUE: dict[int, Status] = {s.value: s for s in Status}
NAMES: dict[Status, str] = {s: s.name for s in Status}
