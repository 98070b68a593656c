"""``require`` and the ``package`` library (outside the sandbox only):
Lua modules found on ``package.path``; no C modules."""
from __future__ import annotations

import errno
import os

from ..runtime import ops
from ..runtime.argcheck import check_str, lua_error, opt_str
from ..runtime.debuginfo import boundary
from ..dump import load_chunk
from ..runtime.errors import LuaError
from ..runtime.numbers import tostr
from ..runtime.values import Builtin, GenBuiltin, LuaTable, rawget, rawset

DEFAULT_PATH = b"./?.lua;./?/init.lua"


def searchpath(name: bytes, path: bytes, sep: bytes = b".", rep: bytes = b"/"):
    """``package.searchpath``: (filename, None) or (None, error text), the
    text as loadlib.c's ``pusherrornotfound`` builds it (empty templates
    included, no leading newline: ``require`` adds "\\n\\t")."""
    if sep and sep[:1] in name:
        name = name.replace(sep, rep)
    path = path.replace(b"?", name)
    for fname in path.split(b";"):
        if fname and os.path.isfile(os.fsdecode(fname)):
            return fname, None
    return None, b"no file '" + path.replace(b";", b"'\n\tno file '") + b"'"


def read_file_chunk(fname):
    """``luaL_loadfilex``'s reading: (chunk bytes, chunk name) of file
    ``fname`` (bytes; None for stdin), without a UTF-8 BOM and with a first
    line starting with '#' blanked (kept as a newline in a text chunk, so
    line numbers stay right; dropped before a binary chunk).  LuaError
    "cannot open/read <name>: <reason>" if the file cannot be read."""
    shown = (fname if fname is not None else b"stdin").decode("utf-8", "replace")
    try:
        if fname is None:
            import sys
            src, cname = sys.stdin.buffer.read(), b"=stdin"
        else:
            with open(os.fsdecode(fname), "rb") as f:
                src = f.read()
            cname = b"@" + fname
    except OSError as e:
        what = "read" if e.errno == errno.EISDIR else "open"
        reason = e.strerror or "error"
        raise LuaError(("cannot %s %s: %s" % (what, shown, reason)).encode()) from None
    if src.startswith(b"\xef\xbb\xbf"):
        src = src[3:]
    if src[:1] == b"#":
        nl = src.find(b"\n")
        src = b"" if nl < 0 else src[nl + 1:]
        if src[:1] != b"\x1b":
            src = b"\n" + src
    return src, cname


def load_file(A, fname, mode: bytes, env):
    """``luaL_loadfilex``: the function of file ``fname`` (None: stdin);
    LuaError with lua5.4's message on failure."""
    src, cname = read_file_chunk(fname)
    return load_chunk(A, src, cname, mode, env)


