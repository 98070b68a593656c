"""Python <-> Lua values for host programs: conversions, handles, callbacks,
sequences and declared userdata.

Inside the VM, Lua values are raw objects (``bytes`` strings, raw tables of
``vm.runtime.values`` ...).  A host never sees those: everything crossing
the boundary goes through :func:`to_lua` / :func:`to_python`.

============================  =============================================
Python                        Lua
============================  =============================================
``None``, ``bool``            nil, boolean
``int`` (64-bit range)        integer (out-of-range ints: ``OverflowError``)
``float``                     float
``str`` / ``bytes``           string (UTF-8, surrogateescape both ways)
:class:`LuaTable`             the table it refers to (same arena only)
``dict`` / ``list``/``tuple`` a *new* table, deep-copied (never shared)
:class:`LuaFunction`          the function it refers to (same arena only)
any other callable            a Lua function calling it (see :func:`host_function`)
:class:`LuaCoroutine`         the coroutine it refers to
declared object               userdata (see :class:`UserdataType`)
anything else                 refused with ``TypeError``
============================  =============================================

Lua strings come back as ``str``, tables as :class:`LuaTable` handles,
functions as :class:`LuaFunction` handles (a Python callable stored earlier
comes back as itself), coroutines as :class:`LuaCoroutine`, declared
userdata as the Python object itself.
"""
from __future__ import annotations

import inspect
import logging
import sys
import weakref
from collections.abc import Mapping
from typing import (TYPE_CHECKING, Any, Callable, Generator, Iterable,
                    Iterator, NoReturn, Optional, Union)

from .executor import Coroutine
from .runtime import argcheck, ops
from .runtime.debuginfo import format_frames, traceback_of, where
from .runtime.errors import FuelExhausted, LuaError, LuaMemoryError, LuaSyntaxError
from .runtime.numbers import str2number, tostr
from .runtime.requests import OUT_OF_FUEL, Resume, Yield
from .runtime.values import FALSE_KEY, TRUE_KEY, Builtin, GenBuiltin
from .runtime.values import LuaFunction as RawFunction
from .runtime.values import LuaTable as RawTable
from .runtime.values import Userdata, lua_type, rawget, rawset, register_type
from .stdlib.los import LuaExit

if TYPE_CHECKING:
    from .lua import Lua

__all__ = [
    "LuaHandle", "LuaTable", "LuaFunction", "LuaCoroutine", "LuaUserdata",
    "Call", "Yield", "UserdataType", "userdata",
    "to_lua", "to_python", "table_from", "host_function", "sequence_function",
    "public_error", "lua_error", "arg_error", "check_int", "check_number",
    "check_str", "check_table", "check_function", "check_userdata",
    "opt_int", "opt_number", "opt_str",
    "MAX_ITEMS", "MAX_DEPTH",
]

log = logging.getLogger("vm.host")
"""Where Python exceptions raised by callbacks are logged (with traceback)."""

MININT = -(1 << 63)
MAXINT = (1 << 63) - 1
MAX_ITEMS = 1_000_000
"""Default limit on the number of entries one deep conversion may create."""
MAX_DEPTH = 100
"""Default limit on the nesting depth of one deep conversion."""

REQUEST_FUEL = 1
"""Fuel charged each time a sequence generator is resumed, so that even a
sequence that only calls Python is stepped like Lua code."""

_HOST_ATTR = "__moonbox_host__"
"""Attribute of a callback wrapper holding the wrapped Python callable."""

_PASSTHROUGH = (LuaExit,)
"""Exceptions that cross callbacks untouched (``os.exit`` of the CLI)."""

_RAW_TYPES = frozenset((RawTable, RawFunction, Builtin, GenBuiltin, Coroutine, Userdata))
_SCALARS = frozenset((type(None), bool, float, bytes))


# ====================================================================== handles

class LuaHandle:
    """A reference from Python to a Lua object of one arena.

    A handle keeps its object (and its arena) alive while it is referenced;
    two handles are equal when they refer to the same Lua object.  Handles
    are always true, like every Lua object.  Passing a handle to another
    arena raises ``ValueError``.
    """

    __slots__ = ("_lua", "_raw", "__weakref__")

    def __init__(self, lua: "Lua", raw: Any):
        self._lua = lua
        self._raw = raw

    @property
    def lua(self) -> "Lua":
        """The arena this object belongs to."""
        return self._lua

    @property
    def lua_type(self) -> str:
        """The Lua type name (``"table"``, ``"function"``...)."""
        return lua_type(self._raw)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LuaHandle) and other._raw is self._raw

    def __hash__(self) -> int:
        return hash(id(self._raw))

    def __bool__(self) -> bool:
        return True

    def __repr__(self) -> str:
        return "<%s 0x%08x>" % (type(self).__name__, id(self._raw))


