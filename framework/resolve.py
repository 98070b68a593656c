"""Dependency resolution: which valid mods can load, and in which order.

Input: validated manifests.  Output: a deterministic load order (topological by
dependencies, ties broken by name) and the rejected mods, each with every reason.

Rules, applied until nothing changes:

1. Two mods with the same name are both rejected (which one is meant is ambiguous).
2. A required dependency must be present, not rejected, and in range; otherwise the
   mod is rejected (so rejection spreads to everything that requires it).
3. Once (2) is settled, an optional dependency that is present must be in range, and
   an incompatible one (``!``) must not be present in range.  These are checked
   against the mods still standing, so a mod is never rejected because of a mod
   that itself cannot load.
4. Mods on a dependency cycle (required or present optional edges) are rejected with
   the cycle named: ``a -> b -> a`` means a depends on b which depends on a.

The result never depends on the order manifests are given in.
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from .manifest import Dependency, DependencyKind, Manifest

__all__ = ["Rejected", "Resolution", "resolve", "check_dependencies"]


@dataclass(frozen=True)
class Rejected:
    """A mod that will not load, with every reason (human-readable sentences)."""

    manifest: Manifest
    reasons: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.manifest.name

    def __str__(self) -> str:
        return f"{self.manifest.name}: " + "; ".join(self.reasons)


@dataclass
class Resolution:
    """``order``: manifests to load, first to last.  ``rejected``: sorted by name, then path."""

    order: list[Manifest] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [m.name for m in self.order]

    def reasons(self, name: str) -> tuple[str, ...]:
        """All rejection reasons for mod ``name`` (empty if it loads)."""
        return tuple(r for rej in self.rejected if rej.name == name for r in rej.reasons)


def _dep_label(dep: Dependency) -> str:
    return f"'{dep.text}'"


def _edges(m: Manifest, alive: dict[str, Manifest]) -> list[str]:
    """Names ``m`` must load after: its required deps and its present optional ones."""
    return sorted({d.name for d in m.depends
                   if d.kind is not DependencyKind.INCOMPATIBLE and d.name in alive})


def _required_problems(m: Manifest, alive: dict[str, Manifest], known: set[str]) -> list[str]:
    reasons = []
    for dep in m.depends:
        if dep.kind is not DependencyKind.REQUIRED:
            continue
        target = alive.get(dep.name)
        if target is None:
            if dep.name in known:
                reasons.append(f"requires {_dep_label(dep)} but mod '{dep.name}' was rejected")
            else:
                reasons.append(f"requires {_dep_label(dep)} but no mod '{dep.name}' is installed")
        elif not dep.req.matches(target.version):
            reasons.append(f"requires {_dep_label(dep)} but {dep.name} {target.version} is installed")
    return reasons


def _soft_problems(m: Manifest, alive: dict[str, Manifest]) -> list[str]:
    reasons = []
    for dep in m.depends:
        target = alive.get(dep.name)
        if target is None:
            continue
        if dep.kind is DependencyKind.OPTIONAL and not dep.req.matches(target.version):
            reasons.append(f"optional dependency {_dep_label(dep)} is installed "
                           f"in an unsupported version ({dep.name} {target.version})")
        elif dep.kind is DependencyKind.INCOMPATIBLE and dep.req.matches(target.version):
            reasons.append(f"is incompatible with {dep.name} {target.version} ({_dep_label(dep)})")
    return reasons


def _strongly_connected(graph: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative; components in a deterministic order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph[child])))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    comp = []
                    while True:
                        item = stack.pop()
                        on_stack.discard(item)
                        comp.append(item)
                        if item == node:
                            break
                    result.append(sorted(comp))
    return result


def _cycle_through(start: str, members: set[str], graph: dict[str, list[str]]) -> list[str]:
    """A shortest cycle from ``start`` back to itself inside one component (BFS)."""
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        nxt = []
        for node in frontier:
            for child in graph[node]:
                if child not in members:
                    continue
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return path[::-1] + [start]
                if child not in previous:
                    previous[child] = node
                    nxt.append(child)
        frontier = nxt
    return [start, start]  # unreachable for a real cycle


def _find_cycles(alive: dict[str, Manifest]) -> dict[str, str]:
    """Mod name -> ``"dependency cycle: a -> b -> a"`` for every mod on a cycle."""
    graph = {name: _edges(m, alive) for name, m in alive.items()}
    reasons: dict[str, str] = {}
    for comp in _strongly_connected(graph):
        members = set(comp)
        if len(comp) == 1 and comp[0] not in graph[comp[0]]:
            continue
        for name in comp:
            cycle = _cycle_through(name, members, graph)
            reasons[name] = "dependency cycle: " + " -> ".join(cycle)
    return reasons


def _topological(alive: dict[str, Manifest]) -> list[Manifest]:
    """Kahn's algorithm with a min-heap on names: dependencies first, ties by name."""
    deps = {name: set(_edges(m, alive)) for name, m in alive.items()}
    dependents: dict[str, list[str]] = {name: [] for name in alive}
    for name, ds in deps.items():
        for d in ds:
            dependents[d].append(name)
    ready = [name for name, ds in deps.items() if not ds]
    heapq.heapify(ready)
    order = []
    while ready:
        name = heapq.heappop(ready)
        order.append(alive[name])
        for child in dependents[name]:
            deps[child].discard(name)
            if not deps[child]:
                heapq.heappush(ready, child)
    assert len(order) == len(alive), "cycles must be removed before ordering"
    return order


