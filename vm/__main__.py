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
        sys.stdout.buffer.write(data)
        sys.stdout.flush()

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


def report(err: LuaError) -> None:
    v = err.value
    if v.__class__ is bytes:
        msg = v.decode("utf-8", "surrogateescape")
    elif v is None:
        msg = "nil"
    elif isinstance(v, (int, float)) and not isinstance(v, bool):
        msg = str(v)
    elif isinstance(v, LuaTable) and v.meta is not None and v.meta.hash.get(b"__tostring"):
        msg = "(error object is a table value)"
    else:
        msg = "(error object is a %s value)" % _tname(v)
    frames = traceback_of(err.__traceback__)
    sys.stderr.write("%s: %s\n%s\n" % (PROGNAME, msg, format_frames(frames)))
    sys.stderr.flush()


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
        report(e)
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
            report(e)
        except _exit_exc() as e:
            return e.code


if __name__ == "__main__":
    sys.exit(main())