class LuaTable(LuaHandle):
    """A Lua table seen from Python, with a mapping interface.

    Access is *raw* (no metamethods run): ``t[k]`` is ``nil``-tolerant and
    returns ``None`` for a missing key, ``t[k] = None`` removes the key,
    ``len(t)`` counts the entries (``t.length()`` is Lua's ``#t``), and
    iteration yields the keys (array part first, in order).  Keys and
    values are converted both ways like any value.
    """

    __slots__ = ()

    def _key(self, key: Any) -> Any:
        return to_lua(self._lua, key)

    def __getitem__(self, key: Any) -> Any:
        return to_python(self._lua, rawget(self._raw, self._key(key)))

    def get(self, key: Any, default: Any = None) -> Any:
        """``t[key]``, or ``default`` when it is nil."""
        v = rawget(self._raw, self._key(key))
        return default if v is None else to_python(self._lua, v)

    def __setitem__(self, key: Any, value: Any) -> None:
        k = self._key(key)
        v = to_lua(self._lua, value)
        try:
            rawset(self._raw, k, v)
        except LuaError as e:
            raise ValueError(str(e)) from None

    def __delitem__(self, key: Any) -> None:
        self[key] = None

    def __contains__(self, key: Any) -> bool:
        try:
            return rawget(self._raw, self._key(key)) is not None
        except (TypeError, ValueError, OverflowError):
            return False

    def _raw_items(self) -> list:
        raw = self._raw
        out = [(i, v) for i, v in enumerate(raw.arr, 1) if v is not None]
        for k, v in list(raw.hash.items()):
            if k is TRUE_KEY or k is FALSE_KEY:
                k = k.value
            out.append((k, v))
        return out

    def items(self) -> list[tuple[Any, Any]]:
        """A snapshot list of ``(key, value)`` pairs (converted)."""
        lua = self._lua
        return [(to_python(lua, k), to_python(lua, v)) for k, v in self._raw_items()]

    def keys(self) -> list[Any]:
        """A snapshot list of the keys (converted)."""
        lua = self._lua
        return [to_python(lua, k) for k, _ in self._raw_items()]

    def values(self) -> list[Any]:
        """A snapshot list of the values (converted)."""
        lua = self._lua
        return [to_python(lua, v) for _, v in self._raw_items()]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.keys())

    def __len__(self) -> int:
        raw = self._raw
        return sum(1 for v in raw.arr if v is not None) + len(raw.hash)

    def length(self) -> int:
        """Lua's raw length ``#t`` (a border of the array part)."""
        return len(self._raw.arr)

    def update(self, other: Union[Mapping, Iterable[tuple[Any, Any]]] = (), **kw: Any) -> None:
        """Set several entries, like ``dict.update``."""
        pairs = other.items() if isinstance(other, (Mapping, LuaTable)) else other
        for k, v in pairs:
            self[k] = v
        for k, v in kw.items():
            self[k] = v

    @property
    def metatable(self) -> Optional["LuaTable"]:
        """The table's metatable (raw, ignoring ``__metatable``), or None."""
        mt = self._raw.meta
        return None if mt is None else LuaTable(self._lua, mt)

    @metatable.setter
    def metatable(self, mt: Optional["LuaTable"]) -> None:
        raw = None if mt is None else to_lua(self._lua, mt)
        if raw is not None and raw.__class__ is not RawTable:
            raise TypeError("a metatable must be a table or None")
        self._raw.meta = raw

    def to_python(self, *, max_items: int = MAX_ITEMS, max_depth: int = MAX_DEPTH) -> Union[dict, list]:
        """Deep copy into plain Python containers.

        A table whose keys are exactly ``1..n`` (holes allowed, as ``None``)
        becomes a list, any other table a dict (the empty table is ``{}``).
        Nested tables are converted too; functions and coroutines stay
        handles, declared userdata become their Python objects.  Raises
        ``ValueError`` on a reference cycle, when more than ``max_items``
        entries or ``max_depth`` levels would be created, or when two Lua
        keys are equal in Python (``1`` and ``true``).
        """
        return _DeepToPython(self._lua, max_items, max_depth).convert(self._raw, 0)


