"""Lua values that are not plain Python scalars: tables, functions, userdata.

Representation of Lua values in the VM:

============  ==========================================
Lua           Python
============  ==========================================
nil           ``None``
boolean       ``True`` / ``False``
integer       ``int`` (always within signed 64 bits)
float         ``float``
string        ``bytes``
table         :class:`LuaTable`
function      :class:`LuaFunction`, :class:`Builtin`, :class:`GenBuiltin`
thread        ``vm.executor.Coroutine``
userdata      :class:`Userdata`
============  ==========================================

Multiple results travel as a Python tuple; a single result travels as the
bare value (never a tuple), which keeps the common one-result call cheap.
"""
from __future__ import annotations

from .debuginfo import register_builtin
from .errors import LuaError
from .numbers import float2int


class _BoolKey:
    """Stands in for a boolean table key (Python would confuse True with 1)."""
    __slots__ = ("value",)

    def __init__(self, value: bool):
        self.value = value

    def __repr__(self):
        return "BoolKey(%r)" % self.value


TRUE_KEY = _BoolKey(True)
FALSE_KEY = _BoolKey(False)


class LuaTable:
    """A Lua table: ``arr`` holds keys 1..len(arr) (holes are None, the last
    element is never None) and ``hash`` every other key.  Invariant: ``hash``
    has no integer key in 1..len(arr)+1, so ``len(arr)`` is always a border.
    """

    __slots__ = ("hash", "arr", "meta", "_iter", "__weakref__")

    def __init__(self, arr=None, hash=None):
        self.arr = [] if arr is None else arr
        self.hash = {} if hash is None else hash
        self.meta = None
        self._iter = None

    def __repr__(self):
        return "<LuaTable 0x%08x>" % id(self)

    # Equality and hashing are object identity (Python's default), which is
    # also raw Lua equality for tables.


def normkey(k):
    """Normalise a key for storage/lookup; None/NaN are the caller's business."""
    c = k.__class__
    if c is float:
        i = float2int(k)
        return k if i is None else i
    if c is bool:
        return TRUE_KEY if k else FALSE_KEY
    return k


def rawget(t: LuaTable, k):
    if k.__class__ is int:
        arr = t.arr
        if 0 < k <= len(arr):
            return arr[k - 1]
        return t.hash.get(k)
    c = k.__class__
    if c is float:
        i = float2int(k)
        if i is not None:
            return rawget(t, i)
    elif c is bool:
        k = TRUE_KEY if k else FALSE_KEY
    return t.hash.get(k)


def rawgetint(t: LuaTable, k: int):
    arr = t.arr
    if 0 < k <= len(arr):
        return arr[k - 1]
    return t.hash.get(k)


def rawset(t: LuaTable, k, v) -> None:
    """Raw assignment; raises LuaError for nil and NaN keys."""
    c = k.__class__
    if c is bytes:                      # the commonest hash key
        if v is None:
            t.hash.pop(k, None)
        else:
            t.hash[k] = v
        return
    if c is int:
        arr = t.arr
        n = len(arr)
        if 0 < k <= n:
            if v is None and k == n:
                arr.pop()
                while arr and arr[-1] is None:
                    arr.pop()
                # remember the old length: ``next`` from a key cleared
                # during a traversal must still be valid
                t._iter = (_SHRUNK, n)
            else:
                arr[k - 1] = v
            return
        if k == n + 1:
            if v is None:
                return
            arr.append(v)
            h = t.hash
            if h:
                k += 1
                while k in h:
                    arr.append(h.pop(k))
                    k += 1
            return
    elif c is float:
        i = float2int(k)
        if i is not None:
            return rawset(t, i, v)
        if k != k:
            raise LuaError(b"table index is NaN")
    elif c is bool:
        k = TRUE_KEY if k else FALSE_KEY
    elif k is None:
        raise LuaError(b"table index is nil")
    if v is None:
        t.hash.pop(k, None)
    else:
        t.hash[k] = v


def rawlen(t: LuaTable) -> int:
    return len(t.arr)


_SHRUNK = object()


def lua_next(t: LuaTable, k):
    """``next``: the entry after key ``k`` (None starts), or None at the end.

    Returns ``(key, value)`` or None.  Keeps a cursor on the table so a full
    traversal costs O(n), not O(n^2).
    """
    if k.__class__ is bytes:
        # the common step of a traversal: the key the last call returned
        # (a string, so never an array index)
        it = t._iter
        if it is not None and it[0] is k:
            return _next_hash(t, t.hash, it[1], it[2])
    arr = t.arr
    n = len(arr)
    if k is None:
        i = 0
    else:
        if k.__class__ is float:
            fk = float2int(k)
            if fk is not None:
                k = fk
        if k.__class__ is int and 0 < k <= n:
            i = k
        elif (k.__class__ is int and k > n and (it := t._iter) is not None and it[0] is _SHRUNK
              and k <= it[1] and k not in t.hash):
            # an array slot cleared during the traversal (the array part
            # shrank): carry on with the hash part
            i = n
        else:
            i = -1
    if i >= 0:
        while i < n:
            v = arr[i]
            i += 1
            if v is not None:
                return (i, v)
        h = t.hash
        if not h:
            return None
        keys = list(h)
        pos = 0
    else:
        h = t.hash
        if k.__class__ is bool:
            k = TRUE_KEY if k else FALSE_KEY
        it = t._iter
        if it is not None and it[0] is k:
            keys, pos = it[1], it[2]
        else:
            if k not in h:
                raise LuaError(b"invalid key to 'next'")
            keys = list(h)
            try:
                pos = keys.index(k) + 1
            except ValueError:
                raise LuaError(b"invalid key to 'next'") from None
    return _next_hash(t, h, keys, pos)


