"""``mod.yaml``: the manifest schema, its validation, and finding mods in a folder.

Validation never stops at the first mistake: a mod author fixing a manifest wants
every problem at once, each as ``path/to/mod.yaml: field: reason``.  Unknown keys
are problems too, so that ``dependencies:`` instead of ``depends:`` does not pass
silently.  The result is an immutable :class:`Manifest` that the rest of the
framework trusts without re-checking.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path, PurePosixPath
from typing import Any, Iterable

import yaml

from .semver import Version, VersionReq, parse_req, parse_version

__all__ = [
    "MANIFEST_FILE", "Problem", "ManifestError", "DependencyKind", "Dependency", "Limits",
    "Manifest", "parse_manifest", "load_manifest", "scan_mods", "ScanResult",
    "parse_dependency", "parse_size",
]

MANIFEST_FILE = "mod.yaml"
NAME_RE = re.compile(r"^[a-z0-9_-]{2,64}$")
PERMISSION_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
_DEP_RE = re.compile(r"^\s*(?P<prefix>[?!])?\s*(?P<name>[^\s=<>^~*,]+)(?P<rest>.*)$", re.S)
_SIZE_RE = re.compile(r"^\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>[A-Za-z]*)\s*$")
_SIZE_UNITS = {
    "": 1, "b": 1,
    "kb": 1000, "mb": 1000 ** 2, "gb": 1000 ** 3,
    "kib": 1024, "mib": 1024 ** 2, "gib": 1024 ** 3,
}
STRING_FIELDS = ("title", "description", "author", "homepage")
KNOWN_FIELDS = frozenset(
    ("name", "version", "entry", "depends", "permissions", "limits") + STRING_FIELDS)
KNOWN_LIMITS = frozenset(("fuel_per_tick", "memory"))


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a mod; renders as ``file: field: reason``
    (``file: reason`` when it concerns the whole file)."""

    file: str
    field: str | None
    reason: str

    def __str__(self) -> str:
        if self.field:
            return f"{self.file}: {self.field}: {self.reason}"
        return f"{self.file}: {self.reason}"


class ManifestError(Exception):
    """A manifest could not be loaded; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class DependencyKind(str, Enum):
    """How a ``depends`` entry constrains loading."""

    REQUIRED = "required"          # "name ..."  must be present, in range, loaded first
    OPTIONAL = "optional"          # "? name"    loaded first if present; range checked if present
    INCOMPATIBLE = "incompatible"  # "! name"    must not be present (in range)


@dataclass(frozen=True)
class Dependency:
    """One parsed ``depends`` entry; ``text`` is the author's spelling for messages."""

    name: str
    kind: DependencyKind
    req: VersionReq
    text: str


@dataclass(frozen=True)
class Limits:
    """Resource limits a mod asks for (``None``: host default).  The host caps them."""

    fuel_per_tick: int | None = None
    memory: int | None = None


@dataclass(frozen=True)
class Manifest:
    """A validated ``mod.yaml``.  ``folder`` is the mod's directory."""

    name: str
    version: Version
    folder: Path
    manifest_path: Path
    entry: str = "main.lua"
    title: str | None = None
    description: str | None = None
    author: str | None = None
    homepage: str | None = None
    depends: tuple[Dependency, ...] = ()
    permissions: tuple[str, ...] = ()
    limits: Limits = field(default_factory=Limits)

    @property
    def entry_path(self) -> Path:
        return self.folder / self.entry


def parse_dependency(text: str) -> Dependency:
    """Parse ``"core >=1.0, <2"``, ``"? particles"`` or ``"!oldlib <2"``.

    Raises ``ValueError`` with the reason when the entry is malformed."""
    m = _DEP_RE.match(text)
    if not m or not text.strip():
        raise ValueError(f"{text!r} is not 'name [constraints]'")
    name, rest = m["name"], m["rest"]
    if not NAME_RE.match(name):
        raise ValueError(f"{name!r} is not a valid mod name "
                         "(2 to 64 characters among a-z, 0-9, _ and -)")
    kind = {None: DependencyKind.REQUIRED, "?": DependencyKind.OPTIONAL,
            "!": DependencyKind.INCOMPATIBLE}[m["prefix"]]
    try:
        req = parse_req(rest)
    except ValueError as exc:
        raise ValueError(str(exc)) from None
    return Dependency(name, kind, req, text.strip())


