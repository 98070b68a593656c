"""``python -m vm``: a command line that behaves like ``lua``.

    python -m vm [options] [script [args...]]

Options as lua's: ``-e stat``, ``-l mod``, ``-i``, ``-v``, ``-`` (stdin),
``--`` (stop options), plus ``--sandbox``, ``--fuel N`` and
``--memory BYTES`` (suffixes KB/MB/GB, KiB/MiB/GiB).
"""
from __future__ import annotations

import re
import sys

from . import Lua
from .compiler import compile_lua
from .executor import Executor
from .runtime.debuginfo import format_frames, traceback_of
from .runtime.errors import LuaError
from .runtime.numbers import tostr
from .runtime.values import LuaTable

PROGNAME = "lua"
VERSION = "Lua 5.4 (moonbox, pure Python)"

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kKmMgG]i?[bB]?|[bB])?\s*$")


def parse_size(text: str) -> int:
    """``"64MB"`` → 67108864 (binary multiples; ``KB``/``KiB`` alike)."""
    m = _SIZE.match(text)
    if not m:
        raise ValueError("invalid size: %r" % text)
    n = float(m.group(1))
    unit = (m.group(2) or "b").lower()
    mult = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}.get(unit[:1], 1)
    return int(n * mult)


class BudgetExceeded(Exception):
    pass


class Runner:
    def __init__(self, sandbox: bool, fuel, memory):
        self.lua = Lua(sandbox=sandbox, memory_limit=memory)
        # lua.c switches its state to generational mode at start-up
        # (lua_gc(L, LUA_GCGEN, 0, 0)); collectgarbage reports the mode
        if hasattr(self.lua.state.mem, "mode"):
            self.lua.state.mem.mode = "generational"
        self.fuel_left = fuel
        self.lua.state.output = self._write

    @staticmethod
    def _write(data: bytes) -> None:
        try:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        except BrokenPipeError:
            # the reader went away (``| head``): stop quietly, as lua does
            # on SIGPIPE, and keep Python from failing to flush at exit
            import os
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise _exit_exc()(141) from None

    def run(self, fn, args=()):
        """Run a Lua function; returns its raw results or raises LuaError."""
        ex = Executor(self.lua, fn, *args, convert=False)
        while True:
            chunk = 1 << 20
            if self.fuel_left is not None:
                chunk = min(chunk, max(self.fuel_left, 0))
                if chunk <= 0:
                    ex.close()
                    raise LuaError(b"fuel exhausted")
            done = ex.step(chunk)
            if self.fuel_left is not None:
                self.fuel_left -= chunk if not done else ex.fuel_used
            if done:
                break
            if self.fuel_left is not None and self.fuel_left <= 0:
                ex.close()
                raise LuaError(b"fuel exhausted")
        if ex.error is not None:
            raise ex.error
        return ex.raw_result()


def report(err: LuaError, runner: "Runner | None" = None) -> None:
    """Print an uncaught error as ``lua.c`` does: its message handler turns
    the error object into a message (a string or number as is, else what
    ``__tostring`` gives, with no traceback then, else ``(error object is
    a X value)``) and appends the traceback of the stack the error was
    raised on."""
    sys.stderr.write("%s: %s\n" % (PROGNAME, _message(err, runner)))
    sys.stderr.flush()


_MAX_HANDLER_DEPTH = 98
"""Message handlers failing in a row before lua.c's C stack overflows."""


def _message(err: LuaError, runner, below=(), depth=0) -> str:
    v = err.value
    cls = v.__class__
    if cls is bytes:
        msg = v
    elif cls is int or cls is float:
        msg = tostr(v)
    else:
        if runner is not None:
            try:
                s = _meta_tostring(runner, v)
            except LuaError as e:
                # lua.c's message handler failed: Lua handles that error
                # with the handler again, on top of the first one's stack
                below = _frames(err) + list(below)
                if depth < _MAX_HANDLER_DEPTH:
                    return _message(e, runner, below, depth + 1)
                # ... until the C stack overflows, in the handler
                from .stdlib.ldebug import BOTTOM, make_traceback
                return make_traceback(runner.lua.state, [BOTTOM] + below,
                                      b"C stack overflow", 0).decode("utf-8", "surrogateescape")
            if s is not None:
                return s.decode("utf-8", "surrogateescape")
        msg = ("(error object is a %s value)" % _tname(v)).encode()
    if err.__traceback__ is None:
        return msg.decode("utf-8", "surrogateescape")
    try:
        from .stdlib.ldebug import level_indices, make_traceback
        frames = _frames(err)
        if not below and len(level_indices(frames)) <= 1:
            # not raised by running code (a script that does not compile):
            # lua.c reports those without a traceback
            return msg.decode("utf-8", "surrogateescape")
        A = runner.lua.state if runner is not None else None
        tb = make_traceback(A, frames + list(below), msg, 0)
    except Exception:                   # never hide the error itself
        tb = msg + b"\n" + format_frames(traceback_of(err.__traceback__)).encode()
    return tb.decode("utf-8", "surrogateescape")


def _frames(err):
    """The stack ``err`` was raised on, innermost first (ending with the
    host's C level)."""
    from .stdlib.ldebug import error_frames
    return error_frames(err)


def _meta_tostring(runner, v):
    """The string ``__tostring`` makes of error object ``v``, or None
    (raises the LuaError the metamethod raised)."""
    from .runtime.ops import getmetamethod
    mm = getmetamethod(runner.lua.state, v, b"__tostring")
    if mm is None:
        return None
    res = runner.run(mm, (v,))
    r = res[0] if res else None
    return r if r.__class__ is bytes else None