class LuaFunction(LuaHandle):
    """A Lua function (or a library function) seen from Python.

    Calling it runs it to completion synchronously, like
    :meth:`vm.Lua.execute`: ``None`` for no results, the value for one, a
    tuple for several.  Use :meth:`call` to give a fuel budget.
    """

    __slots__ = ()

    def __call__(self, *args: Any) -> Any:
        return self._lua.execute(self, *args)

    def call(self, *args: Any, fuel: Optional[int] = None) -> Any:
        """Call with an optional ``fuel`` budget (``FuelExhausted``)."""
        return self._lua.execute(self, *args, fuel=fuel)

    @property
    def name(self) -> Optional[str]:
        """The function's name when known."""
        raw = self._raw
        if raw.__class__ is RawFunction:
            return raw.proto.name
        return getattr(raw, "name", None)


class LuaCoroutine(LuaHandle):
    """A Lua coroutine (thread) seen from Python."""

    __slots__ = ()

    @property
    def status(self) -> str:
        """``"suspended"``, ``"running"``, ``"normal"`` or ``"dead"``."""
        return self._raw.status

    def resume(self, *args: Any, fuel: Optional[int] = None) -> Any:
        """Resume the coroutine synchronously with ``args``; returns what it
        yields or returns (``None``, one value or a tuple, like
        :meth:`vm.Lua.execute`).  Raises :class:`LuaError` if it fails or
        cannot be resumed."""
        return self._lua.execute(_RESUME, self, *args, fuel=fuel)


def _resume_driver(D: int, co: Any, *args: Any) -> Generator:
    if co.__class__ is not Coroutine:
        raise LuaError(b"not a coroutine")
    return (yield Resume(co, args, wrap=True))


_RESUME = GenBuiltin(_resume_driver, "resume")


class LuaUserdata(LuaHandle):
    """A userdata that is not a declared Python object (an opaque handle)."""

    __slots__ = ()


# ================================================================== conversion

def to_lua(lua: "Lua", v: Any) -> Any:
    """Convert a Python value into a value of arena ``lua`` (see the module
    docstring).  Raises ``TypeError`` for undeclared objects, ``OverflowError``
    for integers outside 64 bits, ``ValueError`` for a handle of another
    arena or a container that cannot be copied (cycle, limits)."""
    c = v.__class__
    if c is str:
        return v.encode("utf-8", "surrogateescape")
    if c is int:
        if MININT <= v <= MAXINT:
            return v
        raise OverflowError("integer %d does not fit in a Lua integer (64 bits)" % v)
    if c in _SCALARS:
        return v
    if c is LuaTable or c is LuaFunction or c is LuaCoroutine or c is LuaUserdata:
        if v._lua is not lua:
            raise ValueError("this %s belongs to another Lua arena" % c.__name__)
        return v._raw
    if c in _RAW_TYPES:
        return v
    return _to_lua_other(lua, v)


def _to_lua_other(lua: "Lua", v: Any) -> Any:
    if isinstance(v, LuaHandle):
        if v._lua is not lua:
            raise ValueError("this %s belongs to another Lua arena" % type(v).__name__)
        return v._raw
    spec = lua._userdata_spec(type(v))
    if spec is not None:
        return lua._userdata(v, spec)
    if isinstance(v, str):
        return str(v).encode("utf-8", "surrogateescape")
    if isinstance(v, (bytes, bytearray, memoryview)):
        return bytes(v)
    if isinstance(v, int):
        return to_lua(lua, int(v))
    if isinstance(v, float):
        return float(v)
    if isinstance(v, (dict, list, tuple)):
        return _TableBuilder(lua, MAX_ITEMS, MAX_DEPTH).build(v, 0)
    if inspect.isgenerator(v):
        raise TypeError("cannot pass a generator to Lua (wrap generator "
                        "functions with lua.sequence())")
    if callable(v):
        return host_function(lua, v)
    raise TypeError("cannot pass a %r object to Lua: declare its type with "
                    "@vm.userdata or lua.register_type()" % type(v).__name__)


def to_python(lua: "Lua", v: Any) -> Any:
    """Convert a value of arena ``lua`` for Python (see the module docstring)."""
    c = v.__class__
    if c is bytes:
        return v.decode("utf-8", "surrogateescape")
    if v is None or c is bool or c is int or c is float:
        return v
    if c is RawTable:
        return LuaTable(lua, v)
    if c is RawFunction or c is GenBuiltin:
        return LuaFunction(lua, v)
    if c is Builtin:
        host = getattr(v.fn, _HOST_ATTR, None)
        return LuaFunction(lua, v) if host is None else host
    if c is Userdata:
        if v.meta is not None and id(v.meta) in lua._declared_metas:
            return v.value
        return LuaUserdata(lua, v)
    if c is Coroutine:
        return LuaCoroutine(lua, v)
    return v


def _results_to_python(lua: "Lua", r: Any) -> tuple:
    """A raw call result (one value or a tuple) as a tuple of Python values."""
    if r.__class__ is tuple:
        return tuple([to_python(lua, v) for v in r])
    return (to_python(lua, r),)


