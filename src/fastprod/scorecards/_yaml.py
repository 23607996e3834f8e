"""The audit's YAML reader: the one recipes use too (:mod:`fastprod.core._yaml`, ruamel.yaml).

Compose files, CI workflows and manifests are read into values that remember
their line numbers; see :mod:`fastprod.core._yaml` for the shapes.
"""

from __future__ import annotations

from fastprod.core._yaml import Scalar, YamlMap, load_all, strip_comment, walk_scalars

__all__ = ["Scalar", "YamlMap", "load_all", "strip_comment", "walk_scalars"]
