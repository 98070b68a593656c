"""Argument checking for builtins, with Lua 5.4's exact messages.

Builtins receive their Lua arguments as a tuple ``args`` and check them with
these helpers (``i`` is the 1-based argument number, ``fname`` the
function's qualified name such as ``'string.sub'``; when called from Lua code
the message uses the name the call site used, as ``luaL_argerror`` does).
"""
from __future__ import annotations

import sys

from .debuginfo import caller_name, where
from .errors import LuaError
from .numbers import float2int, str2number, tostr
from .values import LuaTable, Userdata, lua_type


def lua_error(msg, level: int = 1):
    """Raise a Lua error with message ``msg`` (str or bytes) prefixed by the
    position of the Lua code at ``level`` (1 = the caller of the builtin)."""
    if isinstance(msg, str):
        msg = msg.encode("utf-8", "surrogateescape")
    pos = where(level, sys._getframe(1)) if level > 0 else ""
    raise LuaError(pos.encode() + msg)


def arg_error(i: int, fname: str, extramsg: str):
    """``luaL_argerror``: ``bad argument #i to 'f' (extramsg)``."""
    frame = sys._getframe(1)
    cn = caller_name(frame)
    name = fname
    if cn is not None:
        namewhat, cname = cn
        if namewhat == "method":
            i -= 1
            if i == 0:
                raise LuaError((where(1, frame) + "calling '%s' on bad self (%s)"
                                % (cname, extramsg)).encode("utf-8", "surrogateescape"))
        if cname is not None:
            name = cname
    elif "." in fname and fname.startswith("_G."):
        name = fname[3:]
    msg = "%sbad argument #%d to '%s' (%s)" % (where(1, frame), i, name, extramsg)
    raise LuaError(msg.encode("utf-8", "surrogateescape"))


def typename_for_error(v) -> str:
    """``luaL_typeerror``'s name for a value: its ``__name`` if it has one."""
    mt = getattr(v, "meta", None) if v.__class__ in (LuaTable, Userdata) else None
    if mt is not None:
        n = mt.hash.get(b"__name")
        if n.__class__ is bytes:
            return n.decode("utf-8", "surrogateescape")
    return lua_type(v)


def type_error(args, i: int, fname: str, expected: str):
    got = "no value" if i > len(args) else typename_for_error(args[i - 1])
    arg_error(i, fname, "%s expected, got %s" % (expected, got))


def check_any(args, i, fname):
    if i > len(args):
        arg_error(i, fname, "value expected")
    return args[i - 1]


def check_table(args, i, fname) -> LuaTable:
    v = args[i - 1] if i <= len(args) else None
    if v.__class__ is not LuaTable:
        type_error(args, i, fname, "table")
    return v


def check_int(args, i, fname) -> int:
    v = args[i - 1] if i <= len(args) else None
    c = v.__class__
    if c is int:
        return v
    if c is float:
        r = float2int(v)
        if r is None:
            arg_error(i, fname, "number has no integer representation")
        return r
    if c is bytes:
        n = str2number(v)
        if n is not None:
            if n.__class__ is int:
                return n
            r = float2int(n)
            if r is None:
                arg_error(i, fname, "number has no integer representation")
            return r
    type_error(args, i, fname, "number")


def opt_int(args, i, fname, default):
    if i > len(args) or args[i - 1] is None:
        return default
    return check_int(args, i, fname)


def check_num(args, i, fname):
    v = args[i - 1] if i <= len(args) else None
    c = v.__class__
    if c is int or c is float:
        return v
    if c is bytes:
        n = str2number(v)
        if n is not None:
            return n
    type_error(args, i, fname, "number")


def opt_num(args, i, fname, default):
    if i > len(args) or args[i - 1] is None:
        return default
    return check_num(args, i, fname)


def check_str(args, i, fname) -> bytes:
    """A string argument; numbers are converted like ``luaL_checklstring``."""
    v = args[i - 1] if i <= len(args) else None
    c = v.__class__
    if c is bytes:
        return v
    if c is int or c is float:
        return tostr(v)
    type_error(args, i, fname, "string")


def opt_str(args, i, fname, default):
    if i > len(args) or args[i - 1] is None:
        return default
    return check_str(args, i, fname)


def check_option(args, i, fname, options, default=None) -> str:
    """``luaL_checkoption``: one of ``options`` (strs)."""
    if default is not None and (i > len(args) or args[i - 1] is None):
        name = default
    else:
        name = check_str(args, i, fname).decode("latin-1")
    if name in options:
        return name
    arg_error(i, fname, "invalid option '%s'" % name)