def _results_to_lua(lua: "Lua", r: Any) -> Any:
    """A Python return value as a raw call result: None → no results, a
    tuple → several, anything else → one."""
    if r is None:
        return ()
    if r.__class__ is tuple:
        return tuple([to_lua(lua, v) for v in r])
    return to_lua(lua, r)


class _DeepToPython:
    """One deep Lua → Python conversion, with its limits."""

    def __init__(self, lua: "Lua", max_items: int, max_depth: int):
        self.lua = lua
        self.left = max_items
        self.max_depth = max_depth
        self.path: set[int] = set()

    def convert(self, raw: Any, depth: int) -> Any:
        if raw.__class__ is not RawTable:
            return to_python(self.lua, raw)
        if id(raw) in self.path:
            raise ValueError("cannot convert a table with a reference cycle")
        if depth >= self.max_depth:
            raise ValueError("table nesting deeper than %d levels" % self.max_depth)
        n = len(raw.arr) + len(raw.hash)
        self.left -= n
        if self.left < 0:
            raise ValueError("table too large to convert")
        self.path.add(id(raw))
        try:
            if not raw.hash and raw.arr:
                return [self.convert(v, depth + 1) for v in raw.arr]
            out: dict = {}
            count = 0
            for i, v in enumerate(raw.arr, 1):
                if v is not None:
                    out[i] = self.convert(v, depth + 1)
                    count += 1
            for k, v in list(raw.hash.items()):
                if k is TRUE_KEY or k is FALSE_KEY:
                    k = k.value
                out[to_python(self.lua, k)] = self.convert(v, depth + 1)
                count += 1
            if len(out) != count:
                raise ValueError("table keys collide in Python (such as 1 and true)")
            return out
        finally:
            self.path.discard(id(raw))