def parse_size(value: Any) -> int:
    """A memory size: a positive integer of bytes or ``"8MB"``/``"512KB"``/``"1GiB"``.

    KB/MB/GB are decimal (1000-based), KiB/MiB/GiB binary, units are case-insensitive."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a size")
    if isinstance(value, int):
        if value <= 0:
            raise ValueError(f"{value!r} must be positive")
        return value
    if isinstance(value, str):
        m = _SIZE_RE.match(value)
        if m and m["unit"].lower() in _SIZE_UNITS:
            size = int(float(m["num"]) * _SIZE_UNITS[m["unit"].lower()])
            if size <= 0:
                raise ValueError(f"{value!r} must be positive")
            return size
    raise ValueError(f"{value!r} is not a size (bytes, or like 8MB, 512KB, 1GiB)")


def _describe(value: Any) -> str:
    return f"{type(value).__name__} {value!r}"


def _check_entry(value: Any, field_name: str, problems: list[tuple[str, str]]) -> str | None:
    """Return ``value`` normalised if it is a safe relative path, else record why not."""
    if not isinstance(value, str) or not value.strip():
        problems.append((field_name, f"expected a relative file path, got {_describe(value)}"))
        return None
    if "\\" in value or "\x00" in value:
        problems.append((field_name, f"{value!r} must use '/' as separator"))
        return None
    path = PurePosixPath(value)
    if path.is_absolute() or re.match(r"^[A-Za-z]:", value):
        problems.append((field_name, f"{value!r} must be a path relative to the mod folder"))
        return None
    if ".." in path.parts:
        problems.append((field_name, f"{value!r} must stay inside the mod folder (no '..')"))
        return None
    return str(path)


def parse_manifest(data: Any, manifest_path: Path | str,
                   folder: Path | None = None) -> tuple[Manifest | None, list[Problem]]:
    """Validate already-parsed YAML ``data``.

    Returns the manifest (``None`` if anything is wrong) and every problem found.
    Pure: does not touch the file system."""
    source = str(manifest_path)
    manifest_path = Path(manifest_path)
    folder = folder if folder is not None else manifest_path.parent
    errors: list[tuple[str, str]] = []  # (field, reason)
    whole: list[str] = []               # reasons about the whole file

    def bad(field_name: str, reason: str) -> None:
        errors.append((field_name, reason))

    if data is None:
        data = {}
        whole.append("empty manifest (needs at least name and version)")
    if not isinstance(data, dict):
        return None, [Problem(source, None, f"expected a mapping of fields, got {type(data).__name__}")]

    for key in sorted(data, key=str):
        if key not in KNOWN_FIELDS:
            bad(str(key), f"unknown field (known: {', '.join(sorted(KNOWN_FIELDS))})")

    name = data.get("name")
    if "name" not in data:
        bad("name", "required field is missing")
    elif not isinstance(name, str):
        bad("name", f"expected a string, got {_describe(name)}")
    elif not NAME_RE.match(name):
        bad("name", f"{name!r} is not a valid mod name "
                    "(2 to 64 characters among a-z, 0-9, _ and -)")

    version: Version | None = None
    if "version" not in data:
        bad("version", "required field is missing")
    else:
        raw = data["version"]
        if not isinstance(raw, str):
            hint = " (quote it and give three parts, like '1.0.0')" if isinstance(raw, (int, float)) else ""
            bad("version", f"{raw!r} is not a semantic version{hint}")
        else:
            try:
                version = parse_version(raw)
            except ValueError as exc:
                bad("version", str(exc))

    strings: dict[str, str | None] = {}
    for key in STRING_FIELDS:
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            bad(str(key), f"expected a string, got {_describe(value)}")
        else:
            strings[key] = value

    entry = _check_entry(data.get("entry", "main.lua"), "entry", errors)

    depends: list[Dependency] = []
    raw_deps = data.get("depends") or []
    if not isinstance(raw_deps, list):
        bad("depends", f"expected a list of 'name [constraints]', got {_describe(raw_deps)}")
        raw_deps = []
    seen_deps: set[str] = set()
    for i, item in enumerate(raw_deps):
        if not isinstance(item, str):
            bad(f"depends[{i}]", f"expected a string like 'core >=1.0', got {_describe(item)}")
            continue
        try:
            dep = parse_dependency(item)
        except ValueError as exc:
            bad(f"depends[{i}]", str(exc))
            continue
        if dep.name in seen_deps:
            bad(f"depends[{i}]", f"{dep.name!r} is listed more than once")
        elif dep.name == name:
            bad(f"depends[{i}]", "a mod cannot refer to itself")
        seen_deps.add(dep.name)
        depends.append(dep)

    permissions: list[str] = []
    raw_perms = data.get("permissions") or []
    if not isinstance(raw_perms, list):
        bad("permissions", f"expected a list of API group names, got {_describe(raw_perms)}")
        raw_perms = []
    for i, perm in enumerate(raw_perms):
        if not isinstance(perm, str) or not PERMISSION_RE.match(perm):
            bad(f"permissions[{i}]", f"{perm!r} is not an API group name "
                                     "(lowercase identifier, dots allowed: 'entities.write')")
        elif perm in permissions:
            bad(f"permissions[{i}]", f"{perm!r} is listed more than once")
        else:
            permissions.append(perm)

    limits = Limits()
    raw_limits = data.get("limits")
    if raw_limits is not None:
        if not isinstance(raw_limits, dict):
            bad("limits", f"expected a mapping like {{fuel_per_tick: 20000, memory: 8MB}}, "
                          f"got {_describe(raw_limits)}")
        else:
            for key in sorted(raw_limits, key=str):
                if key not in KNOWN_LIMITS:
                    bad(f"limits.{key}", f"unknown limit (known: {', '.join(sorted(KNOWN_LIMITS))})")
            fuel = raw_limits.get("fuel_per_tick")
            if fuel is not None and (isinstance(fuel, bool) or not isinstance(fuel, int) or fuel <= 0):
                bad("limits.fuel_per_tick", f"{fuel!r} is not a positive integer")
                fuel = None
            memory = raw_limits.get("memory")
            if memory is not None:
                try:
                    memory = parse_size(memory)
                except ValueError as exc:
                    bad("limits.memory", str(exc))
                    memory = None
            limits = Limits(fuel, memory)

    problems = [Problem(source, None, r) for r in whole]
    problems += [Problem(source, f, r) for f, r in errors]
    if problems:
        return None, problems
    assert isinstance(name, str) and version is not None and entry is not None
    return Manifest(
        name=name, version=version, folder=folder, manifest_path=manifest_path, entry=entry,
        depends=tuple(depends), permissions=tuple(permissions), limits=limits,
        **strings,
    ), []


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys (YAML silently keeps the last one)."""

    duplicate_keys: list[tuple[str, int]]


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            if key in seen:
                loader.duplicate_keys.append((str(key), key_node.start_mark.line + 1))
            seen.add(key)
        except TypeError:  # unhashable key; construct_mapping reports it
            pass
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(text: str, source: str) -> tuple[Any, list[Problem]]:
    """Parse YAML text; syntax errors and duplicate keys become problems with a line."""
    loader = _UniqueKeyLoader(text)
    loader.duplicate_keys = []
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{source}:{mark.line + 1}" if mark else source
        reason = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        return None, [Problem(where, None, f"invalid YAML: {reason}")]
    except yaml.YAMLError as exc:
        return None, [Problem(source, None, f"invalid YAML: {exc}")]
    finally:
        loader.dispose()
    return data, [Problem(f"{source}:{line}", key, "duplicate key")
                  for key, line in loader.duplicate_keys]


