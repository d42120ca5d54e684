# SPDX-License-Identifier: MIT
"""panelsso.Loader: libauthloader's loader, its providers and their calls."""
from __future__ import annotations

import dataclasses
import logging
import os
import weakref
from collections.abc import Callable, Iterable, Mapping
from types import TracebackType
from typing import Any, Union

from . import _input
from ._native import ffi, lib
from ._result import Offering, Result, result_from_fields
from ._status import BY_VALUE, NAMES, Status

CLOSED = "this panelsso.Loader is closed"

DEFAULT_CONFIG = "/etc/panelsso/panelsso.json"
"""The configuration file every panelsso host reads by default."""

DEFAULT_PLUGIN_DIR: str = ffi.string(lib.PSSO_DEFAULT_PLUGIN_DIR).decode()
"""Where the installed panelsso keeps its plugins (pkg-config's plugindir
when this package was built); used when neither the configuration nor the
caller names a plugin directory."""

StrPath = Union[str, "os.PathLike[str]"]
LogSink = Callable[[int, str], Any]
OfferingLike = Union[Offering, Mapping[str, Any]]

# The account operations, by the names auth_account_op_name gives them
# (the C header's order is their number).
ACCOUNT_OPS: tuple[str, ...] = tuple(
    ffi.string(lib.auth_account_op_name(op)).decode()
    for op in range(lib.AUTH_ACCOUNT_OP_COUNT))
_OP = {name: op for op, name in enumerate(ACCOUNT_OPS)}

# Plugin log levels (auth_log_level) as logging's, and back.
_TO_LOGGING = {lib.AUTH_LOG_ERROR: logging.ERROR, lib.AUTH_LOG_WARNING: logging.WARNING,
               lib.AUTH_LOG_INFO: logging.INFO, lib.AUTH_LOG_DEBUG: logging.DEBUG}


def _auth_log_level(level: int) -> int:
    if level >= logging.ERROR:
        return int(lib.AUTH_LOG_ERROR)
    if level >= logging.WARNING:
        return int(lib.AUTH_LOG_WARNING)
    if level >= logging.INFO:
        return int(lib.AUTH_LOG_INFO)
    return int(lib.AUTH_LOG_DEBUG)


def _text(chars: Any) -> str:
    return str(ffi.string(chars).decode("utf-8", "replace"))


@ffi.def_extern()  # type: ignore[misc]  # cffi is untyped
def psso_log_line(ctx: Any, level: int, line: Any) -> None:
    # Called from whichever thread logs outside the calls' queues (loading,
    # closing, a plugin's own threads, a call that logs more than its queue
    # holds); cffi takes the GIL for it.
    sink: LogSink = ffi.from_handle(ctx)
    sink(_TO_LOGGING.get(level, logging.DEBUG), _text(line))


@ffi.def_extern()  # type: ignore[misc]  # cffi is untyped
def psso_sink_failed(exception: Any) -> None:
    # Raised again inside a cffi callback, the exception of a sink that was
    # handed queued lines is reported as one from psso_log_line is: through
    # sys.unraisablehook, the call going on.
    raise ffi.from_handle(exception)


# A queued line's level character ('0' + auth_log_level) as logging's.
_LEVEL_OF_MARK = {ord("0") + level: value for level, value in _TO_LOGGING.items()}


def _deliver_queued(sink: LogSink, size: int) -> None:
    """Hand `sink` the lines the call that just returned queued on this
    thread (`size` bytes, see psso_take_queued), in their order."""
    queued = lib.psso_take_queued(size)
    if queued == ffi.NULL:
        return
    lines = ffi.unpack(queued, size).split(b"\0")
    lines.pop()
    for line in lines:
        try:
            sink(_LEVEL_OF_MARK.get(line[0], logging.DEBUG),
                 line[1:].decode("utf-8", "replace"))
        except BaseException as e:  # as psso_log_line's callers would
            lib.psso_sink_failed(ffi.new_handle(e))


def _to_logger(logger: logging.Logger) -> LogSink:
    def sink(level: int, line: str) -> None:
        logger.log(level, "%s", line)
    return sink