class _TableBuilder:
    """One deep Python → Lua table construction, with its limits."""

    def __init__(self, lua: "Lua", max_items: int, max_depth: int):
        self.lua = lua
        self.left = max_items
        self.max_depth = max_depth
        self.path: set[int] = set()

    def value(self, v: Any, depth: int) -> Any:
        if isinstance(v, (dict, list, tuple)):
            return self.build(v, depth + 1)
        return to_lua(self.lua, v)

    def build(self, obj: Any, depth: int) -> RawTable:
        if id(obj) in self.path:
            raise ValueError("cannot copy a container with a reference cycle into Lua")
        if depth >= self.max_depth:
            raise ValueError("container nesting deeper than %d levels" % self.max_depth)
        self.path.add(id(obj))
        try:
            t = RawTable()
            if isinstance(obj, (Mapping, LuaTable)):
                pairs = list(obj.items())
                self._spend(len(pairs))
                for k, v in pairs:
                    key = to_lua(self.lua, k)
                    value = self.value(v, depth)
                    try:
                        rawset(t, key, value)
                    except LuaError as e:
                        raise ValueError(str(e)) from None
                return t
            if isinstance(obj, (str, bytes, bytearray)) or not isinstance(obj, Iterable):
                raise TypeError("table_from() needs a mapping or an iterable, not %r"
                                % type(obj).__name__)
            items = list(obj)
            self._spend(len(items))
            arr = [self.value(v, depth) for v in items]
            while arr and arr[-1] is None:
                arr.pop()
            t.arr = arr
            return t
        finally:
            self.path.discard(id(obj))

    def _spend(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise ValueError("container too large to copy into Lua")
        self.lua.state.mem.check(n * 16)


def table_from(lua: "Lua", obj: Any, *, max_items: int = MAX_ITEMS,
               max_depth: int = MAX_DEPTH) -> LuaTable:
    """A new Lua table built from a mapping or an iterable (deep: nested
    dicts, lists and tuples become tables too).  Raises ``ValueError`` on a
    reference cycle or when the limits are exceeded."""
    try:
        return LuaTable(lua, _TableBuilder(lua, max_items, max_depth).build(obj, 0))
    except LuaMemoryError as e:
        raise public_error(lua, e) from None


# =================================================================== errors

def public_error(lua: "Lua", err: LuaError) -> LuaError:
    """The Python-facing copy of a Lua error: same class, ``value``
    converted to Python, ``traceback`` filled in from the Lua frames the
    error went through."""
    tb = err.traceback
    if tb is None and err.__traceback__ is not None and not isinstance(err, LuaSyntaxError):
        tb = format_frames(traceback_of(err.__traceback__))
    value = to_python(lua, err.value)
    cls = type(err)
    try:
        new = cls(value, tb)
    except TypeError:
        new = LuaError(value, tb)
    new.lua_traceback_frames = err.lua_traceback_frames
    return new


def _host_lua_error(lua: "Lua", err: LuaError) -> LuaError:
    """A LuaError raised by host code, its value made a Lua value."""
    v = err.value
    c = v.__class__
    if v is None or c in _SCALARS or c is int or c in _RAW_TYPES:
        return err
    try:
        err.value = to_lua(lua, v)
    except Exception:
        err.value = str(v).encode("utf-8", "surrogateescape")
    return err


def _exception_to_lua(exc: BaseException, fname: str, frame: Any) -> LuaError:
    """The Lua error for a Python exception escaping a callback: its message
    only, positioned at the calling Lua code; the traceback goes to the log."""
    if isinstance(exc, MemoryError):
        return LuaMemoryError()
    if isinstance(exc, FuelExhausted):
        msg = str(exc) or "fuel exhausted"
    else:
        log.error("Python exception in Lua callback '%s'", fname, exc_info=exc)
        msg = str(exc) or type(exc).__name__
    return LuaError((where(1, frame) + msg).encode("utf-8", "surrogateescape"))


def lua_error(message: str, level: int = 1) -> NoReturn:
    """Raise a Lua error from a callback, like Lua's ``error(message)``:
    the message is prefixed with the position of the calling Lua code
    (``level`` 1).  Raise ``vm.LuaError(value)`` yourself for a value with
    no position."""
    pos = where(level, sys._getframe(1)) if level > 0 else ""
    raise LuaError((pos + message).encode("utf-8", "surrogateescape"))


# ================================================================ callbacks

def _arity(fn: Callable) -> Optional[tuple[int, Optional[int]]]:
    """(required positional parameters, maximum positional parameters or
    None for ``*args``) of a callable, or None when unknown."""
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return None
    required = 0
    maxpos: Optional[int] = 0
    for p in sig.parameters.values():
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            if p.default is p.empty:
                required += 1
            if maxpos is not None:
                maxpos += 1
        elif p.kind is p.VAR_POSITIONAL:
            maxpos = None
    return required, maxpos


def _adapt(args: tuple, arity: Optional[tuple[int, Optional[int]]]) -> tuple:
    """Lua calling convention: missing arguments are nil, extra ones are
    dropped."""
    if arity is None:
        return args
    required, maxpos = arity
    n = len(args)
    if n < required:
        return args + (None,) * (required - n)
    if maxpos is not None and n > maxpos:
        return args[:maxpos]
    return args


def _callable_name(fn: Any) -> str:
    return getattr(fn, "__name__", None) or type(fn).__name__


def host_function(lua: "Lua", fn: Callable, name: Optional[str] = None) -> Builtin:
    """A raw Lua function of arena ``lua`` calling the Python callable ``fn``.

    Lua arguments are converted to Python (missing ones become ``None``,
    extra ones are dropped when ``fn`` does not take ``*args``); the return
    value is converted back (``None``: no results, a tuple: several results).
    A :class:`LuaError` raised by ``fn`` reaches Lua unchanged; any other
    exception becomes a Lua error whose value is its message (positioned at
    the calling Lua code) and is logged with its traceback on ``vm.host``.
    """
    fname = name or _callable_name(fn)
    arity = _arity(fn)

    def host_call(*args: Any) -> Any:
        try:
            pargs = tuple([to_python(lua, a) for a in args])
            if arity is not None:
                pargs = _adapt(pargs, arity)
            return _results_to_lua(lua, fn(*pargs))
        except LuaError as e:
            raise _host_lua_error(lua, e)
        except _PASSTHROUGH:
            raise
        except Exception as e:
            raise _exception_to_lua(e, fname, sys._getframe(0)) from None

    setattr(host_call, _HOST_ATTR, fn)
    return Builtin(host_call, fname)


class Call:
    """Sequence request: call ``fn`` (a Lua function handle or any callable)
    with ``args``; the reply sent back into the generator is the tuple of its
    results.  A Lua error raised by the call is thrown into the generator."""

    __slots__ = ("fn", "args")

    def __init__(self, fn: Any, *args: Any):
        self.fn = fn
        self.args = args

    def __repr__(self) -> str:
        return "Call(%r, %d args)" % (self.fn, len(self.args))


def sequence_function(lua: "Lua", genfn: Callable[..., Generator], name: Optional[str] = None) -> GenBuiltin:
    """A raw Lua function of arena ``lua`` driving the generator function
    ``genfn`` stacklessly (see :meth:`vm.Lua.sequence`)."""
    if not callable(genfn):
        raise TypeError("lua.sequence() needs a generator function")
    fname = name or _callable_name(genfn)
    arity = _arity(genfn)
    A = lua.state

    def host_sequence(D: int, *args: Any) -> Generator:
        frame = sys._getframe(0)
        try:
            pargs = _adapt(tuple([to_python(lua, a) for a in args]), arity)
            gen = genfn(*pargs)
        except LuaError as e:
            raise _host_lua_error(lua, e)
        except _PASSTHROUGH:
            raise
        except Exception as e:
            raise _exception_to_lua(e, fname, frame) from None
        if not inspect.isgenerator(gen):
            try:
                return _results_to_lua(lua, gen)
            except Exception as e:
                raise _exception_to_lua(e, fname, frame) from None
        reply: Any = None
        thrown: Optional[BaseException] = None
        F = A.F
        try:
            while True:
                F[0] -= REQUEST_FUEL
                if F[0] < 0:
                    yield OUT_OF_FUEL
                try:
                    if thrown is not None:
                        exc, thrown = thrown, None
                        req = gen.throw(exc)
                    else:
                        req = gen.send(reply)
                except StopIteration as stop:
                    return _results_to_lua(lua, stop.value)
                except LuaError as e:
                    raise _host_lua_error(lua, e)
                except _PASSTHROUGH:
                    raise
                except Exception as e:
                    raise _exception_to_lua(e, fname, frame) from None
                reply = None
                if isinstance(req, Call):
                    try:
                        f = to_lua(lua, req.fn)
                        cargs = tuple([to_lua(lua, a) for a in req.args])
                    except Exception as e:
                        thrown = e
                        continue
                    try:
                        r = yield from ops.call(A, D, f, cargs)
                    except LuaError as e:
                        thrown = public_error(lua, e)
                        continue
                    reply = _results_to_python(lua, r)
                elif isinstance(req, Yield):
                    try:
                        vals = tuple([to_lua(lua, v) for v in req.values])
                    except Exception as e:
                        thrown = e
                        continue
                    try:
                        res = yield Yield(*vals)
                    except LuaError as e:
                        thrown = public_error(lua, e)
                        continue
                    reply = _results_to_python(lua, res)
                else:
                    # an executor request from elsewhere: pass it through
                    try:
                        reply = yield req
                    except LuaError as e:
                        thrown = public_error(lua, e)
                        continue
        finally:
            gen.close()

    return GenBuiltin(host_sequence, fname)


# ============================================================ argument checks

def _typename(v: Any) -> str:
    """The Lua type name of a Python-side value (for error messages)."""
    if v is None:
        return "nil"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, (str, bytes)):
        return "string"
    if isinstance(v, LuaHandle):
        if isinstance(v, LuaUserdata):
            return argcheck.typename_for_error(v._raw)
        return v.lua_type
    spec = getattr(type(v), "__lua_userdata__", None)
    if isinstance(spec, UserdataType):
        return spec.name
    if callable(v):
        return "function"
    return "userdata"


