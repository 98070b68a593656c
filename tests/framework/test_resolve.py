"""Dependency resolution (framework.resolve): order, optional, incompatible, ranges, cycles."""
from __future__ import annotations

import itertools
import random

import pytest

from framework.manifest import Manifest, parse_manifest
from framework.resolve import resolve


def mf(name: str, version: str = "1.0.0", *depends: str, folder: str | None = None) -> Manifest:
    m, problems = parse_manifest({"name": name, "version": version, "depends": list(depends)},
                                 f"{folder or name}/mod.yaml")
    assert m is not None, problems
    return m


def test_independent_mods_load_by_name() -> None:
    res = resolve([mf("zeta"), mf("alpha"), mf("mid")])
    assert res.names == ["alpha", "mid", "zeta"] and res.rejected == []


def test_dependencies_load_first_ties_by_name() -> None:
    res = resolve([mf("app", "1.0.0", "zlib", "core"), mf("zlib", "1.0.0", "core"), mf("core"), mf("aaa")])
    assert res.names == ["aaa", "core", "zlib", "app"]


def test_order_is_deterministic_whatever_the_input_order() -> None:
    mods = [mf("aa", "1.0.0", "cc"), mf("bb", "1.0.0", "cc", "?dd"), mf("cc"), mf("dd", "1.0.0", "cc"),
            mf("ee"), mf("ff", "1.0.0", "!gg"), mf("gg", "1.0.0", "zz")]
    expected = resolve(mods)
    rng = random.Random(7)
    for _ in range(20):
        shuffled = mods[:]
        rng.shuffle(shuffled)
        got = resolve(shuffled)
        assert got.names == expected.names
        assert [(r.name, r.reasons) for r in got.rejected] == [(r.name, r.reasons) for r in expected.rejected]
    assert expected.names == ["cc", "aa", "dd", "bb", "ee", "ff"]


def test_missing_required_dependency() -> None:
    res = resolve([mf("app", "1.0.0", "core >=1.0")])
    assert res.names == []
    assert res.reasons("app") == ("requires 'core >=1.0' but no mod 'core' is installed",)


@pytest.mark.parametrize("constraint, core_version, ok", [
    (">=1.0, <2", "1.5.0", True), (">=1.0, <2", "2.0.0", False), (">=1.0, <2", "0.9.0", False),
    ("^1.2", "1.3.0", True), ("^1.2", "1.1.0", False), ("~1.2", "1.2.9", True), ("~1.2", "1.3.0", False),
    ("==1.2.3", "1.2.3", True), ("==1.2.3", "1.2.4", False), ("*", "0.0.1", True), ("", "5.0.0", True),
])
def test_version_ranges(constraint: str, core_version: str, ok: bool) -> None:
    res = resolve([mf("app", "1.0.0", f"core {constraint}"), mf("core", core_version)])
    if ok:
        assert res.names == ["core", "app"]
    else:
        assert res.names == ["core"]
        assert res.reasons("app") == (
            f"requires 'core {constraint}' but core {core_version} is installed",)


def test_every_reason_of_a_mod_is_listed() -> None:
    res = resolve([mf("app", "1.0.0", "aa", "bb >=2", "cc"), mf("bb", "1.0.0")])
    assert res.reasons("app") == (
        "requires 'aa' but no mod 'aa' is installed",
        "requires 'bb >=2' but bb 1.0.0 is installed",
        "requires 'cc' but no mod 'cc' is installed")


def test_optional_dependency_orders_only_when_present() -> None:
    assert resolve([mf("aa", "1.0.0", "? zz")]).names == ["aa"]
    assert resolve([mf("aa", "1.0.0", "? zz"), mf("zz")]).names == ["zz", "aa"]


def test_optional_dependency_in_wrong_version_rejects() -> None:
    res = resolve([mf("aa", "1.0.0", "? zz >=2"), mf("zz", "1.0.0")])
    assert res.names == ["zz"]
    assert res.reasons("aa") == ("optional dependency '? zz >=2' is installed in an unsupported version (zz 1.0.0)",)


