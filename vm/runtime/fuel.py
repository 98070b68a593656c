"""The arena's fuel: how much VM work the running step may still do.

Fuel lives in two places:

* ``F[0]``, the ledger: a one-element list that loops (in batches),
  builtins and the memory checkpoints decrement in place.
* the *pocket* ``P``: a list of prepaid units (``None``s), moved out of
  the ledger a few hundred at a time.  Every Lua call pays one unit with
  ``FC()`` (``P.pop``), which costs CPython about 11 ns against about 40 ns
  for ``F[0] -= 1; if F[0] < 0`` (that allocates an int object on every
  call).
  An empty pocket raises ``IndexError``, and the generated code then calls
  ``REFILL()`` (generators) or ``REFILL_T()`` (plain twins).

The pocket holds at most an eighth of the ledger, so the work a step can do
beyond its budget stays a small fraction of it.  Whatever is left in the
pocket goes back to the ledger (:func:`flush`) whenever control leaves the
generated code: at the end of a slice of a step, and when code yields
``OUT_OF_FUEL`` while the pocket still holds units (the executor then
flushes and goes on if the ledger is positive again).
"""
from __future__ import annotations

from .ops import deopt_transient

#: Most units moved into the pocket at once.
POCKET_MAX = 512

#: log2 of a slice's first filling.
FIRST_LEVEL = 3

# prebuilt fillings, by size (powers of two): extending from one is a copy
_FILL = [[None] * (1 << i) for i in range(POCKET_MAX.bit_length())]


def new_pocket() -> list:
    """An empty pocket for a new arena."""
    return []


def refill_functions(F: list, P: list, level: list):
    """The arena's ``(REFILL, REFILL_T)`` for generated code.

    Both are called when ``FC()`` found the pocket empty, and both charge
    that call's unit (also when the ledger is spent: it goes negative, as
    the memory checkpoints expect).  ``REFILL()`` returns True when the
    ledger is spent (the generator then yields ``OUT_OF_FUEL``);
    ``REFILL_T()`` raises ``Deopt`` instead, so the plain twin's caller
    runs the generator.  Fillings start small and double while the slice
    runs (``level[0]`` is their log2; :func:`flush` resets it), so a short
    call from the host does not pay for hundreds of units it gives back."""
    extend = P.extend
    fill = _FILL
    top = len(_FILL) - 1

    def refill() -> bool:
        n = F[0]
        if n <= 0:
            F[0] = n - 1                # charged anyway: the ledger goes negative
            return True
        i = (n >> 3).bit_length() - 1   # the biggest filling <= n / 8
        if i < 0:
            F[0] = n - 1
            return False
        lv = level[0]
        if i > lv:
            i = lv
            if lv < top:
                level[0] = lv + 1
        F[0] = n - 1 - (1 << i)
        extend(fill[i])
        return False

    def refill_t() -> None:
        if refill():
            deopt_transient()

    return refill, refill_t


def flush(A) -> None:
    """Move the units left in the pocket back to the ledger."""
    P = A.P
    if P:
        A.F[0] += len(P)
        P.clear()
    A.PL[0] = FIRST_LEVEL