def open_package(A, G: LuaTable, libs: dict) -> LuaTable:
    """Install ``package`` and ``require`` into globals ``G``."""
    pkg = LuaTable()
    loaded = LuaTable()
    preload = LuaTable()
    env_path = os.environ.get("LUA_PATH_5_4") or os.environ.get("LUA_PATH")
    path = DEFAULT_PATH
    if env_path:
        path = env_path.encode().replace(b";;", b";" + DEFAULT_PATH + b";")
    pkg.hash[b"path"] = path
    pkg.hash[b"cpath"] = b""
    pkg.hash[b"config"] = b"/\n;\n?\n!\n-\n"
    pkg.hash[b"loaded"] = loaded
    pkg.hash[b"preload"] = preload
    A.loaded = loaded
    for name, t in libs.items():
        loaded.hash[name] = t
    loaded.hash[b"_G"] = G
    loaded.hash[b"package"] = pkg

    def searchpath_fn(*args):
        # searchpath(L, luaL_checkstring(L, 1), luaL_checkstring(L, 2),
        # luaL_optstring(L, 3, "."), ...): gcc checks the arguments last first
        rep = opt_str(args, 4, "package.searchpath", b"/")
        sep = opt_str(args, 3, "package.searchpath", b".")
        p = check_str(args, 2, "package.searchpath")
        name = check_str(args, 1, "package.searchpath")
        f, err = searchpath(name, p, sep, rep)
        if f is None:
            return (None, err)
        return f

    def searcher_preload(*args):
        name = check_str(args, 1, "searcher")
        v = rawget(preload, name)
        if v is None:
            return b"no field package.preload['" + name + b"']"
        return (v, b":preload:")

    def searcher_lua(*args):
        name = check_str(args, 1, "searcher")
        p = pkg.hash.get(b"path")
        if p.__class__ is not bytes:
            lua_error("'package.path' must be a string")
        fname, err = searchpath(name, p)
        if fname is None:
            return err
        try:
            fn = load_file(A, fname, b"bt", G)
        except LuaError as e:
            lua_error("error loading module '%s' from file '%s':\n\t%s"
                      % (name.decode("utf-8", "replace"), fname.decode("utf-8", "replace"),
                         e.value.decode("utf-8", "replace")))
        return (fn, fname)

    def searcher_c(*args):
        """C modules cannot be loaded by a pure-Python VM: report the
        files looked for (as PUC's C searcher does) and refuse found ones."""
        name = check_str(args, 1, "searcher")
        cp = pkg.hash.get(b"cpath")
        if cp.__class__ is not bytes:
            lua_error("'package.cpath' must be a string")
        if not cp:
            return ()               # moonbox's default: no C modules at all
        fname, err = searchpath(name, cp)
        if fname is None:
            return err
        return b"C modules are not supported: '" + fname + b"'"

    def searcher_croot(*args):
        name = check_str(args, 1, "searcher")
        if b"." not in name:
            return ()
        cp = pkg.hash.get(b"cpath")
        if cp.__class__ is not bytes:
            lua_error("'package.cpath' must be a string")
        if not cp:
            return ()
        fname, err = searchpath(name.split(b".", 1)[0], cp)
        if fname is None:
            return err
        return b"C modules are not supported: '" + fname + b"'"

    searchers = LuaTable([Builtin(searcher_preload, "searcher_preload"),
                          Builtin(searcher_lua, "searcher_Lua"),
                          Builtin(searcher_c, "searcher_C"),
                          Builtin(searcher_croot, "searcher_Croot")])
    pkg.hash[b"searchers"] = searchers
    pkg.hash[b"searchpath"] = Builtin(searchpath_fn, "package.searchpath")

    @boundary
    def require(D, *args):
        name = check_str(args, 1, "require")
        v = rawget(loaded, name)
        if v is not None and v is not False:
            return v
        msgs = []
        srch = pkg.hash.get(b"searchers")
        if srch.__class__ is not LuaTable:
            lua_error("'package.searchers' must be a table")
        i = 1
        while True:
            s = rawget(srch, i)
            if s is None:
                lua_error("module '%s' not found:%s" % (
                    name.decode("utf-8", "replace"),
                    b"".join(msgs).decode("utf-8", "replace")))
            r = ops.astuple((yield from ops.call(A, D, s, (name,))))
            f = r[0] if r else None
            if ops.is_callable_value(f):
                extra = r[1] if len(r) > 1 else None
                res = ops.first((yield from ops.call(A, D, f, (name, extra))))
                if res is not None:
                    rawset(loaded, name, res)
                if rawget(loaded, name) is None:
                    rawset(loaded, name, True)
                return (rawget(loaded, name), extra)
            if f.__class__ is bytes:
                msgs.append(b"\n\t" + f)
            elif f.__class__ is int or f.__class__ is float:
                msgs.append(b"\n\t" + tostr(f))
            i += 1

    G.hash[b"package"] = pkg
    G.hash[b"require"] = GenBuiltin(require, "require")

    def dofile(D, *args):
        fname = opt_str(args, 1, "dofile", None)
        fn = load_file(A, fname, b"bt", G)          # errors propagate as is
        return (yield from ops.call(A, D, fn, ()))

    def loadfile(*args):
        fname = opt_str(args, 1, "loadfile", None)
        mode = opt_str(args, 2, "loadfile", b"bt")
        env = args[2] if len(args) > 2 else G       # an explicit nil is the env too
        try:
            return load_file(A, fname, mode, env)
        except LuaError as e:
            return (None, e.value)

    G.hash[b"dofile"] = GenBuiltin(dofile, "dofile")
    G.hash[b"loadfile"] = Builtin(loadfile, "loadfile")
    return pkg
