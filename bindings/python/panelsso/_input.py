# SPDX-License-Identifier: MIT
"""Checking what a caller hands the loader, and packing it for the C side.

Misuse is refused here, before anything reaches C: a value of the wrong type
raises TypeError, a value C cannot carry (an empty name, a key holding '=',
a NUL byte, a string too long for its field) ValueError.  A vector of
"key=value" strings is packed into one UTF-8 buffer, NUL between them (C
reads it as `count` strings back to back), so a call builds one bytes
object, not one per attribute.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any, NoReturn

from ._result import Offering


def name_bytes(what: str, name: object) -> bytes:
    """A provider (or plugin module) name: a non-empty str without NUL."""
    if not isinstance(name, str):
        raise TypeError(f"{what} must be a str, not {type(name).__name__}")
    if not name:
        raise ValueError(f"{what} must not be empty")
    if "\0" in name:
        raise ValueError(f"{what} must not contain a NUL character")
    return name.encode()


def pack(what: str, pairs: Mapping[Any, Any]) -> tuple[bytes, int]:
    """Check the str keys and str values of `pairs` and pack them as
    "key=value" strings.  `what` names one of them in messages
    ("attribute", "profile field").

    Every login passes through here, so the check is done in bulk (str.join
    refuses anything but str; one count finds a NUL); only a refusal goes
    through the pairs one by one, to say which and why."""
    try:
        names = "".join(pairs)
        text = "\0".join(map("=".join, pairs.items()))
    except TypeError:
        refuse(what, pairs)
    if "=" in names or "" in pairs:
        refuse(what, pairs)
    # A NUL inside a key or value would cut it short in C (the joins account
    # for len(pairs) - 1).
    if text.count("\0") != max(len(pairs) - 1, 0):
        refuse(what, pairs)
    return text.encode(), len(pairs)


def refuse(what: str, pairs: Mapping[Any, Any]) -> NoReturn:
    """Raise the TypeError or ValueError that says what is wrong in
    `pairs`, a mapping pack() refused."""
    for key, value in pairs.items():
        if not isinstance(key, str):
            raise TypeError(f"{what} names must be str, not {type(key).__name__}")
        if not isinstance(value, str):
            raise TypeError(f"{what} {key!r} must be a str, not "
                            f"{type(value).__name__}")
        if not key:
            raise ValueError(f"{what} names must not be empty")
        if "=" in key:
            raise ValueError(f"{what} name {key!r} contains '=': a name is "
                             "what comes before the '=' of name=value")
        if "\0" in key or "\0" in value:
            raise ValueError(f"{what} {key!r} contains a NUL character")
    raise TypeError(f"{what}s must be str names with str values")


def mapping(what: str, value: object) -> Mapping[Any, Any]:
    if not isinstance(value, Mapping):
        raise TypeError(f"{what} must be a mapping of str to str (a dict), not "
                        f"{type(value).__name__}")
    return value


def setting_text(provider: str, key: str, value: object) -> str:
    """A setting's value as the configuration file would give it: a str as
    is, a bool as true/false, an int as written, a path as its str."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int)):
        return str(value)
    if isinstance(value, os.PathLike):
        path = os.fspath(value)
        if isinstance(path, str):
            return path
    raise TypeError(f"setting {key!r} of provider {provider!r} must be a str, "
                    f"int, bool or path, not {type(value).__name__}")


def settings(provider: str, values: object) -> tuple[bytes, int]:
    if values is None:
        return b"", 0
    given = mapping(f"the settings of provider {provider!r}", values)
    texts = {}
    for key, value in given.items():
        if not isinstance(key, str):
            raise TypeError(f"setting names of provider {provider!r} must be "
                            f"str, not {type(key).__name__}")
        texts[key] = setting_text(provider, key, value)
    return pack(f"provider {provider!r}'s setting", texts)


def module_name(name: object) -> bytes:
    """A provider given by settings names its plugin file NAME.so in the
    plugin directory: a file name, nothing that leads elsewhere."""
    raw = name_bytes("a provider name", name)
    assert isinstance(name, str)
    if "/" in name or name.startswith("."):
        raise ValueError(f"provider name {name!r} must be a plugin file name "
                         "without '/' and not starting with '.' (the plugin "
                         f"is PLUGIN_DIR/{name}.so)")
    return raw


_OFFERING_KEYS = {"name", "type", "quantity"}
UINT32_MAX = 2**32 - 1


def _offering_fields(item: object, index: int) -> tuple[object, object, object]:
    if isinstance(item, Offering):
        return item.name, item.type, item.quantity
    if isinstance(item, Mapping):
        unknown = set(item) - _OFFERING_KEYS
        if unknown:
            raise ValueError(f"offerings[{index}] has unknown keys "
                             f"{sorted(map(str, unknown))}: an offering has "
                             "name, type and quantity")
        for key in ("name", "type"):
            if key not in item:
                raise ValueError(f"offerings[{index}] has no {key!r}")
        return item["name"], item["type"], item.get("quantity", 1)
    raise TypeError(f"offerings[{index}] must be a panelsso.Offering or a "
                    f"mapping with name, type and quantity, not "
                    f"{type(item).__name__}")


def offerings(values: object, name_max: int, type_max: int) -> list[tuple[bytes, bytes, int]]:
    """Each offering's name and type as bytes that fit their C fields
    (name_max and type_max bytes, the NUL included), and its quantity."""
    if isinstance(values, (str, bytes, Mapping, Offering)) or \
            not isinstance(values, Iterable):
        raise TypeError("offerings must be a list of panelsso.Offering or of "
                        f"mappings, not {type(values).__name__}")
    out = []
    for i, item in enumerate(values):
        name, kind, quantity = _offering_fields(item, i)
        for field, value, limit in (("name", name, name_max), ("type", kind, type_max)):
            if not isinstance(value, str):
                raise TypeError(f"offerings[{i}].{field} must be a str, not "
                                f"{type(value).__name__}")
            if not value or "\0" in value:
                raise ValueError(f"offerings[{i}].{field} must be non-empty, "
                                 "without NUL characters")
            if len(value.encode()) >= limit:
                raise ValueError(f"offerings[{i}].{field} is longer than "
                                 f"{limit - 1} bytes")
        if not isinstance(quantity, int) or isinstance(quantity, bool):
            raise TypeError(f"offerings[{i}].quantity must be an int, not "
                            f"{type(quantity).__name__}")
        if not 0 <= quantity <= UINT32_MAX:
            raise ValueError(f"offerings[{i}].quantity must be from 0 to "
                             f"{UINT32_MAX}")
        assert isinstance(name, str) and isinstance(kind, str)
        out.append((name.encode(), kind.encode(), quantity))
    return out