def arg_error(n: int, fname: str, message: str) -> NoReturn:
    """Raise Lua's ``bad argument #n to 'fname' (message)`` from a callback
    (the name the calling Lua code used replaces ``fname`` when known)."""
    argcheck.arg_error(n, fname, message)
    raise AssertionError("unreachable")


def _type_error(v: Any, n: int, fname: str, expected: str) -> NoReturn:
    argcheck.arg_error(n, fname, "%s expected, got %s" % (expected, _typename(v)))
    raise AssertionError("unreachable")


def check_number(value: Any, n: int, fname: str) -> Union[int, float]:
    """Argument ``n`` as a number (numeric strings accepted, as in Lua)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        r = str2number(value.encode("utf-8", "surrogateescape"))
        if r is not None:
            return r
    _type_error(value, n, fname, "number")


def check_int(value: Any, n: int, fname: str) -> int:
    """Argument ``n`` as an integer (floats with an exact integer value and
    numeric strings accepted, as in Lua)."""
    v = check_number(value, n, fname)
    if isinstance(v, float):
        if v.is_integer() and MININT <= v <= MAXINT:
            return int(v)
        arg_error(n, fname, "number has no integer representation")
    return v


def check_str(value: Any, n: int, fname: str) -> str:
    """Argument ``n`` as a string (numbers converted, as in Lua)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "surrogateescape")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return tostr(value).decode()
    _type_error(value, n, fname, "string")


def check_table(value: Any, n: int, fname: str) -> LuaTable:
    """Argument ``n`` as a :class:`LuaTable`."""
    if isinstance(value, LuaTable):
        return value
    _type_error(value, n, fname, "table")


