"""Semantic versions and constraints (framework.semver)."""
from __future__ import annotations

import pytest

from framework.semver import Version, parse_req, parse_version


@pytest.mark.parametrize("text", ["1.0.0", "0.0.1", "10.20.30", "1.0.0-alpha.1", "1.0.0-rc.1+build.5",
                                  "1.0.0+20130313144700", "1.0.0-0.3.7", "1.0.0-x-y-z.--"])
def test_valid_versions_round_trip(text: str) -> None:
    assert str(parse_version(text)) == text


@pytest.mark.parametrize("text", ["abc", "1", "1.2", "1.2.3.4", "01.2.3", "1.02.3", "1.2.3-", "1.2.3-01",
                                  "v1.2.3", "1.2.3+", "", "1.2.3-a..b"])
def test_invalid_versions(text: str) -> None:
    with pytest.raises(ValueError, match="is not a semantic version"):
        parse_version(text)


def test_precedence_follows_semver_spec() -> None:
    chain = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
             "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0", "10.0.0"]
    versions = [parse_version(v) for v in chain]
    assert sorted(reversed(versions)) == versions
    assert parse_version("1.0.0+a") == parse_version("1.0.0+b")
    assert Version(1, 2, 3) == parse_version("1.2.3")


@pytest.mark.parametrize("req, yes, no", [
    ("", ["0.0.1", "9.9.9", "2.0.0-rc.1"], []),
    ("*", ["0.0.1", "9.9.9"], []),
    (">=1.0, <2", ["1.0.0", "1.9.9"], ["0.9.9", "2.0.0", "2.0.0-alpha", "1.5.0-beta"]),
    ("==1.2.3", ["1.2.3", "1.2.3+build"], ["1.2.4", "1.2.2"]),
    ("1.2.3", ["1.2.3"], ["1.2.4"]),
    ("==1.2", ["1.2.0", "1.2.99"], ["1.3.0", "1.1.9"]),
    ("=1", ["1.0.0", "1.99.0"], ["2.0.0", "0.9.0"]),
    ("^1.2", ["1.2.0", "1.9.0"], ["1.1.9", "2.0.0"]),
    ("^1.2.3", ["1.2.3", "1.99.0"], ["1.2.2", "2.0.0"]),
    ("^0.2.3", ["0.2.3", "0.2.9"], ["0.3.0", "0.2.2"]),
    ("^0.0.3", ["0.0.3"], ["0.0.4", "0.0.2"]),
    ("^0", ["0.0.0", "0.9.9"], ["1.0.0"]),
    ("~1.2", ["1.2.0", "1.2.9"], ["1.3.0", "1.1.0"]),
    ("~1.2.3", ["1.2.3", "1.2.9"], ["1.3.0", "1.2.2"]),
    ("~1", ["1.0.0", "1.9.0"], ["2.0.0"]),
    (">1.2", ["1.3.0", "2.0.0"], ["1.2.99", "1.2.0"]),
    (">1.2.3", ["1.2.4", "2.0.0"], ["1.2.3", "1.2.4-alpha"]),
    ("<=1.2", ["1.2.99", "0.1.0"], ["1.3.0"]),
    ("<=1.2.3", ["1.2.3"], ["1.2.4"]),
    ("<1.2", ["1.1.99"], ["1.2.0"]),
    ("1.*", ["1.0.0", "1.5.2"], ["2.0.0"]),
    ("1.2.x", ["1.2.7"], ["1.3.0"]),
    (">=1.0.0-rc.1", ["1.0.0-rc.1", "1.0.0-rc.2", "1.0.0", "2.0.0"], ["1.0.0-beta", "1.1.0-alpha"]),
    (">= 1.0 , < 1.5", ["1.4.0"], ["1.5.0"]),
])
def test_constraints(req: str, yes: list[str], no: list[str]) -> None:
    r = parse_req(req)
    for v in yes:
        assert r.matches(parse_version(v)), f"{v} should match {req!r}"
    for v in no:
        assert not r.matches(parse_version(v)), f"{v} should not match {req!r}"


@pytest.mark.parametrize("req", [">=", ">=abc", "1.2.3.4", ">=1.0,", "=>1.0", "<*", "1.*.3", ">=1.0 <2"])
def test_malformed_constraints(req: str) -> None:
    with pytest.raises(ValueError):
        parse_req(req)