def test_optional_dependency_that_is_rejected_counts_as_absent() -> None:
    res = resolve([mf("aa", "1.0.0", "?zz"), mf("zz", "1.0.0", "missing")])
    assert res.names == ["aa"] and [r.name for r in res.rejected] == ["zz"]


def test_incompatible_present_rejects_the_declaring_mod() -> None:
    res = resolve([mf("aa", "1.0.0", "!old"), mf("old", "1.0.0")])
    assert res.names == ["old"]
    assert res.reasons("aa") == ("is incompatible with old 1.0.0 ('!old')",)


def test_incompatible_with_range() -> None:
    assert resolve([mf("aa", "1.0.0", "!old <2"), mf("old", "2.1.0")]).names == ["aa", "old"]
    assert resolve([mf("aa", "1.0.0", "!old <2"), mf("old", "1.9.0")]).names == ["old"]


def test_incompatible_absent_or_rejected_is_fine() -> None:
    assert resolve([mf("aa", "1.0.0", "!old")]).names == ["aa"]
    res = resolve([mf("aa", "1.0.0", "!old"), mf("old", "1.0.0", "nothere")])
    assert res.names == ["aa"] and res.reasons("old") != ()


def test_cycle_is_named() -> None:
    res = resolve([mf("aa", "1.0.0", "bb"), mf("bb", "1.0.0", "aa"), mf("cc")])
    assert res.names == ["cc"]
    assert res.reasons("aa") == ("dependency cycle: aa -> bb -> aa",)
    assert res.reasons("bb") == ("dependency cycle: bb -> aa -> bb",)


def test_longer_cycle_and_dependents_are_rejected_transitively() -> None:
    res = resolve([mf("aa", "1.0.0", "bb"), mf("bb", "1.0.0", "cc"), mf("cc", "1.0.0", "aa"),
                   mf("user", "1.0.0", "aa"), mf("free")])
    assert res.names == ["free"]
    assert res.reasons("aa") == ("dependency cycle: aa -> bb -> cc -> aa",)
    assert res.reasons("cc") == ("dependency cycle: cc -> aa -> bb -> cc",)
    assert res.reasons("user") == ("requires 'aa' but mod 'aa' was rejected",)


def test_cycle_through_optional_dependency() -> None:
    res = resolve([mf("aa", "1.0.0", "?bb"), mf("bb", "1.0.0", "aa")])
    assert res.reasons("aa") == ("dependency cycle: aa -> bb -> aa",)


def test_self_cycle_from_programmatic_manifest() -> None:
    a = mf("aa")
    from dataclasses import replace
    from framework.manifest import parse_dependency
    a = replace(a, depends=(parse_dependency("aa"),))
    assert resolve([a]).reasons("aa") == ("dependency cycle: aa -> aa",)


def test_transitive_rejection_chain() -> None:
    res = resolve([mf("top", "1.0.0", "mid"), mf("mid", "1.0.0", "base >=2"), mf("base", "1.0.0"),
                   mf("side", "1.0.0", "?mid")])
    assert res.names == ["base", "side"]
    assert res.reasons("mid") == ("requires 'base >=2' but base 1.0.0 is installed",)
    assert res.reasons("top") == ("requires 'mid' but mod 'mid' was rejected",)


def test_duplicate_names_reject_both_and_their_dependents() -> None:
    res = resolve([mf("core", folder="core_v1"), mf("core", "2.0.0", folder="core_v2"),
                   mf("app", "1.0.0", "core")])
    assert res.names == []
    assert [str(r.manifest.folder) for r in res.rejected] == ["app", "core_v1", "core_v2"]
    assert res.rejected[1].reasons == ("duplicate mod name 'core' (also in core_v2)",)
    assert res.reasons("app") == ("requires 'core' but mod 'core' was rejected",)


def test_all_permutations_same_result_small() -> None:
    mods = [mf("aa", "1.0.0", "bb"), mf("bb"), mf("cc", "1.0.0", "?aa", "bb")]
    results = {tuple(resolve(p).names) for p in itertools.permutations(mods)}
    assert results == {("bb", "aa", "cc")}