@dataclasses.dataclass(frozen=True)
class Provider:
    """One line of Loader.providers(): a provider that loaded, or something
    that failed to."""

    name: str | None
    """The provider's name (its plugin file without ".so"); None for a
    failure that is no one provider's (the configuration file, the plugin
    directory)."""
    loaded: bool
    file: str
    """The plugin file, or the file or directory that failed."""
    error: str | None
    """Why it failed: what happened and what to do; None if loaded."""
    abi_version: str | None = None
    """The ABI version the loader and the plugin settled on, "1.1"."""
    version: str | None = None
    """The plugin's own version, if it says."""
    description: str | None = None
    operations: tuple[str, ...] = ()
    """The account operations the loader will run on it ("account_create",
    ..., "catalog")."""


_live: weakref.WeakSet[Loader] = weakref.WeakSet()


def _after_fork_in_child() -> None:
    for loader in list(_live):
        lib.psso_after_fork_in_child(loader._handle)


os.register_at_fork(after_in_child=_after_fork_in_child)


def _release(handle: Any, log_handle: Any) -> None:
    # log_handle is only kept alive until the loader is gone.
    del log_handle
    lib.psso_free(handle)


class _Default:
    def __repr__(self) -> str:
        return "<the 'panelsso' logger>"


_DEFAULT_LOG: Any = _Default()


