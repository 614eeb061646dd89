"""Style descriptors: per-layer channel mean and std of VGG features, saved as safetensors.

A descriptor is all the fast path needs of a style, so an artist (many paintings) or a community
style is a few kilobytes, computed once.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import torch
from safetensors import SafetensorError, safe_open
from safetensors.torch import load

from .file_modes import save_file

LAYERS = ("relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1")


class NoSafetensorsFile(ValueError):
    """Bytes that are no whole safetensors file (cut short, garbage): load_with_metadata's."""


# What a .safetensors file named as a descriptor is told where it is NoSafetensorsFile: the same
# words from --style (Engine.resolve_style) and train-artist --descriptor
DAMAGED_DESCRIPTOR = "is not a style descriptor file: it is damaged (cut short or garbage); make it again"


def load_with_metadata(data: bytes) -> tuple[dict[str, torch.Tensor], dict[str, str]]:
    """A safetensors file's bytes -> (tensors, metadata); safetensors' ``load`` drops the metadata.
    NoSafetensorsFile where they are none."""
    data = bytes(data)
    size = int.from_bytes(data[:8], "little")
    try:
        return load(data), json.loads(data[8:8 + size]).get("__metadata__") or {}
    except Exception as exc:        # safetensors' own error types; a header that is no JSON object
        raise NoSafetensorsFile(f"no whole safetensors file: {exc}") from exc


@dataclass
class StyleDescriptor:
    """``stats[layer] = (mean, std)``, each a 1-D float tensor over channels."""
    stats: dict[str, tuple[torch.Tensor, torch.Tensor]]
    meta: dict[str, str] = field(default_factory=dict)

    def mean_std(self, layer: str) -> tuple[torch.Tensor, torch.Tensor]:
        return self.stats[layer]

    @staticmethod
    def average(items: list["StyleDescriptor"], weights: list[float] | None = None) -> "StyleDescriptor":
        """Weighted average of statistics: a mix of styles, or an artist over their paintings."""
        weights = weights or [1.0] * len(items)
        total = float(sum(weights))
        if total <= 0:
            raise ValueError("style weights must add up to more than 0")
        stats = {}
        for layer in items[0].stats:
            mean = sum(w / total * d.stats[layer][0] for d, w in zip(items, weights))
            std = sum(w / total * d.stats[layer][1] for d, w in zip(items, weights))
            stats[layer] = (mean, std)
        return StyleDescriptor(stats)

    def distance(self, other: "StyleDescriptor") -> float:
        """Squared distance of the statistics, summed over layers (means and stds)."""
        return sum(float(((m - other.stats[k][0]) ** 2).mean() + ((s - other.stats[k][1]) ** 2).mean())
                   for k, (m, s) in self.stats.items())

    def nearest(self, candidates: list["StyleDescriptor"]) -> int:
        """Index of the candidate closest to this descriptor (an artist's most typical painting)."""
        return min(range(len(candidates)), key=lambda i: self.distance(candidates[i]))

    def tensors(self, prefix: str = "") -> dict[str, torch.Tensor]:
        out = {}
        for layer, (mean, std) in self.stats.items():
            out[f"{prefix}{layer}.mean"] = mean.float().contiguous()
            out[f"{prefix}{layer}.std"] = std.float().contiguous()
        return out

    @classmethod
    def from_tensors(cls, tensors: dict[str, torch.Tensor], prefix: str = "", meta=None) -> "StyleDescriptor":
        stats = {}
        for layer in LAYERS:
            if f"{prefix}{layer}.mean" in tensors:
                stats[layer] = (tensors[f"{prefix}{layer}.mean"], tensors[f"{prefix}{layer}.std"])
        return cls(stats, dict(meta or {}))

    def save(self, path: str | Path, parts: list["StyleDescriptor"] | None = None) -> None:
        """Save the (aggregated) statistics, and optionally the per-painting ones beside them."""
        tensors = self.tensors()
        for i, part in enumerate(parts or []):
            tensors.update(part.tensors(prefix=f"painting{i}."))
        meta = dict(self.meta, parts=str(len(parts or [])))
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        save_file(tensors, path, metadata={k: str(v) for k, v in meta.items()})

    @classmethod
    def load(cls, path: str | Path) -> "StyleDescriptor":
        """A descriptor file; NoSafetensorsFile for one that is no whole safetensors file (cut
        short, garbage), as from_bytes says of such bytes; ValueError for a file that is not one
        (another safetensors file, say)."""
        if not Path(path).is_file():
            raise FileNotFoundError(2, "no such file", str(path))
        try:
            with safe_open(str(path), "pt") as f:
                tensors = {k: f.get_tensor(k) for k in f.keys()}
                meta = f.metadata() or {}
        except SafetensorError as exc:  # its layout: what load_with_metadata says of its bytes
            raise NoSafetensorsFile(f"no whole safetensors file: {exc}") from exc
        except Exception as exc:        # safetensors' other errors (an OSError reading it)
            raise ValueError(f"not a style descriptor file: {exc}") from exc
        return cls._complete(cls.from_tensors(tensors, meta=meta))

    @classmethod
    def from_bytes(cls, data: bytes) -> "StyleDescriptor":
        """A descriptor file's contents (what a job carries to a worker on another host), as ``load``."""
        try:
            tensors, meta = load_with_metadata(data)
        except NoSafetensorsFile:
            raise
        except Exception as exc:
            raise ValueError(f"not a style descriptor file: {exc}") from exc
        return cls._complete(cls.from_tensors(tensors, meta=meta))

    @staticmethod
    def _complete(desc: "StyleDescriptor") -> "StyleDescriptor":
        """``desc`` when it has the statistics painting reads (relu1_1..relu4_1), else ValueError."""
        missing = [layer for layer in LAYERS[:4] if layer not in desc.stats]
        if missing:
            raise ValueError(f"not a style descriptor file: no {missing[0]} statistics")
        return desc

    @classmethod
    def load_signature(cls, path: str | Path) -> "StyleDescriptor":
        """An artist file's signature painting (what artist commands use), else its average."""
        with safe_open(str(path), "pt") as f:
            index = (f.metadata() or {}).get("signature")
        if index is None:
            return cls.load(path)
        return cls.load_parts(path)[int(index)]

    @classmethod
    def holdout_index(cls, path: str | Path) -> int | None:
        """The painting an artist's adaptive model never sees (for a leave-one-out likeness check):
        the last one that is not the signature. None when the artist has fewer than 3 paintings."""
        with safe_open(str(path), "pt") as f:
            meta = f.metadata() or {}
        count, signature = int(meta.get("parts", 0)), meta.get("signature")
        if count < 3:
            return None
        return max(i for i in range(count) if signature is None or i != int(signature))

    @classmethod
    def load_average_without(cls, path: str | Path, holdout: int | None) -> "StyleDescriptor":
        """The artist's average over their paintings, leaving out painting ``holdout``."""
        parts = cls.load_parts(path)
        kept = [p for i, p in enumerate(parts) if i != holdout]
        return cls.average(kept) if kept else cls.load(path)

    @classmethod
    def load_parts(cls, path: str | Path) -> list["StyleDescriptor"]:
        with safe_open(str(path), "pt") as f:
            tensors = {k: f.get_tensor(k) for k in f.keys()}
            count = int((f.metadata() or {}).get("parts", 0))
        return [cls.from_tensors(tensors, prefix=f"painting{i}.") for i in range(count)]
