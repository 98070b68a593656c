"""The ``storage`` API group and the save-file format.

Each mod granted ``storage`` gets a global table ``storage`` holding plain data.  The
host saves every mod's table with :meth:`Storage.save` and restores them with
:meth:`Storage.load`; data of mods that are not loaded right now is kept and written
back, so a mod missing for one session does not lose its state.  When a mod unloads
its table is captured, so a reload hands it over.

File format (JSON, UTF-8)::

    {"format": "moonbox-save", "version": 1,
     "mods": {"counter": {"version": "1.0.0", "storage": {...}}}}

Values that JSON cannot say exactly are tagged: ``{"$map": [[k, v], ...]}`` for tables
whose keys are not all strings (or start with ``$``), ``{"$bytes": "<base64>"}`` for
strings that are not UTF-8, ``{"$float": "inf" | "-inf" | "nan"}``.  Integers and
floats keep their type (``1`` vs ``1.0``).
"""
from __future__ import annotations

import base64
import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

from ..hookspecs import hookimpl
from ..plain import PlainDataError, to_plain

__all__ = ["Storage", "StorageError", "SAVE_FORMAT", "SAVE_VERSION", "encode", "decode"]

SAVE_FORMAT = "moonbox-save"
SAVE_VERSION = 1
GROUP = "storage"


class StorageError(Exception):
    """Saving or loading failed; the message names the mod and the offending value."""


def encode(value: Any) -> Any:
    """Plain data → JSON-compatible data (tagging what JSON cannot represent)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return {"$float": "nan"}
        if math.isinf(value):
            return {"$float": "inf" if value > 0 else "-inf"}
        return value
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("$") for k in value):
            return {k: encode(v) for k, v in value.items()}
        return {"$map": [[encode(k), encode(v)] for k, v in value.items()]}
    raise StorageError(f"cannot encode {type(value).__name__}")


def decode(value: Any) -> Any:
    """Inverse of :func:`encode`."""
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict):
        if len(value) == 1:
            ((tag, inner),) = value.items()
            if tag == "$map":
                return {_hashable(decode(k)): decode(v) for k, v in inner}
            if tag == "$bytes":
                return base64.b64decode(inner)
            if tag == "$float":
                return float(inner)
        return {k: decode(v) for k, v in value.items()}
    return value


def _hashable(key: Any) -> Any:
    if isinstance(key, (list, dict)):
        raise StorageError("a table cannot be a key in saved data")
    return key


def _as_table(data: Any) -> dict[Any, Any]:
    """Saved storage as the members of the ``storage`` group (a sequence keys 1..n)."""
    if isinstance(data, dict):
        return data
    if isinstance(data, list):
        return {i + 1: v for i, v in enumerate(data)}
    return {}


class Storage:
    """Plugin offering the ``storage`` group; holds saved data and reads/writes save files."""

    def __init__(self) -> None:
        #: mod name -> {"version": str, "storage": plain data}; the last saved/loaded/captured.
        self.data: dict[str, dict[str, Any]] = {}

    @hookimpl
    def moonbox_register_api(self, host: Any, mod: Any) -> dict[str, dict[Any, Any]]:
        return {GROUP: _as_table(self.data.get(mod.name, {}).get("storage"))}

    @hookimpl
    def moonbox_mod_unloaded(self, host: Any, mod: Any) -> None:
        if host.mods.get(mod.name) is not mod:
            return  # a new version that failed to load: the running one keeps its data
        try:
            self.capture(mod)
        except StorageError as exc:
            mod.log(40, f"storage not kept: {exc}")

    def _granted(self, mod: Any) -> bool:
        return mod.lua is not None and GROUP in mod.granted

    def capture(self, mod: Any) -> None:
        """Copy ``mod``'s ``storage`` table out of its arena into :attr:`data`."""
        if not self._granted(mod):
            return
        try:
            plain = to_plain(mod.lua.globals.get(GROUP), GROUP)
        except PlainDataError as exc:
            raise StorageError(f"mod '{mod.name}': {exc}") from None
        self.data[mod.name] = {"version": str(mod.manifest.version), "storage": plain}

    def snapshot(self, mods: list[Any]) -> dict[str, dict[str, Any]]:
        """Capture every mod; raises :class:`StorageError` listing every mod that failed."""
        problems = []
        for mod in mods:
            try:
                self.capture(mod)
            except StorageError as exc:
                problems.append(str(exc))
        if problems:
            raise StorageError("cannot save: " + "; ".join(problems))
        return self.data

    def save(self, path: Path | str, mods: list[Any]) -> None:
        """Write every mod's storage to ``path`` atomically (a temp file, then rename)."""
        data = self.snapshot(mods)
        document = {"format": SAVE_FORMAT, "version": SAVE_VERSION,
                    "mods": {name: {"version": entry["version"], "storage": encode(entry["storage"])}
                             for name, entry in sorted(data.items())}}
        path = Path(path)
        text = json.dumps(document, indent=1, ensure_ascii=False, allow_nan=False)
        fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent or ".")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def read(self, path: Path | str) -> dict[str, dict[str, Any]]:
        """Parse a save file; raises :class:`StorageError` on a bad or unknown format."""
        try:
            document = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StorageError(f"{path}: cannot read save file: {exc}") from None
        if not isinstance(document, dict) or document.get("format") != SAVE_FORMAT:
            raise StorageError(f"{path}: not a moonbox save file")
        version = document.get("version")
        if not isinstance(version, int) or version > SAVE_VERSION or version < 1:
            raise StorageError(f"{path}: save format version {version!r} is not supported "
                               f"(this host reads up to {SAVE_VERSION})")
        mods = document.get("mods")
        if not isinstance(mods, dict):
            raise StorageError(f"{path}: 'mods' must be a mapping")
        out = {}
        for name, entry in mods.items():
            if not isinstance(entry, dict) or "storage" not in entry:
                raise StorageError(f"{path}: entry for mod '{name}' has no storage")
            out[name] = {"version": str(entry.get("version", "")), "storage": decode(entry["storage"])}
        return out

    def load(self, path: Path | str, mods: list[Any]) -> None:
        """Read ``path`` and replace the ``storage`` table of every loaded mod granted it
        (mods must read ``storage`` through the global, not keep an old reference)."""
        self.data = self.read(path)
        for mod in mods:
            if self._granted(mod):
                table = _as_table(self.data.get(mod.name, {}).get("storage"))
                mod.lua.globals[GROUP] = mod.lua.table_from(table)