class Loader:
    """Loads panelsso provider plugins and runs their calls.

    ``Loader(config=DEFAULT_CONFIG)`` reads the panelsso configuration file
    (plugin_dir and providers.NAME settings) as every panelsso host does, and
    loads every plugin of the plugin directory.  ``Loader(plugin_dir=...,
    providers={"sendgrid": {...settings}})`` loads PLUGIN_DIR/NAME.so for
    each provider given, with those settings.  ``plugin_dir`` defaults to
    the configuration's, then to DEFAULT_PLUGIN_DIR.

    Nothing that fails to load raises: providers() lists it with the
    reason, and every call to that provider answers AUTH_ERR_CONFIG with it.

    ``log`` receives the plugins' log lines as ``log(level, line)``, level
    being logging's (logging.INFO...); by default they go to the logger
    "panelsso".  ``log=None`` turns them off.  ``log_level`` (a logging
    level) drops the lines below it in the plugin already; by default the
    "panelsso" logger's effective level, or logging.INFO (which includes
    one audit line per login) for a ``log`` of your own.  The lines a call
    logs reach ``log`` from the calling thread, in order, once the plugin
    is done and before the call returns (a call that logs more than 16 KiB
    of lines hands the earlier ones over while it runs); the lines of
    loading, closing and a plugin's own threads as they come.

    Calls may run from any number of threads at once; the GIL is released
    while a plugin works.  close() (or leaving a ``with`` block) waits for
    the calls in flight, then unloads; calling a closed loader raises
    ValueError.  After os.fork() the child may keep using the loader: the
    plugins open connections of their own in it.
    """

    def __init__(self, config: StrPath | None = None, *,
                 plugin_dir: StrPath | None = None,
                 providers: Mapping[str, Mapping[str, Any] | None] | None = None,
                 log: LogSink | None = _DEFAULT_LOG,
                 log_level: int | None = None) -> None:
        self._closed = False
        self._handle: Any = None
        if providers is not None and config is not None:
            raise ValueError("give either config= (read the providers' settings "
                             "from a configuration file) or providers= (give "
                             "them here), not both")
        config_path = self._path("config", config) if providers is None else None
        if providers is None and config_path is None:
            config_path = DEFAULT_CONFIG
        given_dir = self._path("plugin_dir", plugin_dir)
        sink, level = self._log_sink(log, log_level)
        self._sink = sink
        packed = {} if providers is None else self._checked_providers(providers)

        handle = lib.psso_new()
        if handle == ffi.NULL:
            raise MemoryError("panelsso: out of memory creating a loader")
        log_handle = ffi.new_handle(sink) if sink is not None else ffi.NULL
        self._handle = handle
        self._finalizer = weakref.finalize(self, _release, handle, log_handle)
        _live.add(self)

        # What is known of every provider that is not loaded: a reason per
        # name, and one for every name when the configuration, the loader or
        # the plugin directory failed as a whole.
        self._failed: dict[str, str] = {}
        self._failed_all: tuple[Status, str] | None = None
        self._listing: list[Provider] = []
        self._config_path = config_path
        self._config_names: tuple[str, ...] = ()

        r = ffi.new("auth_result *")
        cfg = ffi.NULL
        if config_path is not None:
            cfg_out = ffi.new("auth_config **")
            lib.auth_result_init(r)
            st = lib.auth_config_load(os.fsencode(config_path), cfg_out, r)
            if st != lib.AUTH_OK:
                self._fail_all(st, _text(r.log_message), config_path)
            else:
                cfg = cfg_out[0]
                self._config_names = tuple(
                    self._config_provider_names(cfg))
        if self._failed_all is None:
            st = lib.psso_create_loader(
                handle, cfg, lib.psso_log_line if sink is not None else ffi.NULL,
                log_handle, level, r)
            if st != lib.AUTH_OK:
                self._fail_all(st, _text(r.log_message), "")
        self._plugin_dir = self._plugin_dir_for(given_dir, cfg)
        if self._failed_all is None:
            if providers is None:
                lib.auth_loader_load_dir(lib.psso_loader(handle),
                                         os.fsencode(self._plugin_dir))
            else:
                for name, (raw, buf, count) in packed.items():
                    path = os.path.join(self._plugin_dir, name + ".so")
                    lib.psso_load_file(handle, os.fsencode(path), raw, buf,
                                       count, r)
            self._read_loader(providers)
        # Each loaded provider's name as C takes it: a provider found here
        # is a valid name, so a call needs no other check of it.
        self._names = {p.name: p.name.encode() for p in self._listing
                       if p.loaded and p.name is not None}
        self._loaded = frozenset(self._names)
        self._providers = tuple(self._listing)
        del self._listing

    # ---- set-up ---------------------------------------------------------------

    @staticmethod
    def _path(what: str, value: object) -> str | None:
        if value is None:
            return None
        if isinstance(value, os.PathLike):
            value = os.fspath(value)
        if not isinstance(value, str):
            raise TypeError(f"{what} must be a str or a path, not "
                            f"{type(value).__name__}")
        if not value or "\0" in value:
            raise ValueError(f"{what} must be a non-empty path without NUL "
                             "characters")
        return value

    @staticmethod
    def _log_sink(log: Any, log_level: int | None) -> tuple[LogSink | None, int]:
        if log_level is not None and (not isinstance(log_level, int) or
                                      isinstance(log_level, bool)):
            raise TypeError("log_level must be a logging level (an int such as "
                            f"logging.INFO), not {type(log_level).__name__}")
        if log is _DEFAULT_LOG:
            logger = logging.getLogger("panelsso")
            level = logger.getEffectiveLevel() if log_level is None else log_level
            return _to_logger(logger), _auth_log_level(level)
        if log is None:
            return None, lib.AUTH_LOG_ERROR
        if not callable(log):
            raise TypeError("log must be a callable taking (level, line), or "
                            f"None, not {type(log).__name__}")
        return log, _auth_log_level(logging.INFO if log_level is None else log_level)

    @staticmethod
    def _checked_providers(providers: object) -> dict[str, tuple[bytes, bytes, int]]:
        given = _input.mapping("providers", providers)
        packed = {}
        for name, values in given.items():
            raw = _input.module_name(name)
            buf, count = _input.settings(name, values)
            packed[name] = (raw, buf, count)
        return packed

    @staticmethod
    def _config_provider_names(cfg: Any) -> list[str]:
        names = []
        entry = ffi.new("auth_config_provider *")
        for i in range(lib.auth_config_provider_count(cfg)):
            if lib.auth_config_provider_get(cfg, i, entry) == lib.AUTH_OK:
                names.append(_text(entry.name))
        return names

    @staticmethod
    def _plugin_dir_for(given: str | None, cfg: Any) -> str:
        if given is not None:
            return given
        if cfg != ffi.NULL:
            from_config = lib.auth_config_plugin_dir(cfg)
            if from_config != ffi.NULL:
                return os.fsdecode(ffi.string(from_config))
        return DEFAULT_PLUGIN_DIR

    def _fail_all(self, status: int, message: str, file: str) -> None:
        self._failed_all = (BY_VALUE.get(status, Status.AUTH_ERR_UNKNOWN), message)
        self._listing.append(Provider(name=None, loaded=False, file=file,
                                      error=message))

    def _read_loader(self, providers: Mapping[str, Any] | None) -> None:
        loader = lib.psso_loader(self._handle)
        entry = ffi.new("auth_loader_entry *")
        for i in range(lib.auth_loader_count(loader)):
            if lib.auth_loader_get(loader, i, entry) != lib.AUTH_OK:
                continue
            name = _text(entry.name)
            info = entry.info
            version = description = None
            if info != ffi.NULL:
                if info.version != ffi.NULL:
                    version = _text(info.version)
                if info.description != ffi.NULL:
                    description = _text(info.description)
            abi = entry.abi_version
            self._listing.append(Provider(
                name=name, loaded=True, file=_text(entry.file), error=None,
                abi_version=f"{abi >> 16}.{abi & 0xffff}", version=version,
                description=description,
                operations=tuple(op for op in ACCOUNT_OPS
                                 if lib.auth_loader_supports(loader, entry.name,
                                                             _OP[op]))))
        file_p = ffi.new("char **")
        reason_p = ffi.new("char **")
        for i in range(lib.auth_loader_failure_count(loader)):
            if lib.auth_loader_failure(loader, i, file_p, reason_p) != lib.AUTH_OK:
                continue
            file = _text(file_p[0]) if file_p[0] != ffi.NULL else ""
            reason = _text(reason_p[0]) if reason_p[0] != ffi.NULL else "unknown reason"
            base = os.path.basename(file)
            if file and os.path.normpath(file) == os.path.normpath(self._plugin_dir):
                self._failed_all = (Status.AUTH_ERR_CONFIG,
                                    f"the plugin directory {file} was not loaded: {reason}")
                self._listing.append(Provider(name=None, loaded=False, file=file,
                                              error=reason))
            else:
                name = base[:-3] if base.endswith(".so") else base
                self._failed[name] = reason
                self._listing.append(Provider(name=name, loaded=False, file=file,
                                              error=reason))
        # Providers named (in the file or here) whose plugin is not there:
        # the loader never heard of them.
        named = self._config_names if providers is None else tuple(providers)
        known = {p.name for p in self._listing}
        for name in named:
            if name not in known and self._failed_all is None:
                file = os.path.join(self._plugin_dir, name + ".so")
                reason = (f"there is no plugin {file}: install {name}.so in "
                          f"{self._plugin_dir} or remove providers.{name}")
                self._failed[name] = reason
                self._listing.append(Provider(name=name, loaded=False, file=file,
                                              error=reason))

    # ---- what is loaded ------------------------------------------------------

    def providers(self) -> tuple[Provider, ...]:
        """What was loaded, then what failed to load, with the reasons."""
        self._check_open()
        return self._providers

    @property
    def plugin_dir(self) -> str:
        """The directory the plugins were loaded from."""
        return self._plugin_dir

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Wait for the calls in flight, then tear every provider down and
        unload the plugins.  Calls made after it raise ValueError.  Calling
        it again does nothing."""
        self._closed = True
        if self._handle is not None:
            lib.psso_close(self._handle)

    def __enter__(self) -> Loader:
        self._check_open()
        return self

    def __exit__(self, kind: type[BaseException] | None,
                 value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        if self._closed:
            return "<panelsso.Loader closed>"
        return f"<panelsso.Loader providers={sorted(self._loaded)!r}>"

    def _check_open(self) -> None:
        if self._closed:
            raise ValueError(CLOSED)

    def _loaded_name(self, provider: object) -> bytes | None:
        """`provider` as C takes it, None if no provider of that name is
        loaded; TypeError or ValueError if it is no provider name at all."""
        name = self._names.get(provider) if isinstance(provider, str) else None
        if name is None:
            _input.name_bytes("provider", provider)
        return name

    def _not_loaded(self, provider: str) -> Result:
        if provider in self._failed:
            status = Status.AUTH_ERR_CONFIG
            message = f"provider {provider!r} failed to load: {self._failed[provider]}"
        elif self._failed_all is not None:
            status, why = self._failed_all
            message = f"provider {provider!r} is not loaded: {why}"
        else:
            status = Status.AUTH_ERR_CONFIG
            loaded = ", ".join(sorted(self._loaded)) or "none"
            where = (f"the plugin directory {self._plugin_dir}" if
                     self._config_path is not None else "providers=")
            message = (f"no provider named {provider!r} is loaded (loaded: "
                       f"{loaded}): check the name, or add the provider to "
                       f"{where}")
        return Result(ok=False, status=status, status_name=status.name,
                      redirect_url=None, expires_at=None, retry_after=0,
                      user_message=_text(lib.auth_strerror(status)),
                      log_message=message, error_id="", region="", http_status=0,
                      account_id=None, state=None, offerings=())

    # ---- calls ---------------------------------------------------------------------

    def login(self, provider: str, /, **attributes: str) -> Result:
        """Log a tenant in through `provider`, e.g. ``login("sendgrid",
        tenant="acme", account_id="...", region="eu")``.  On success
        ``result.redirect_url`` is the one-time URL to send the browser to."""
        return self._tenant_call(lib.psso_login, provider, attributes, True)

    def check(self, provider: str, /, **attributes: str) -> Result:
        """Verify the provider's credentials and reachability for a tenant,
        as login does, without logging anyone in."""
        return self._tenant_call(lib.psso_check, provider, attributes, False)

    def _tenant_call(self, native: Any, provider: str, attributes: Mapping[str, str],
                     is_login: bool) -> Result:
        """login and check: the same call but for the native function and
        whether a URL may come back."""
        name = self._loaded_name(provider)
        packed, count = _input.pack("attribute", attributes)
        if self._closed:
            raise ValueError(CLOSED)
        if name is None:
            return self._not_loaded(provider)
        r = ffi.new("auth_result *")
        ran = native(self._handle, name, packed, count, r)
        if ran != 1:
            if not ran:
                raise ValueError(CLOSED)
            _deliver_queued(self._sink, ran - 1)
        return _result(r, None, is_login)

    def _account(self, op: str, provider: str, attributes: Mapping[str, str], *,
                 with_request: bool = False, profile: Mapping[str, str] | None = None,
                 offerings: Iterable[OfferingLike] = (),
                 test_account: bool = False) -> Result:
        name = self._loaded_name(provider)
        packed, count = _input.pack("attribute", _input.mapping("attributes", attributes))
        pbuf, pcount = b"", 0
        if profile is not None:
            pbuf, pcount = _input.pack("profile field", _input.mapping("profile", profile))
        offs = _input.offerings(offerings, lib.AUTH_OFFERING_NAME_MAX,
                                lib.AUTH_OFFERING_TYPE_MAX)
        if not isinstance(test_account, bool):
            raise TypeError(f"test_account must be a bool, not {type(test_account).__name__}")
        if self._closed:
            raise ValueError(CLOSED)
        if name is None:
            return self._not_loaded(provider)
        arr = ffi.new("auth_offering[]", len(offs)) if offs else ffi.NULL
        for i, (oname, otype, quantity) in enumerate(offs):
            arr[i].name = oname
            arr[i].type = otype
            arr[i].quantity = quantity
        r = ffi.new("auth_result *")
        a = ffi.new("auth_account *")
        ran = lib.psso_account(self._handle, name, _OP[op], packed, count,
                               with_request, pbuf, pcount, arr, len(offs),
                               test_account, r, a)
        if ran != 1:
            if not ran:
                raise ValueError(CLOSED)
            _deliver_queued(self._sink, ran - 1)
        return _result(r, (op, a), False)

    def account_create(self, provider: str, attributes: Mapping[str, str], *,
                       profile: Mapping[str, str] | None = None,
                       offerings: Iterable[OfferingLike] = (),
                       test_account: bool = False) -> Result:
        """Create an account at the provider; ``result.account_id`` is its
        ID.  Never retried by the provider: AUTH_ERR_OUTCOME_UNKNOWN means it
        may or may not have been created (look before creating again)."""
        return self._account("account_create", provider, attributes,
                             with_request=True, profile=profile,
                             offerings=offerings, test_account=test_account)

    def account_state(self, provider: str, attributes: Mapping[str, str]) -> Result:
        """The account's state (``result.state``)."""
        return self._account("account_state", provider, attributes)

    def account_suspend(self, provider: str, attributes: Mapping[str, str]) -> Result:
        """Suspend the account; ``result.state`` is its state after."""
        return self._account("account_suspend", provider, attributes)

    def account_unsuspend(self, provider: str, attributes: Mapping[str, str]) -> Result:
        """Lift a suspension; ``result.state`` is its state after."""
        return self._account("account_unsuspend", provider, attributes)

    def account_offerings(self, provider: str, attributes: Mapping[str, str]) -> Result:
        """The account's offerings (``result.offerings``)."""
        return self._account("account_offerings", provider, attributes)

    def account_set_offerings(self, provider: str, attributes: Mapping[str, str],
                              offerings: Iterable[OfferingLike]) -> Result:
        """Replace the account's offerings with `offerings` (the whole
        list); ``result.offerings`` is the list after."""
        return self._account("account_set_offerings", provider, attributes,
                             with_request=True, offerings=offerings)

    def account_delete(self, provider: str, attributes: Mapping[str, str]) -> Result:
        """Delete the account."""
        return self._account("account_delete", provider, attributes)

    def catalog(self, provider: str, attributes: Mapping[str, str]) -> Result:
        """The offerings the provider's key may assign (``result.offerings``)."""
        return self._account("catalog", provider, attributes)


