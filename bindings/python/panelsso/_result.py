# SPDX-License-Identifier: MIT
"""What a call answers: Result, and the Offering it may list."""
from __future__ import annotations

import dataclasses
from typing import Any, NoReturn

from ._status import Status


@dataclasses.dataclass(frozen=True)
class Offering:
    """One offering of an account or a catalog: a package (the plan) or an
    add-on.  ``type`` is ``"package"`` or ``"addon"``; a package's quantity
    is 1, an add-on's 1 or more."""

    name: str
    type: str
    quantity: int = 1


def mask_url(url: str) -> str:
    """The URL with its query and fragment replaced by ``?<redacted>``: what
    may be shown of a one-time login URL (its code is in the query)."""
    cut = len(url)
    for mark in ("?", "#"):
        i = url.find(mark)
        if 0 <= i < cut:
            cut = i
    return url[:cut] + "?<redacted>"


@dataclasses.dataclass(frozen=True, repr=False)
class Result:
    """What one call answered.  Failures are results too: look at ``ok``
    or ``status``, never wait for an exception.

    ``redirect_url`` is a secret that works once: hand it to the browser at
    once, and never log, store or cache it.  ``repr()`` and ``str()`` show it
    with its query replaced by ``<redacted>``; a Result cannot be pickled.
    """

    ok: bool
    """``status == Status.AUTH_OK``."""
    status: Status
    status_name: str
    """``"AUTH_OK"``, ``"AUTH_ERR_NOT_FOUND"``...: ``status.name``."""
    redirect_url: str | None
    """The one-time login URL (SECRET); None unless a login succeeded."""
    expires_at: int | None
    """When redirect_url stops working, Unix epoch milliseconds; None if
    unknown."""
    retry_after: int
    """For AUTH_ERR_RATE_LIMITED and AUTH_ERR_UNAVAILABLE: seconds to wait
    before retrying; 0 if unknown."""
    user_message: str
    """Safe to show the end user."""
    log_message: str
    """For the operator's log: what happened and what to do.  Never holds a
    secret."""
    error_id: str
    """The provider's error identifier, or ""."""
    region: str
    """The region that answered, or ""."""
    http_status: int
    """The provider's HTTP status, 0 if none."""
    account_id: str | None
    """account_create: the new account's ID; None otherwise."""
    state: str | None
    """account_state, account_suspend, account_unsuspend: the account's
    state as the provider names it ("activated", "deactivated"...); None
    otherwise."""
    offerings: tuple[Offering, ...]
    """account_offerings, account_set_offerings, catalog: the list; empty
    otherwise."""

    def _shown(self) -> dict[str, Any]:
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        if self.redirect_url is not None:
            fields["redirect_url"] = mask_url(self.redirect_url)
        return fields

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self._shown().items())
        return f"{type(self).__name__}({inner})"

    def __str__(self) -> str:
        text = self.status_name
        if self.redirect_url is not None:
            text += " " + mask_url(self.redirect_url)
        if self.log_message:
            text += ": " + self.log_message
        return text

    def __reduce_ex__(self, protocol: Any) -> NoReturn:
        raise TypeError("a panelsso.Result holds a one-time login URL and is "
                        "not pickled: keep the fields you need instead")


_new = object.__new__
_set = object.__setattr__


def result_from_fields(fields: dict[str, Any]) -> Result:
    """A Result holding `fields`: every field of Result, each already of its
    type.  The binding makes one per call, and the generated __init__ of a
    frozen dataclass sets its 14 fields one object.__setattr__ at a time,
    which costs a few microseconds: a sizeable part of a whole keep-alive
    login.  The instance is the same as Result(**fields) makes."""
    result = _new(Result)
    _set(result, "__dict__", fields)
    return result
