"""clusternet: convergence, diversity and brokerage in creative and innovation
clusters, from collaboration records.

Build the actor network with :func:`from_affiliations` or
:func:`from_edgelist` (or convert one with :func:`from_networkx`,
:func:`from_igraph`), then measure it.
"""

from __future__ import annotations

import importlib
from typing import Any

from ._convert import as_graph, from_igraph, from_networkx
from ._registry import measures
from ._version import __version__
from .build import from_affiliations, from_edgelist
from .errors import (
    ClusternetError,
    ClusternetWarning,
    ColumnError,
    DuplicateError,
    IdError,
    TooLargeError,
    UnknownActorError,
    UnknownAttributeError,
    WeightError,
)
from .graph import CollaborationGraph
from .io import read_table

__all__ = [
    "__version__",
    "CollaborationGraph",
    "ClusternetError",
    "ClusternetWarning",
    "ColumnError",
    "DuplicateError",
    "IdError",
    "TooLargeError",
    "UnknownActorError",
    "UnknownAttributeError",
    "WeightError",
    "as_graph",
    "datasets",
    "from_affiliations",
    "from_edgelist",
    "from_igraph",
    "from_networkx",
    "measures",
    "read_table",
]

# Submodules loaded on first use, so that `import clusternet` stays light.
_LAZY = {"datasets", "convergence", "diversity", "brokerage", "structure", "inference", "nulls",
         "temporal", "territory", "sources", "plot", "report", "distributed"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'clusternet' has no attribute {name!r}")