_ANSWERS_ID = {"account_create"}
_ANSWERS_STATE = {"account_state", "account_suspend", "account_unsuspend"}
_ANSWERS_LIST = {"account_offerings", "account_set_offerings", "catalog"}


def _result(r: Any, account: tuple[str, Any] | None, is_login: bool) -> Result:
    """The Result of a C auth_result (and auth_account); wipes the C copy
    of the URL once it is read."""
    status = BY_VALUE.get(r.status, Status.AUTH_ERR_UNKNOWN)
    ok = status is Status.AUTH_OK
    url = None
    if ok and is_login:
        url = ffi.string(r.redirect_url).decode("utf-8", "replace") or None
        lib.auth_result_wipe(r)
    elif r.redirect_url[0] != b"\0":
        lib.auth_result_wipe(r)
    account_id = state = None
    offerings: tuple[Offering, ...] = ()
    if account is not None:
        op, a = account
        if op in _ANSWERS_ID and a.account_id[0] != b"\0":
            account_id = _text(a.account_id)
        elif op in _ANSWERS_STATE and a.state[0] != b"\0":
            state = _text(a.state)
        elif op in _ANSWERS_LIST:
            n = min(a.offering_count, len(a.offerings))
            offerings = tuple(Offering(_text(o.name), _text(o.type), o.quantity)
                              for o in a.offerings[0:n])
    expires = r.expires_at_ms
    string = ffi.string
    return result_from_fields({
        "ok": ok, "status": status, "status_name": NAMES[status],
        "redirect_url": url, "expires_at": expires if expires > 0 else None,
        "retry_after": r.retry_after_s,
        "user_message": string(r.user_message).decode("utf-8", "replace"),
        "log_message": string(r.log_message).decode("utf-8", "replace"),
        "error_id": string(r.error_id).decode("utf-8", "replace"),
        "region": string(r.region).decode("utf-8", "replace"),
        "http_status": r.http_status, "account_id": account_id, "state": state,
        "offerings": offerings})
