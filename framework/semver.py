"""Semantic versions (SemVer 2.0.0) and version constraints, without dependencies.

Manifests name their own version (``version: 1.2.0``) and constrain the versions
of the mods they depend on (``"core >=1.0, <2"``).  This module parses both and
answers one question: does a version satisfy a constraint?

Constraint syntax (a comma-separated list; a version must satisfy every item):

==============  ===================================================================
``*``           any version
``1.2.3``       exactly 1.2.3 (a bare version means ``==``)
``==1.2``       any 1.2.x (a partial version matches every version it prefixes)
``>=1.2``       1.2.0 or later
``>1.2``        later than every 1.2.x, i.e. 1.3.0 or later
``<2``          earlier than 2.0.0
``<=1.2``       at most the last 1.2.x, i.e. earlier than 1.3.0
``^1.2.3``      compatible: >=1.2.3, <2.0.0 (``^0.2.3``: <0.3.0; ``^0.0.3``: <0.0.4)
``~1.2.3``      patch updates: >=1.2.3, <1.3.0 (``~1``: <2.0.0)
``1.*``         wildcards ``*``/``x``/``X`` in place of a component: same as ``==1``
==============  ===================================================================

Pre-release versions (``2.0.0-beta.1``) follow the usual package-manager rule: they
only satisfy a constraint if one of its items names a pre-release of the same
``major.minor.patch``, so ``<2`` does not admit ``2.0.0-alpha``.  No constraint (or
``*``) admits every version, pre-releases included.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import total_ordering
from typing import Any

__all__ = ["Version", "VersionReq", "parse_version", "parse_req"]

_NUM = r"0|[1-9]\d*"
_IDENT = r"[0-9A-Za-z-]+"
_SEMVER_RE = re.compile(
    rf"^(?P<major>{_NUM})\.(?P<minor>{_NUM})\.(?P<patch>{_NUM})"
    rf"(?:-(?P<pre>{_IDENT}(?:\.{_IDENT})*))?"
    rf"(?:\+(?P<build>{_IDENT}(?:\.{_IDENT})*))?$"
)
_PARTIAL_RE = re.compile(
    rf"^(?P<major>{_NUM}|[*xX])(?:\.(?P<minor>{_NUM}|[*xX])(?:\.(?P<patch>{_NUM}|[*xX])"
    rf"(?:-(?P<pre>{_IDENT}(?:\.{_IDENT})*))?"
    rf"(?:\+(?P<build>{_IDENT}(?:\.{_IDENT})*))?)?)?$"
)
_ITEM_RE = re.compile(r"^(?P<op>==|=|>=|<=|>|<|\^|~)?\s*(?P<ver>\S+)$")


def _pre_key(part: str) -> tuple[int, int | str]:
    """Sort key of one pre-release identifier: numbers before words, numbers by value."""
    return (0, int(part)) if part.isdigit() else (1, part)


@total_ordering
@dataclass(frozen=True)
class Version:
    """A SemVer 2.0.0 version.  Ordering follows SemVer precedence; build metadata
    is kept for display but ignored by ``==`` and ``<``."""

    major: int
    minor: int
    patch: int
    prerelease: tuple[str, ...] = ()
    build: tuple[str, ...] = field(default=(), compare=False)

    @property
    def core(self) -> tuple[int, int, int]:
        """``(major, minor, patch)`` without pre-release or build."""
        return (self.major, self.minor, self.patch)

    def _key(self) -> tuple[tuple[int, int, int], tuple[Any, ...]]:
        # A version without pre-release sorts after all its pre-releases.
        pre: tuple[Any, ...] = (1,) if not self.prerelease else (0, tuple(_pre_key(p) for p in self.prerelease))
        return (self.core, pre)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self._key() < other._key()

    def __str__(self) -> str:
        text = f"{self.major}.{self.minor}.{self.patch}"
        if self.prerelease:
            text += "-" + ".".join(self.prerelease)
        if self.build:
            text += "+" + ".".join(self.build)
        return text


def parse_version(text: str) -> Version:
    """Parse a full SemVer 2.0.0 version (``1.2.3``, ``1.0.0-rc.1+build.5``).

    Raises ``ValueError`` with a short reason when ``text`` is not one."""
    if not isinstance(text, str):
        raise ValueError(f"{text!r} is not a semantic version")
    m = _SEMVER_RE.match(text.strip())
    if not m:
        raise ValueError(f"{text!r} is not a semantic version")
    pre = tuple(m["pre"].split(".")) if m["pre"] else ()
    for part in pre:
        if part.isdigit() and len(part) > 1 and part[0] == "0":
            raise ValueError(f"{text!r} is not a semantic version (leading zero in {part!r})")
    build = tuple(m["build"].split(".")) if m["build"] else ()
    return Version(int(m["major"]), int(m["minor"]), int(m["patch"]), pre, build)


@dataclass(frozen=True)
class _Comparator:
    """One primitive test: ``op`` is ``>=``, ``<`` or ``==`` (exact, full versions)."""

    op: str
    version: Version

    def matches(self, v: Version) -> bool:
        if self.op == ">=":
            return v >= self.version
        if self.op == "<":
            return v < self.version
        return v == self.version


def _bump(parts: list[int], index: int) -> Version:
    """The smallest version above every version starting with ``parts[:index+1]``."""
    head = parts[: index + 1]
    head[-1] += 1
    head += [0] * (3 - len(head))
    return Version(head[0], head[1], head[2])


def _lower(parts: list[int], pre: tuple[str, ...]) -> Version:
    full = parts + [0] * (3 - len(parts))
    return Version(full[0], full[1], full[2], pre)


def _desugar(op: str, ver: str) -> list[_Comparator]:
    """Turn one constraint item into primitive comparators; ``ValueError`` if malformed."""
    m = _PARTIAL_RE.match(ver)
    if not m:
        raise ValueError(f"{ver!r} is not a version")
    raw = [m["major"], m["minor"], m["patch"]]
    parts: list[int] = []
    for comp in raw:
        if comp is None or comp in "*xX":
            break
        parts.append(int(comp))
    if any(c is not None and c not in "*xX" for c in raw[len(parts):]):
        raise ValueError(f"{ver!r}: a wildcard can only be followed by wildcards")
    pre = tuple(m["pre"].split(".")) if m["pre"] else ()
    if not parts:  # '*', 'x'
        if op not in ("", "=", "==", ">="):
            raise ValueError(f"'{op}{ver}' makes no sense with a wildcard")
        return []
    if op in ("", "=", "==") and len(parts) == 3:
        return [_Comparator("==", _lower(parts, pre))]
    low = _lower(parts, pre)
    if op in ("", "=", "=="):
        return [_Comparator(">=", low), _Comparator("<", _bump(parts, len(parts) - 1))]
    if op == ">=":
        return [_Comparator(">=", low)]
    if op == "<":
        return [_Comparator("<", low)]
    if op == ">":
        if len(parts) == 3:
            # Strictly greater than a full version: the next possible one.
            nxt = (Version(low.major, low.minor, low.patch, low.prerelease + ("0",))
                   if pre else Version(low.major, low.minor, low.patch + 1, ("0",)))
            return [_Comparator(">=", nxt)]
        return [_Comparator(">=", _bump(parts, len(parts) - 1))]
    if op == "<=":
        if len(parts) == 3:
            return [_Comparator("<", Version(low.major, low.minor, low.patch + 1, ("0",)))
                    if not pre else _Comparator("<", Version(*low.core, low.prerelease + ("0",)))]
        return [_Comparator("<", _bump(parts, len(parts) - 1))]
    if op == "~":
        return [_Comparator(">=", low), _Comparator("<", _bump(parts, min(len(parts) - 1, 1)))]
    # op == "^": bump the first non-zero component among those given.
    first_nonzero = next((i for i, p in enumerate(parts) if p != 0), len(parts) - 1)
    return [_Comparator(">=", low), _Comparator("<", _bump(parts, first_nonzero))]


@dataclass(frozen=True)
class VersionReq:
    """A parsed constraint such as ``>=1.0, <2``.  ``text`` keeps the author's spelling."""

    text: str
    comparators: tuple[_Comparator, ...]
    _pre_cores: frozenset[tuple[int, int, int]]

    def matches(self, version: Version) -> bool:
        """True when ``version`` satisfies every item of the constraint."""
        if not self.comparators:
            return True  # no constraint (or '*'): pre-releases too
        if version.prerelease and version.core not in self._pre_cores:
            return False
        return all(c.matches(version) for c in self.comparators)

    def __str__(self) -> str:
        return self.text or "*"


ANY = VersionReq("", (), frozenset())


def parse_req(text: str) -> VersionReq:
    """Parse a constraint list (``">=1.0, <2"``); empty text means any version.

    Raises ``ValueError`` naming the first malformed item."""
    text = text.strip()
    if not text:
        return ANY
    comparators: list[_Comparator] = []
    pre_cores: set[tuple[int, int, int]] = set()
    for item in text.split(","):
        item = item.strip()
        if not item:
            raise ValueError(f"empty item in constraint {text!r}")
        m = _ITEM_RE.match(item)
        if not m:
            raise ValueError(f"{item!r} is not a version constraint")
        op = m["op"] or ""
        try:
            found = _desugar(op, m["ver"])
        except ValueError as exc:
            raise ValueError(f"{item!r} is not a version constraint: {exc}") from None
        comparators.extend(found)
        if "-" in m["ver"].split("+")[0]:
            pre_cores.update(c.version.core for c in found if c.version.prerelease)
    return VersionReq(text, tuple(comparators), frozenset(pre_cores))