def load_manifest(folder: Path | str) -> Manifest:
    """Read and validate ``folder/mod.yaml``, and check its entry file exists.

    Raises :class:`ManifestError` listing every problem."""
    folder = Path(folder)
    path = folder / MANIFEST_FILE
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ManifestError([Problem(source, None, "missing (every mod folder needs a mod.yaml)")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError([Problem(source, None, f"cannot read: {exc}")]) from None
    data, problems = read_yaml(text, source)
    if data is None and problems:
        raise ManifestError(problems)
    manifest, more = parse_manifest(data, path, folder)
    problems += more
    if manifest is not None and not manifest.entry_path.is_file():
        problems.append(Problem(source, "entry", f"file {manifest.entry!r} does not exist in the mod folder"))
    if problems:
        raise ManifestError(problems)
    assert manifest is not None
    return manifest


@dataclass
class ScanResult:
    """Mods found in a folder: the valid manifests and, per invalid folder, its problems."""

    manifests: list[Manifest] = field(default_factory=list)
    invalid: dict[Path, list[Problem]] = field(default_factory=dict)

    @property
    def problems(self) -> list[Problem]:
        return [p for folder in sorted(self.invalid) for p in self.invalid[folder]]


def mod_folders(mods_dir: Path | str) -> Iterable[Path]:
    """Sub-folders of ``mods_dir`` that may be mods, sorted by name.

    Hidden folders and those starting with ``_`` (``__pycache__``) are skipped."""
    mods_dir = Path(mods_dir)
    return sorted(p for p in mods_dir.iterdir()
                  if p.is_dir() and not p.name.startswith((".", "_")))


def scan_mods(mods_dir: Path | str) -> ScanResult:
    """Load every mod manifest under ``mods_dir`` (one mod per sub-folder)."""
    result = ScanResult()
    for folder in mod_folders(mods_dir):
        try:
            result.manifests.append(load_manifest(folder))
        except ManifestError as exc:
            result.invalid[folder] = exc.problems
    return result
