"""Temporaries of the generated code are assigned on every path before a
read of them.  The collector's liveness analysis of temporaries
(vm/memory.py) is path-insensitive: with temporaries reused from statement
to statement, a read reachable without its statement's assignment would keep
an earlier statement's value alive (a weak table entry never cleared).  With
reuse off, every temporary is unique to its statement, so such a read shows
up as a maybe-unassigned read at function level."""
from __future__ import annotations

import dis
from collections import deque
from pathlib import Path

import pytest

from vm import Lua, codegen
from vm.compiler import compile_lua

CONFORMANCE = Path(__file__).resolve().parent.parent / "conformance"
_BRANCH_ENDS = {"RETURN_VALUE", "RAISE_VARARGS", "RERAISE", "JUMP_FORWARD", "JUMP_BACKWARD",
                "JUMP_BACKWARD_NO_INTERRUPT"}
_JUMPS = set(dis.hasjrel) | set(dis.hasjabs)


def _code_objects(code):
    yield code
    for c in code.co_consts:
        if hasattr(c, "co_code"):
            yield from _code_objects(c)


def maybe_unassigned_reads(code) -> list:
    """(line, name) of each read of a temporary ``_t<n>`` that some path
    from the function's entry reaches without assigning it."""
    ins = list(dis.get_instructions(code))
    index = {x.offset: i for i, x in enumerate(ins)}
    ends = set()
    for i, x in enumerate(ins):
        # DEOPT() and DEOPT_T() always raise: nothing follows their call
        if x.opname == "LOAD_GLOBAL" and x.argval in ("DEOPT", "DEOPT_T"):
            k = next(k for k in range(i + 1, len(ins)) if ins[k].opname == "CALL")
            ends.add(k)
    succ = [[] for _ in ins]
    for i, x in enumerate(ins):
        if x.opcode in _JUMPS:
            succ[i].append(index[x.argval])
        if x.opname not in _BRANCH_ENDS and i not in ends and i + 1 < len(ins):
            succ[i].append(i + 1)
    for entry in dis._parse_exception_table(code):
        target = index[entry.target]
        for off in range(entry.start, entry.end, 2):
            i = index.get(off)
            if i is not None:
                succ[i].append(target)
    temps = [n for n in code.co_varnames if n.startswith("_t") and n[2:].isdigit()]
    bit = {n: 1 << k for k, n in enumerate(temps)}
    gen = [0] * len(ins)            # bits assigned by each instruction
    kill = [0] * len(ins)
    for i, x in enumerate(ins):
        if x.argval in bit:
            if x.opname == "STORE_FAST":
                gen[i] = bit[x.argval]
            elif x.opname == "DELETE_FAST":
                kill[i] = bit[x.argval]
    state = [None] * len(ins)       # bits surely assigned on entry; None: unreached
    state[0] = 0
    queued = [False] * len(ins)
    queued[0] = True
    work = deque([0])
    while work:
        i = work.popleft()
        queued[i] = False
        out = (state[i] | gen[i]) & ~kill[i]
        for j in succ[i]:
            old = state[j]
            new = out if old is None else old & out
            if new != old:
                state[j] = new
                if not queued[j]:
                    queued[j] = True
                    work.append(j)
    bad = []
    line = None
    for i, x in enumerate(ins):
        if x.starts_line:
            line = x.starts_line
        if x.opname == "LOAD_FAST" and x.argval in bit and state[i] is not None \
                and not state[i] & bit[x.argval]:
            bad.append((line, x.argval))
    return bad


BENCH = Path(__file__).resolve().parent.parent.parent / "bench"
CASES = sorted(CONFORMANCE.glob("*.lua")) + sorted(BENCH.glob("*.lua"))


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_no_temporary_is_read_unassigned(path, monkeypatch):
    monkeypatch.setattr(codegen, "REUSE_TEMPS", False)
    lua = Lua(sandbox=False)
    src = path.read_bytes()
    case = path.stem
    captured = {}
    real_compile = compile

    def spy(source, filename, mode, *a, **k):
        code = real_compile(source, filename, mode, *a, **k)
        captured[filename] = code
        return code
    monkeypatch.setitem(compile_lua.__globals__, "compile", spy)
    try:
        compile_lua(lua.state, src, "@" + case + ".lua")
    except Exception as e:        # cases that test syntax errors
        pytest.skip("does not compile: %s" % e)
    problems = []
    for code in captured.values():
        for c in _code_objects(code):
            problems += [(c.co_name, line, name) for line, name in maybe_unassigned_reads(c)]
    assert not problems, problems[:10]
