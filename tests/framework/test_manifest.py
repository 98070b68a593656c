"""mod.yaml validation (framework.manifest): every error path, every problem reported."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from framework.manifest import (
    DependencyKind, ManifestError, load_manifest, parse_dependency, parse_manifest, parse_size, scan_mods,
)


def problems_of(write_mod: Callable[..., Path], manifest: str, files: dict[str, str] | None = None) -> list[str]:
    folder = write_mod("x", manifest, files)
    with pytest.raises(ManifestError) as info:
        load_manifest(folder)
    return [str(p) for p in info.value.problems]


def test_full_manifest_loads(write_mod: Callable[..., Path]) -> None:
    folder = write_mod("seeker", """\
        name: seeker
        version: 1.2.0-beta.1+exp
        title: Seeker AI
        description: Chases things.
        author: Ada
        homepage: https://example.org
        entry: src/init.lua
        depends:
          - "core >=1.0, <2"
          - "? particles"
          - "!oldai"
        permissions: [log, entities, events, storage, entities.write]
        limits: {fuel_per_tick: 20000, memory: 8MB}
        """, {"src/init.lua": "-- hi"})
    m = load_manifest(folder)
    assert m.name == "seeker"
    assert str(m.version) == "1.2.0-beta.1+exp"
    assert (m.title, m.description, m.author, m.homepage) == (
        "Seeker AI", "Chases things.", "Ada", "https://example.org")
    assert m.entry == "src/init.lua" and m.entry_path == folder / "src" / "init.lua"
    assert [(d.name, d.kind) for d in m.depends] == [
        ("core", DependencyKind.REQUIRED), ("particles", DependencyKind.OPTIONAL),
        ("oldai", DependencyKind.INCOMPATIBLE)]
    assert m.permissions == ("log", "entities", "events", "storage", "entities.write")
    assert m.limits.fuel_per_tick == 20000 and m.limits.memory == 8_000_000


def test_defaults(write_mod: Callable[..., Path]) -> None:
    m = load_manifest(write_mod("plain"))
    assert m.entry == "main.lua" and m.depends == () and m.permissions == ()
    assert m.limits.fuel_per_tick is None and m.limits.memory is None and m.title is None


def test_message_format_names_file_field_and_reason(write_mod: Callable[..., Path], mods_dir: Path) -> None:
    probs = problems_of(write_mod, "name: x1\nversion: abc\n")
    assert probs == [f"{mods_dir / 'x' / 'mod.yaml'}: version: 'abc' is not a semantic version"]


def test_every_problem_is_reported_at_once(write_mod: Callable[..., Path]) -> None:
    probs = problems_of(write_mod, """\
        name: X
        version: 1.0
        title: 3
        entry: ../escape.lua
        depends: ["core >=banana", 5]
        permissions: [Log]
        limits: {fuel_per_tick: 0, memory: lots, cpu: 1}
        dependencies: []
        """)
    fields = [p.split(": ")[1] for p in probs]
    assert fields == ["dependencies", "name", "version", "title", "entry", "depends[0]", "depends[1]",
                      "permissions[0]", "limits.cpu", "limits.fuel_per_tick", "limits.memory"]


@pytest.mark.parametrize("manifest, field, reason", [
    ("version: 1.0.0\n", "name", "required field is missing"),
    ("name: ok\n", "version", "required field is missing"),
    ("name: a\nversion: 1.0.0\n", "name", "'a' is not a valid mod name"),
    ("name: Bad Name\nversion: 1.0.0\n", "name", "'Bad Name' is not a valid mod name"),
    (f"name: {'a' * 65}\nversion: 1.0.0\n", "name", "is not a valid mod name"),
    ("name: 12\nversion: 1.0.0\n", "name", "expected a string, got int 12"),
    ("name: ok\nversion: 1.0\n", "version", "1.0 is not a semantic version (quote it"),
    ("name: ok\nversion: '1.0'\n", "version", "'1.0' is not a semantic version"),
    ("name: ok\nversion: 1.0.0\nauthor: [a]\n", "author", "expected a string, got list"),
    ("name: ok\nversion: 1.0.0\nhomepage: 1\n", "homepage", "expected a string"),
    ("name: ok\nversion: 1.0.0\ndescription: {a: 1}\n", "description", "expected a string"),
    ("name: ok\nversion: 1.0.0\nentry: /etc/passwd\n", "entry", "must be a path relative to the mod folder"),
    ("name: ok\nversion: 1.0.0\nentry: a/../../b.lua\n", "entry", "must stay inside the mod folder"),
    ("name: ok\nversion: 1.0.0\nentry: 'a\\b.lua'\n", "entry", "must use '/' as separator"),
    ("name: ok\nversion: 1.0.0\nentry: ''\n", "entry", "expected a relative file path"),
    ("name: ok\nversion: 1.0.0\nentry: C:/x.lua\n", "entry", "must be a path relative"),
    ("name: ok\nversion: 1.0.0\nentry: other.lua\n", "entry", "file 'other.lua' does not exist"),
    ("name: ok\nversion: 1.0.0\ndepends: core\n", "depends", "expected a list"),
    ("name: ok\nversion: 1.0.0\ndepends: [{core: 1}]\n", "depends[0]", "expected a string"),
    ("name: ok\nversion: 1.0.0\ndepends: ['Core']\n", "depends[0]", "'Core' is not a valid mod name"),
    ("name: ok\nversion: 1.0.0\ndepends: ['c']\n", "depends[0]", "'c' is not a valid mod name"),
    ("name: ok\nversion: 1.0.0\ndepends: ['core >=banana']\n", "depends[0]", "is not a version constraint"),
    ("name: ok\nversion: 1.0.0\ndepends: ['core', '?core']\n", "depends[1]", "listed more than once"),
    ("name: ok\nversion: 1.0.0\ndepends: ['ok']\n", "depends[0]", "cannot refer to itself"),
    ("name: ok\nversion: 1.0.0\ndepends: ['']\n", "depends[0]", "is not 'name [constraints]'"),
    ("name: ok\nversion: 1.0.0\npermissions: log\n", "permissions", "expected a list"),
    ("name: ok\nversion: 1.0.0\npermissions: ['a b']\n", "permissions[0]", "is not an API group name"),
    ("name: ok\nversion: 1.0.0\npermissions: [3]\n", "permissions[0]", "is not an API group name"),
    ("name: ok\nversion: 1.0.0\npermissions: [log, log]\n", "permissions[1]", "listed more than once"),
    ("name: ok\nversion: 1.0.0\nlimits: 5\n", "limits", "expected a mapping"),
    ("name: ok\nversion: 1.0.0\nlimits: {fuel: 5}\n", "limits.fuel", "unknown limit"),
    ("name: ok\nversion: 1.0.0\nlimits: {fuel_per_tick: -1}\n", "limits.fuel_per_tick", "not a positive integer"),
    ("name: ok\nversion: 1.0.0\nlimits: {fuel_per_tick: true}\n", "limits.fuel_per_tick", "not a positive"),
    ("name: ok\nversion: 1.0.0\nlimits: {fuel_per_tick: 1.5}\n", "limits.fuel_per_tick", "not a positive"),
    ("name: ok\nversion: 1.0.0\nlimits: {memory: 8XB}\n", "limits.memory", "is not a size"),
    ("name: ok\nversion: 1.0.0\nlimits: {memory: 0}\n", "limits.memory", "must be positive"),
    ("name: ok\nversion: 1.0.0\nvresion: 2\n", "vresion", "unknown field"),
])
def test_single_error_paths(write_mod: Callable[..., Path], manifest: str, field: str, reason: str) -> None:
    probs = problems_of(write_mod, manifest)
    assert len(probs) == 1, probs
    path, got_field, got_reason = probs[0].split(": ", 2)
    assert path.endswith("x/mod.yaml") and got_field == field and reason in got_reason


def test_yaml_syntax_error_has_file_and_line(write_mod: Callable[..., Path]) -> None:
    probs = problems_of(write_mod, "name: ok\nversion: 1.0.0\ndepends: [core\nlimits: {}\n")
    assert len(probs) == 1
    assert "x/mod.yaml:" in probs[0] and "invalid YAML" in probs[0]
    line = int(probs[0].split("mod.yaml:")[1].split(":")[0])
    assert line in (4, 5)


def test_duplicate_yaml_key_is_reported_with_line(write_mod: Callable[..., Path]) -> None:
    probs = problems_of(write_mod, "name: ok\nversion: 1.0.0\nname: other\n")
    assert len(probs) == 1 and probs[0].endswith("x/mod.yaml:3: name: duplicate key")


@pytest.mark.parametrize("text, reason", [
    ("", "empty manifest"), ("- a\n- b\n", "expected a mapping of fields, got list"),
    ("just text", "expected a mapping of fields, got str")])
def test_whole_file_problems(write_mod: Callable[..., Path], text: str, reason: str) -> None:
    probs = problems_of(write_mod, text)
    assert reason in probs[0]


def test_missing_manifest(mods_dir: Path) -> None:
    (mods_dir / "empty").mkdir()
    with pytest.raises(ManifestError, match="missing"):
        load_manifest(mods_dir / "empty")


def test_parse_manifest_is_pure() -> None:
    m, probs = parse_manifest({"name": "ok", "version": "1.0.0", "entry": "nowhere.lua"}, "virt/mod.yaml")
    assert probs == [] and m is not None and m.folder == Path("virt")


@pytest.mark.parametrize("text, name, kind, constraint", [
    ("core", "core", DependencyKind.REQUIRED, ""),
    ("core >=1.0, <2", "core", DependencyKind.REQUIRED, ">=1.0, <2"),
    ("core>=1.0", "core", DependencyKind.REQUIRED, ">=1.0"),
    ("? particles", "particles", DependencyKind.OPTIONAL, ""),
    ("?particles ^1.2", "particles", DependencyKind.OPTIONAL, "^1.2"),
    ("! oldlib <2", "oldlib", DependencyKind.INCOMPATIBLE, "<2"),
    ("!old-lib_2", "old-lib_2", DependencyKind.INCOMPATIBLE, ""),
])
def test_parse_dependency(text: str, name: str, kind: DependencyKind, constraint: str) -> None:
    dep = parse_dependency(text)
    assert (dep.name, dep.kind, dep.req.text) == (name, kind, constraint)


@pytest.mark.parametrize("value, size", [
    (1024, 1024), ("8MB", 8_000_000), ("512KB", 512_000), ("1GiB", 1 << 30), ("64 kib", 65536),
    ("1.5MiB", 1572864), ("100", 100), ("100B", 100)])
def test_parse_size(value: object, size: int) -> None:
    assert parse_size(value) == size


def test_scan_mods_separates_valid_and_invalid(write_mod: Callable[..., Path], mods_dir: Path) -> None:
    write_mod("good")
    write_mod("bad", "name: bad\n")
    (mods_dir / "nomanifest").mkdir()
    (mods_dir / ".hidden").mkdir()
    (mods_dir / "__pycache__").mkdir()
    (mods_dir / "file.txt").write_text("x")
    result = scan_mods(mods_dir)
    assert [m.name for m in result.manifests] == ["good"]
    assert sorted(p.name for p in result.invalid) == ["bad", "nomanifest"]
    assert [str(p).split(": ", 1)[1] for p in result.problems] == [
        "version: required field is missing", "missing (every mod folder needs a mod.yaml)"]