def _tname(v):
    from .runtime.values import lua_type
    return lua_type(v)


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    sandbox = False
    fuel = None
    memory = None
    actions = []
    interactive = False
    warnings = False
    version = False
    script = None
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--":
            i += 1
            break
        if a == "-":
            break
        if a == "--sandbox":
            sandbox = True
        elif a == "--fuel" or a.startswith("--fuel="):
            val = a.split("=", 1)[1] if "=" in a else (argv[i + 1] if i + 1 < len(argv) else None)
            if "=" not in a:
                i += 1
            try:
                fuel = int(float(val))
            except (TypeError, ValueError):
                sys.stderr.write("%s: invalid --fuel value\n" % PROGNAME)
                return 1
        elif a == "--memory" or a.startswith("--memory="):
            val = a.split("=", 1)[1] if "=" in a else (argv[i + 1] if i + 1 < len(argv) else None)
            if "=" not in a:
                i += 1
            try:
                memory = parse_size(val or "")
            except ValueError:
                sys.stderr.write("%s: invalid --memory value\n" % PROGNAME)
                return 1
        elif a == "-i":
            interactive = True
            version = True
        elif a == "-v":
            version = True
        elif a == "-E":
            pass
        elif a == "-W":
            warnings = True
        elif a.startswith("-e"):
            stat = a[2:] or (argv[i + 1] if i + 1 < len(argv) else None)
            if not a[2:]:
                i += 1
            if stat is None:
                sys.stderr.write("%s: '-e' needs argument\n" % PROGNAME)
                return 1
            actions.append(("e", stat))
        elif a.startswith("-l"):
            mod = a[2:] or (argv[i + 1] if i + 1 < len(argv) else None)
            if not a[2:]:
                i += 1
            actions.append(("l", mod))
        elif a.startswith("-") and len(a) > 1:
            sys.stderr.write("%s: unrecognized option '%s'\nusage: %s [options] [script [args]]\n"
                             % (PROGNAME, a, PROGNAME))
            return 1
        else:
            break
        i += 1
    rest = argv[i:]
    if rest:
        script = rest[0]
        script_args = rest[1:]
    else:
        script_args = []
    if version:
        print(VERSION)
    runner = Runner(sandbox, fuel, memory)
    lua = runner.lua
    A = lua.state
    A.warn_on = warnings
    # the global 'arg'
    argt = LuaTable()
    from .runtime.values import rawset
    all_args = [sys.executable] + argv
    script_index = i + 1 if script is not None else len(all_args)
    for k, v in enumerate(all_args):
        rawset(argt, k - script_index, v.encode("utf-8", "surrogateescape"))
    A.globals.hash[b"arg"] = argt
    try:
        for kind, val in actions:
            if kind == "e":
                fn = compile_lua(lua.state, val.encode("utf-8", "surrogateescape"), "=(command line)")
                runner.run(fn)
            else:
                req = A.globals.hash.get(b"require")
                if req is None:
                    raise LuaError(b"module loading is not available in the sandbox")
                runner.run(req, (val.encode(),))
        if script is not None:
            if script == "-":
                src = sys.stdin.buffer.read()
                name = "=stdin"
            else:
                try:
                    with open(script, "rb") as f:
                        src = f.read()
                except OSError:
                    sys.stderr.write("%s: cannot open %s\n" % (PROGNAME, script))
                    return 1
                name = "@" + script
            if src.startswith(b"#"):
                nl = src.find(b"\n")
                src = b"" if nl < 0 else src[nl:]
            fn = compile_lua(lua.state, src, name)
            runner.run(fn, tuple(a.encode("utf-8", "surrogateescape") for a in script_args))
        elif not actions and not version and sys.stdin.isatty():
            interactive = True
            print(VERSION)
        elif not actions and not version:
            src = sys.stdin.buffer.read()
            runner.run(compile_lua(lua.state, src, "=stdin"))
    except LuaError as e:
        try:
            report(e, runner)
        except _exit_exc() as x:        # os.exit in an error's __tostring
            return x.code
        return 1
    except SystemExit:
        raise
    except _exit_exc() as e:
        return e.code
    if interactive:
        return repl(runner)
    return 0


def _exit_exc():
    try:
        from .stdlib.los import LuaExit
        return LuaExit
    except ImportError:
        class _Never(Exception):
            pass
        return _Never


def repl(runner: Runner) -> int:
    lua = runner.lua
    buf = ""
    while True:
        try:
            line = input(">> " if buf else "> ")
        except EOFError:
            print()
            return 0
        src = buf + line
        fn = None
        try:
            fn = compile_lua(lua.state, ("return " + src).encode(), "=stdin")
        except LuaError:
            try:
                fn = compile_lua(lua.state, src.encode(), "=stdin")
            except LuaError as e:
                if str(e).endswith("<eof>"):
                    buf = src + "\n"
                    continue
                sys.stderr.write("%s\n" % e)
                buf = ""
                continue
        buf = ""
        try:
            res = runner.run(fn)
            if res:
                pr = lua.state.globals.hash.get(b"print")
                runner.run(pr, res)
        except LuaError as e:
            report(e, runner)
        except _exit_exc() as e:
            return e.code


if __name__ == "__main__":
    sys.exit(main())
