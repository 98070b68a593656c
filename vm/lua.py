"""``Lua``: one arena — its globals, registry, string metatable, memory
account and fuel — and the entry points to load and run code in it.

Everything a host passes in or gets back is converted by :mod:`vm.convert`
(strings are ``str``, tables are :class:`~vm.convert.LuaTable` handles...).
"""
from __future__ import annotations

import sys
import weakref
from typing import Any, Callable, Generator, Iterable, Mapping, Optional

from . import convert
from .compiler import compile_lua
from .convert import (MAX_DEPTH, MAX_ITEMS, LuaCoroutine, LuaFunction, LuaTable,
                      MetaImpl, UserdataType)
from .executor import Coroutine, Executor
from .memory import ArenaMemory
from .runtime import ops
from .runtime.errors import FuelExhausted, LuaError
from .runtime.fuel import flush
from .runtime.state import State
from .runtime.values import LuaTable as RawTable
from .runtime.values import Userdata

UNLIMITED = 1 << 62
"""The step budget of a synchronous run without a fuel limit."""


def _stdout_bytes(data: bytes) -> None:
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


class Lua:
    """One Lua state (arena).

    ``sandbox`` (default True) gives the safe environment only;
    ``memory_limit`` is a hard limit in bytes for the arena; ``output``
    receives the text written by ``print`` and ``io.write`` (a ``str``).
    """

    def __init__(self, sandbox: bool = True, memory_limit: Optional[int] = None,
                 output: Optional[Callable[[str], Any]] = None):
        self.sandbox = sandbox
        self.state = A = State(memory_limit)
        A.lua = self
        A.mem = ArenaMemory(A, memory_limit)
        A.executors = weakref.WeakSet()
        if output is None:
            A.output = _stdout_bytes
        else:
            A.output = lambda data: output(data.decode("utf-8", "surrogateescape"))
        # declared userdata: per-arena declarations, lookup cache, one
        # metatable per declared type, one userdata per live Python object
        self._types: dict[type, UserdataType] = {}
        self._type_cache: "weakref.WeakKeyDictionary[type, Optional[UserdataType]]" = \
            weakref.WeakKeyDictionary()
        self._metas: dict[UserdataType, RawTable] = {}
        self._declared_metas: set[int] = set()
        self._userdata_cache: "weakref.WeakValueDictionary[int, Userdata]" = \
            weakref.WeakValueDictionary()
        self._open_libs()

    def _open_libs(self) -> None:
        from .stdlib import open_libs
        open_libs(self.state, sandbox=self.sandbox)

    def __repr__(self) -> str:
        return "<Lua arena 0x%08x>" % id(self)

    # ------------------------------------------------------------ loading
    def load(self, source: str | bytes, name: str = "=(load)",
             env: Optional[LuaTable | Mapping] = None) -> LuaFunction:
        """Compile a text chunk into a function (not run yet).

        ``name`` is the chunk name (``"=name"`` verbatim, ``"@file"`` a file
        name); ``env`` the chunk's ``_ENV`` table (default: the globals).
        Raises :class:`LuaSyntaxError`.
        """
        if isinstance(source, str):
            source = source.encode("utf-8", "surrogateescape")
        raw_env = None if env is None else self.to_lua(env)
        if raw_env is not None and raw_env.__class__ is not RawTable:
            raise TypeError("env must be a table")
        try:
            fn = compile_lua(self.state, source, name, raw_env)
        except LuaError as e:
            raise convert.public_error(self, e) from None
        return LuaFunction(self, fn)

    @property
    def globals(self) -> LuaTable:
        """The global table, as a mutable mapping (raw access)."""
        return LuaTable(self, self.state.globals)

    # ------------------------------------------------------------ running
    def execute(self, source_or_function: Any, *args: Any, fuel: Optional[int] = None) -> Any:
        """Run a chunk (source text) or a function to completion.

        Returns ``None`` for no results, the value for one, a tuple for
        several.  Raises :class:`LuaError` (with ``.traceback``) if the code
        fails, :class:`FuelExhausted` if ``fuel`` is given and runs out.

        Called from a callback while this arena is already running (a
        nested call), the run is charged to the running step and may use at
        most the fuel that step has left; prefer :meth:`sequence` callbacks,
        which call Lua without nesting.
        """
        fn = source_or_function
        if isinstance(fn, (str, bytes)):
            fn = self.load(fn, "=(execute)")
        A = self.state
        nested = A.current is not None
        budget = fuel
        if nested:
            flush(A)
            left = max(A.F[0] + getattr(A.mem, "reserve", 0), 0)
            budget = left if fuel is None else min(fuel, left)
        ex = Executor(self, fn, *args)
        try:
            if budget is None:
                while not ex.step(UNLIMITED):
                    pass
            elif not ex.step(budget):
                ex.close()
                raise FuelExhausted("fuel exhausted (budget of %d units)" % budget)
        finally:
            if nested:
                A.F[0] -= ex.fuel_used
        try:
            r = ex.result()
        except LuaError as e:
            raise convert.public_error(self, e) from None
        if not r:
            return None
        if len(r) == 1:
            return r[0]
        return r

    def eval(self, expression: str, *args: Any, fuel: Optional[int] = None) -> Any:
        """Evaluate a Lua expression (``...`` are ``args``), like
        ``execute("return " + expression)``."""
        fn = self.load("return " + expression, "=(eval)")
        return self.execute(fn, *args, fuel=fuel)

    # ----------------------------------------------------------- values
    def to_lua(self, value: Any) -> Any:
        """Convert a Python value into a (raw) value of this arena."""
        return convert.to_lua(self, value)

    def to_python(self, value: Any) -> Any:
        """Convert a (raw) value of this arena for Python."""
        return convert.to_python(self, value)

    def public_error(self, err: LuaError) -> LuaError:
        """The Python-facing copy of a raw Lua error of this arena: same
        class, ``value`` converted to Python, ``traceback`` filled in."""
        return convert.public_error(self, err)

    def table_from(self, obj: Mapping | Iterable, *, max_items: int = MAX_ITEMS,
                   max_depth: int = MAX_DEPTH) -> LuaTable:
        """A new table copied deeply from a mapping or an iterable
        (``ValueError`` on a cycle or when a limit is exceeded)."""
        return convert.table_from(self, obj, max_items=max_items, max_depth=max_depth)

    def table(self, *items: Any, **fields: Any) -> LuaTable:
        """A new table with ``items`` at 1..n and ``fields`` as string keys."""
        t = convert.table_from(self, items)
        t.update(fields)
        return t

    def function(self, fn: Callable[..., Any], name: Optional[str] = None) -> LuaFunction:
        """A Lua function calling the Python callable ``fn`` (which is what
        storing ``fn`` into the arena does implicitly).  See
        :func:`vm.convert.host_function` for the calling convention."""
        if isinstance(fn, LuaFunction):
            return fn
        return LuaFunction(self, convert.host_function(self, fn, name))

    def sequence(self, genfn: Callable[..., Generator], name: Optional[str] = None) -> LuaFunction:
        """A Lua function driving the generator function ``genfn`` (usable
        as a decorator).

        The generator receives the converted arguments and may yield
        ``vm.Call(fn, *args)`` (the reply is the tuple of results; a Lua
        error is thrown into the generator) or ``vm.Yield(*values)`` (yield
        out of the running coroutine; the reply is the tuple of resume
        arguments).  Its ``return`` value is the result (``None``: none,
        a tuple: several).  All of it runs inside the executor: fuel-metered
        and without growing the Python stack.
        """
        return LuaFunction(self, convert.sequence_function(self, genfn, name))

    def coroutine(self, fn: Any) -> LuaCoroutine:
        """A new coroutine running ``fn`` (resume it with ``.resume()``)."""
        raw = self.to_lua(fn)
        if not ops.is_callable_value(raw):
            raise TypeError("coroutine() needs a function")
        return LuaCoroutine(self, Coroutine(raw))

    # ----------------------------------------------------------- userdata
    def register_type(self, cls: type, name: Optional[str] = None, *,
                      methods: Iterable[str] = (), readable: Iterable[str] = (),
                      writable: Iterable[str] = (),
                      metamethods: Optional[Mapping[str, MetaImpl]] = None) -> UserdataType:
        """Declare, for this arena only, what Lua may see of instances of
        ``cls`` (and its subclasses); see :class:`vm.UserdataType`."""
        spec = UserdataType(name or cls.__name__, methods=methods, readable=readable,
                            writable=writable, metamethods=metamethods)
        self._types[cls] = spec
        self._type_cache = weakref.WeakKeyDictionary()
        return spec

    def _userdata_spec(self, cls: type) -> Optional[UserdataType]:
        """The declaration that applies to instances of ``cls``, if any."""
        try:
            return self._type_cache[cls]
        except (KeyError, TypeError):
            pass
        spec = None
        if self._types:
            for k in cls.__mro__:
                spec = self._types.get(k)
                if spec is not None:
                    break
        if spec is None:
            s = getattr(cls, "__lua_userdata__", None)
            if isinstance(s, UserdataType):
                spec = s
        try:
            self._type_cache[cls] = spec
        except TypeError:
            pass
        return spec

    def _userdata(self, obj: Any, spec: UserdataType) -> Userdata:
        """The userdata of this arena standing for ``obj`` (one per object)."""
        meta = self._metas.get(spec)
        if meta is None:
            meta = self._metas[spec] = convert.make_metatable(self, spec)
            self._declared_metas.add(id(meta))
        ud = self._userdata_cache.get(id(obj))
        if ud is not None and ud.value is obj and ud.meta is meta:
            return ud
        ud = Userdata(obj, meta)
        self._userdata_cache[id(obj)] = ud
        return ud
