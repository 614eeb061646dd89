"""The built-in artist catalog: metadata (catalog.toml) and derived descriptors (descriptors/)."""
from .catalog import Artist, Catalog, Painting, load_catalog, normalise

__all__ = ["Artist", "Catalog", "Painting", "load_catalog", "normalise"]