def _next_hash(t: LuaTable, h: dict, keys: list, pos: int):
    """The entry of the hash part after ``keys[pos - 1]`` (a snapshot of
    the keys when the traversal entered the hash part), cursor updated."""
    nk = len(keys)
    while pos < nk:
        key = keys[pos]
        pos += 1
        v = h.get(key)
        if v is not None:
            t._iter = (key, keys, pos)
            if key.__class__ is _BoolKey:
                key = key.value
            return (key, v)
    t._iter = None
    return None


class LuaFunction:
    """A Lua closure: ``fn`` is the compiled Python generator function
    (upvalue cells bound as its keyword defaults); ``proto`` the static
    description shared by all closures of the same source function.

    ``plain`` is the non-generator twin that generator call sites try
    first; ``leaf`` is the same twin when plain twins may call it too (it
    has no side effect at all), else None."""

    __slots__ = ("fn", "proto", "plain", "leaf", "__weakref__")

    def __init__(self, fn, plain_or_proto, proto=None):
        self.fn = fn
        if proto is None:
            self.proto = plain_or_proto
            self.plain = self.leaf = None
        else:
            self.plain = plain_or_proto
            self.proto = proto
            self.leaf = None if proto.effectful else plain_or_proto

    def __repr__(self):
        return "<LuaFunction %s>" % (self.proto.name,)


class Proto:
    """Static facts about one Lua function in the source."""

    __slots__ = ("name", "chunk", "line", "end_line", "nparams", "is_vararg",
                 "upvalnames", "source", "upvalpynames", "locvars", "pyname", "effectful")

    def __init__(self, name, chunk, line, end_line, nparams, is_vararg,
                 upvalnames, source):
        self.upvalpynames = []      # Python free-variable names of the upvalues
        self.locvars = []           # (lua name, python name, is_cell, line) in declaration order
        self.pyname = None          # name of the generated Python function
        # its plain twin ends with one side effect (so only callers that can
        # re-run nothing else, i.e. generator call sites, may use it)
        self.effectful = False
        self.name = name
        self.chunk = chunk          # ChunkInfo
        self.line = line
        self.end_line = end_line
        self.nparams = nparams
        self.is_vararg = is_vararg
        self.upvalnames = upvalnames
        self.source = source


class Builtin:
    """A Python function callable from Lua that never calls back into Lua.

    ``fn(*args)`` returns one value, or a tuple of values.
    """

    __slots__ = ("fn", "name", "pure", "__weakref__")

    def __init__(self, fn, name: str):
        self.fn = fn
        self.name = name
        # 1: no side effects, so the plain twin of a pure Lua function may
        # call it (re-running it is unobservable); 2: likewise, but only
        # when the first argument is a table the caller just constructed
        # (setmetatable); 0: anything else
        self.pure = 0
        register_builtin(fn)

    def __repr__(self):
        return "<Builtin %s>" % self.name


class _Slow:
    """The type of ``SLOW``."""
    __slots__ = ()

    def __repr__(self):
        return "SLOW"


SLOW = _Slow()
"""Returned by a GenBuiltin's ``fast`` function: run the generator."""


class GenBuiltin:
    """A Python generator function callable from Lua that may call Lua,
    yield, or run long (charging fuel): ``fn(D, *args)`` is a generator;
    ``D`` is the caller's call depth, to be passed on (``D + 1``) to
    ``ops.call``.  Its return value is one value or a tuple of values."""

    __slots__ = ("fn", "name", "fast", "pure", "__weakref__")

    def __init__(self, fn, name: str, fast=None):
        self.fn = fn
        self.name = name
        # optional ``fast(*args)``: a plain function that does the whole
        # call when it needs neither Lua nor suspension (the common case),
        # saving the generator; it returns ``SLOW`` (having done nothing
        # observable) to have ``fn`` run instead
        self.fast = fast
        # 1: ``fast`` (which must then be set) has no side effects, so
        # plain twins may call it
        self.pure = 0
        register_builtin(fn)
        if fast is not None:
            register_builtin(fast)      # a builtin level too, for error positions

    def __repr__(self):
        return "<GenBuiltin %s>" % self.name


FUNCTION_TYPES = (LuaFunction, Builtin, GenBuiltin)


class Userdata:
    """A host object exposed to Lua through a declared metatable."""

    __slots__ = ("value", "meta", "__weakref__")

    def __init__(self, value, meta=None):
        self.value = value
        self.meta = meta


_TYPE_NAMES = {
    type(None): "nil", bool: "boolean", int: "number", float: "number",
    bytes: "string", LuaTable: "table", LuaFunction: "function",
    Builtin: "function", GenBuiltin: "function", Userdata: "userdata",
}


def register_type(cls, name: str) -> None:
    """Let another runtime module (the executor's Coroutine) name its type."""
    _TYPE_NAMES[cls] = name


def lua_type(v) -> str:
    """The Lua type name of a value (``type(v)``)."""
    return _TYPE_NAMES.get(v.__class__, "userdata")