def check_function(value: Any, n: int, fname: str) -> Callable:
    """Argument ``n`` as a function (a :class:`LuaFunction` or a Python
    callable stored earlier)."""
    if isinstance(value, LuaFunction) or (callable(value) and not isinstance(value, LuaHandle)
                                          and _typename(value) == "function"):
        return value
    _type_error(value, n, fname, "function")


def check_userdata(value: Any, n: int, fname: str, cls: type) -> Any:
    """Argument ``n`` as an instance of the declared class ``cls``."""
    if isinstance(value, cls):
        return value
    spec = getattr(cls, "__lua_userdata__", None)
    expected = spec.name if isinstance(spec, UserdataType) else cls.__name__
    _type_error(value, n, fname, expected)


def opt_number(value: Any, n: int, fname: str, default: Any) -> Any:
    """Like :func:`check_number`, ``default`` when the argument is nil."""
    return default if value is None else check_number(value, n, fname)


def opt_int(value: Any, n: int, fname: str, default: Any) -> Any:
    """Like :func:`check_int`, ``default`` when the argument is nil."""
    return default if value is None else check_int(value, n, fname)


def opt_str(value: Any, n: int, fname: str, default: Any) -> Any:
    """Like :func:`check_str`, ``default`` when the argument is nil."""
    return default if value is None else check_str(value, n, fname)


# ================================================================= userdata

_METAMETHODS = frozenset(
    "__" + e for e in (
        "add sub mul div mod pow unm idiv band bor bxor shl shr bnot "
        "concat len eq lt le call tostring close pairs").split())
_RESERVED = frozenset(("__index", "__newindex", "__name", "__metatable",
                       "__gc", "__mode"))

MetaImpl = Union[str, Callable[..., Any]]


class UserdataType:
    """What Lua may see of a Python class.

    ``name`` is the Lua type name (``tostring`` shows ``name: 0x...``,
    argument errors say ``name expected``); ``methods`` are names of
    methods callable as ``obj:method(...)``; ``readable`` attributes can be
    read as ``obj.field``; ``writable`` ones can also be assigned (values
    arrive converted, tables as :class:`LuaTable` handles); ``metamethods``
    maps Lua events (``"__add"`` or ``"add"``, ``"__tostring"``, ``"__eq"``,
    ``"__len"``, ``"__call"``...) to a method name, called on the first
    operand (which must then be of this type) with the other operands, or
    to a callable called with all operands.  Nothing else is reachable.
    """

    __slots__ = ("name", "methods", "readable", "writable", "metamethods", "__weakref__")

    def __init__(self, name: str, *, methods: Iterable[str] = (),
                 readable: Iterable[str] = (), writable: Iterable[str] = (),
                 metamethods: Optional[Mapping[str, MetaImpl]] = None):
        self.name = name
        self.methods = frozenset(methods)
        self.writable = frozenset(writable)
        self.readable = frozenset(readable) | self.writable
        for attr in self.methods | self.readable:
            if not isinstance(attr, str) or attr.startswith("__"):
                raise ValueError("cannot expose %r to Lua" % (attr,))
        clash = self.methods & self.readable
        if clash:
            raise ValueError("declared both as method and field: %s" % ", ".join(sorted(clash)))
        mm: dict[str, MetaImpl] = {}
        for ev, impl in (metamethods or {}).items():
            key = ev if ev.startswith("__") else "__" + ev
            if key in _RESERVED or key not in _METAMETHODS:
                raise ValueError("unsupported metamethod %r" % ev)
            if not (isinstance(impl, str) or callable(impl)):
                raise TypeError("metamethod %r must be a method name or a callable" % ev)
            mm[key] = impl
        self.metamethods = mm

    def __repr__(self) -> str:
        return "<UserdataType %s>" % self.name


def userdata(cls: Optional[type] = None, *, name: Optional[str] = None,
             methods: Iterable[str] = (), readable: Iterable[str] = (),
             writable: Iterable[str] = (),
             metamethods: Optional[Mapping[str, MetaImpl]] = None) -> Any:
    """Class decorator declaring what Lua may see of its instances, in every
    arena (see :class:`UserdataType`)::

        @vm.userdata(methods=["move"], readable=["x", "y"])
        class Ship: ...

    Subclasses inherit the declaration.  ``lua.register_type`` declares a
    class for one arena only, overriding this declaration there.
    """
    def deco(c: type) -> type:
        c.__lua_userdata__ = UserdataType(  # type: ignore[attr-defined]
            name or c.__name__, methods=methods, readable=readable,
            writable=writable, metamethods=metamethods)
        return c
    return deco if cls is None else deco(cls)