def resolve(manifests: Iterable[Manifest]) -> Resolution:
    """Decide which mods load and in which order; see the module docstring for rules."""
    manifests = list(manifests)
    rejected: dict[int, list[str]] = {}  # id(manifest) -> reasons

    by_name: dict[str, list[Manifest]] = {}
    for m in manifests:
        by_name.setdefault(m.name, []).append(m)
    known = set(by_name)
    alive: dict[str, Manifest] = {}
    for name, group in by_name.items():
        if len(group) == 1:
            alive[name] = group[0]
            continue
        folders = sorted(str(m.folder) for m in group)
        for m in group:
            others = [f for f in folders if f != str(m.folder)]
            rejected[id(m)] = [f"duplicate mod name '{name}' (also in {', '.join(others)})"]

    def reject(found: dict[str, list[str]]) -> None:
        for name in sorted(found):
            rejected.setdefault(id(alive[name]), []).extend(found[name])
            del alive[name]

    while True:
        hard = {n: r for n in sorted(alive) if (r := _required_problems(alive[n], alive, known))}
        if hard:
            reject(hard)
            continue
        soft = {n: r for n in sorted(alive) if (r := _soft_problems(alive[n], alive))}
        if soft:
            reject(soft)
            continue
        cycles = _find_cycles(alive)
        if cycles:
            reject({n: [reason] for n, reason in cycles.items()})
            continue
        break

    rejected_list = [Rejected(m, tuple(rejected[id(m)])) for m in manifests if id(m) in rejected]
    rejected_list.sort(key=lambda r: (r.name, str(r.manifest.folder)))
    return Resolution(order=_topological(alive), rejected=rejected_list)


def check_dependencies(manifest: Manifest, available: Mapping[str, Manifest]) -> list[str]:
    """Why ``manifest`` cannot join the already-running mods ``available`` (empty: it can).

    Used when one mod is loaded or reloaded while the others keep running."""
    alive = {name: m for name, m in available.items() if name != manifest.name}
    return (_required_problems(manifest, alive, set(alive))
            + _soft_problems(manifest, alive))


def describe(resolution: Resolution) -> Sequence[str]:
    """One line per rejected mod, for logs and the CLI."""
    return [str(r) for r in resolution.rejected]
