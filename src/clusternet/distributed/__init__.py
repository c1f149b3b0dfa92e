"""Work beyond one machine with Dask (the ``clusternet[dask]`` extra).

- :func:`clusternet.from_affiliations` accepts a ``dask.dataframe.DataFrame``
  or a Parquet dataset (a directory or a glob) and projects it partitioned
  by event (``as_frame=True`` returns the ties as a Dask DataFrame);
- :func:`map_egos` computes an ego-level measure on blocks of egos across
  the workers of a ``dask.distributed.Client``;
- :func:`clusternet.inference.permutation_test`,
  :func:`clusternet.inference.test` and :func:`clusternet.temporal.over_time`
  take ``client=`` to run their replicates or windows on the cluster.

Dask is imported when these are used, never by ``import clusternet``.
"""

from __future__ import annotations

from ._build import from_affiliations
from ._egos import map_egos

__all__ = ["from_affiliations", "map_egos"]