def _key_text(k: Any) -> str:
    c = k.__class__
    if c is bytes:
        return k.decode("utf-8", "replace")
    if c is int or c is float:
        return tostr(k).decode()
    return "?" if k is None else "(%s)" % lua_type(k)


def make_metatable(lua: "Lua", spec: UserdataType) -> RawTable:
    """The metatable of ``spec``'s userdata in arena ``lua`` (built once
    per arena by :meth:`vm.Lua._userdata`)."""
    meta = RawTable()
    tname = spec.name
    h = meta.hash
    h[b"__name"] = tname.encode("utf-8", "surrogateescape")
    h[b"__metatable"] = h[b"__name"]

    def self_of(args: tuple, mname: str) -> Any:
        if args and args[0].__class__ is Userdata and args[0].meta is meta:
            return args[0].value
        argcheck.type_error(args, 1, mname, tname)

    def invoke(fn: Callable, args: tuple, fname: str, frame: Any) -> Any:
        try:
            pargs = _adapt(tuple([to_python(lua, a) for a in args]), _method_arity(fn))
            return _results_to_lua(lua, fn(*pargs))
        except LuaError as e:
            raise _host_lua_error(lua, e)
        except _PASSTHROUGH:
            raise
        except Exception as e:
            raise _exception_to_lua(e, fname, frame) from None

    methods: dict[Any, Builtin] = {}
    for mname in sorted(spec.methods):
        def method(*args: Any, _m: str = mname) -> Any:
            obj = self_of(args, _m)
            return invoke(getattr(obj, _m), args[1:], _m, sys._getframe(0))
        methods[mname.encode()] = Builtin(method, mname)
    readable: dict[Any, str] = {n.encode(): n for n in spec.readable}
    writable: dict[Any, str] = {n.encode(): n for n in spec.writable}

    def index(*args: Any) -> Any:
        obj = self_of(args, "__index")
        key = args[1] if len(args) > 1 else None
        m = methods.get(key)
        if m is not None:
            return m
        attr = readable.get(key)
        if attr is None:
            raise LuaError((where(1, sys._getframe(0)) + "'%s' has no field '%s'"
                            % (tname, _key_text(key))).encode("utf-8", "surrogateescape"))
        try:
            return to_lua(lua, getattr(obj, attr))
        except LuaError as e:
            raise _host_lua_error(lua, e)
        except _PASSTHROUGH:
            raise
        except Exception as e:
            raise _exception_to_lua(e, attr, sys._getframe(0)) from None

    def newindex(*args: Any) -> Any:
        obj = self_of(args, "__newindex")
        key = args[1] if len(args) > 1 else None
        attr = writable.get(key)
        if attr is None:
            raise LuaError((where(1, sys._getframe(0)) + "cannot assign field '%s' of '%s'"
                            % (_key_text(key), tname)).encode("utf-8", "surrogateescape"))
        try:
            setattr(obj, attr, to_python(lua, args[2] if len(args) > 2 else None))
        except LuaError as e:
            raise _host_lua_error(lua, e)
        except _PASSTHROUGH:
            raise
        except Exception as e:
            raise _exception_to_lua(e, attr, sys._getframe(0)) from None
        return ()

    h[b"__index"] = Builtin(index, tname + ".__index")
    h[b"__newindex"] = Builtin(newindex, tname + ".__newindex")

    def method_metamethod(ev: str, mname: str) -> Callable[..., Any]:
        def mm(*args: Any) -> Any:
            obj = self_of(args, ev)
            return invoke(getattr(obj, mname), args[1:], ev, sys._getframe(0))
        return mm

    def callable_metamethod(ev: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def mm(*args: Any) -> Any:
            return invoke(fn, args, ev, sys._getframe(0))
        return mm

    for ev, impl in spec.metamethods.items():
        mm = (method_metamethod(ev, impl) if isinstance(impl, str)
              else callable_metamethod(ev, impl))
        h[ev.encode()] = Builtin(mm, tname + "." + ev)
    return meta


_ARITY_CACHE: "weakref.WeakKeyDictionary[Any, Any]" = weakref.WeakKeyDictionary()


def _method_arity(bound: Callable) -> Optional[tuple[int, Optional[int]]]:
    """Arity of a bound method, cached per underlying function."""
    func = getattr(bound, "__func__", None)
    if func is None:
        return _arity(bound)
    try:
        return _ARITY_CACHE[func]
    except KeyError:
        a = _ARITY_CACHE[func] = _arity(bound)
        return a
    except TypeError:
        return _arity(bound)


# handles name their Lua type in messages (``LuaError.__str__``, argcheck)
register_type(LuaTable, "table")
register_type(LuaFunction, "function")
register_type(LuaCoroutine, "thread")
