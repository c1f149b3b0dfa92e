"""Guimerà and Amaral's participation coefficient, within-module degree and roles."""

from __future__ import annotations

import numbers
import random
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .._convert import as_graph
from .._kernels import brokerage as kernels
from .._kernels.adjacency import upper_entries
from .._kernels.mixing import participation_from_csr
from .._registry import measure
from .._results import group_codes
from .._validation import as_rng, check_bool, check_missing
from ..errors import ClusternetError
from ..graph import CollaborationGraph
from ._common import labelled_frame, mapped_values

__all__ = ["ROLE_NAMES", "participation"]

#: Guimerà-Amaral roles, R1-R7.
ROLE_NAMES = {
    "R1": "ultra-peripheral",
    "R2": "peripheral",
    "R3": "non-hub connector",
    "R4": "non-hub kinless",
    "R5": "provincial hub",
    "R6": "connector hub",
    "R7": "kinless hub",
}


@measure(
    family="brokerage",
    levels={"actor": "DataFrame"},
    attribute="modules",
    references=("guimera_amaral2005",),
    summary="Guimera-Amaral participation coefficient, within-module z and role R1-R7",
    checks={"weight": check_bool, "missing": check_missing},
    method=(
        "The participation coefficient P_i = 1 - sum_s (k_is/k_i)^2 and the within-module "
        "degree z-score (population standard deviation) follow Guimera and Amaral "
        "[guimera_amaral2005], with the attribute's groups as modules; roles R1-R7 use "
        "their thresholds (hubs z >= 2.5). Actors without ties are NaN."),
)
def participation(
    g: Any,
    modules: Any,
    *,
    weight: bool = False,
    missing: str = "error",
    rng: Any = None,
    resolution: float = 1.0,
) -> pd.DataFrame:
    r"""Participation coefficient, within-module degree z-score and role (R1-R7).

    Supports undirected graphs; a directed graph is read as undirected
    (contacts in either direction: a reciprocated pair is one contact, and
    with ``weight=True`` its two tie weights add). Weighted with
    ``weight=True``.

    Parameters
    ----------
    g : CollaborationGraph, networkx graph or igraph.Graph
        The actor network.
    modules : str, mapping or "leiden"
        The module of each actor: the name of a categorical actor attribute;
        a mapping (dict or Series) actor -> module; or ``"leiden"`` to find
        modules by maximising modularity with igraph's Leiden algorithm
        [2]_, seeded by ``rng``.
    weight : bool, default False
        Use tie weights (strengths) instead of counting contacts.
    missing : {"error", "drop", "own-group"}
        Actors without a module: raise naming them; leave them and their
        ties out (their rows are NaN); or put each in a module of its own.
    rng : None, int or numpy.random.Generator
        Seeds Leiden (only used with ``modules="leiden"``): an int seed >= 0
        or a Generator.
    resolution : float, default 1
        Leiden's modularity resolution.

    Returns
    -------
    pandas.DataFrame
        Indexed by actor, columns ``module``, ``participation`` (:math:`P`),
        ``within_module_z`` (:math:`z`) and ``role`` (categorical R1-R7; the
        names are in :data:`ROLE_NAMES`). :math:`P` and the role are NaN for
        an actor without contacts; :math:`z` is NaN when every member of
        the module has the same within-module degree (standard deviation 0,
        e.g. a module of one).

    Raises
    ------
    ClusternetError
        Unknown actors in a mapping, missing modules with
        ``missing="error"``, bad ``weight``, ``resolution`` or ``rng``
        (``True``, negative ints and floats are refused, even without
        Leiden).
    UnknownAttributeError
        ``modules`` names no actor attribute (a ``ClusternetError``, a
        ``ColumnError`` and a ``KeyError``).

    Notes
    -----
    With :math:`k_i` the degree (or strength) of actor :math:`i`,
    :math:`\kappa_{is}` its ties to module :math:`s` and :math:`s_i` its own
    module (Guimerà and Amaral 2005 [1]_):

    .. math::

       P_i = 1 - \sum_s \left(\frac{\kappa_{is}}{k_i}\right)^2, \qquad
       z_i = \frac{\kappa_{i s_i} - \bar\kappa_{s_i}}{\sigma_{\kappa_{s_i}}}

    where the mean and the (population, ``ddof=0``) standard deviation run
    over all members of :math:`s_i`, isolates included. Roles: hubs have
    :math:`z \ge 2.5`; non-hubs are R1 ultra-peripheral
    (:math:`P \le 0.05`), R2 peripheral (:math:`\le 0.62`), R3 non-hub
    connectors (:math:`\le 0.80`), R4 non-hub kinless (:math:`> 0.80`);
    hubs are R5 provincial (:math:`P \le 0.30`), R6 connector
    (:math:`\le 0.75`), R7 kinless (:math:`> 0.75`). An actor whose
    :math:`z` is undefined (all members equal) stands out from no one and is
    classed among the non-hubs.

    The sums :math:`\kappa_{is}` are taken one block of actors at a time
    (about :math:`2^{20}` stored ties each), reading an undirected graph in
    place, so the working memory added to the graph's stays bounded (tens
    of MB) whatever its size; a directed graph is first summed with its
    transpose (a new matrix the size of the graph).

    Leiden runs on the undirected graph with igraph's own random number
    generator, seeded from ``rng`` and restored afterwards; modules are
    numbered 0, 1, ... in order of their first actor.

    References
    ----------
    .. [1] Guimerà, R., & Amaral, L. A. N. (2005). Functional cartography of
       complex metabolic networks. Nature 433, 895-900.
       https://doi.org/10.1038/nature03288
    .. [2] Traag, V. A., Waltman, L., & van Eck, N. J. (2019). From Louvain
       to Leiden: guaranteeing well-connected communities. Scientific
       Reports 9, 5233. https://doi.org/10.1038/s41598-019-41695-z

    Examples
    --------
    Two triangles joined by ``c -- d``, and a chain ``a -- g -- h`` where
    ``h`` is alone in its module. Module ``y``'s members all have two ties
    inside it, so their z is undefined:

    >>> import networkx as nx, clusternet as cn
    >>> G = nx.Graph([("a", "b"), ("a", "c"), ("b", "c"), ("c", "d"), ("d", "e"),
    ...               ("d", "f"), ("e", "f"), ("a", "g"), ("g", "h")])
    >>> side = {"a": "x", "b": "x", "c": "x", "g": "x", "d": "y", "e": "y", "f": "y",
    ...         "h": "z"}
    >>> cn.brokerage.participation(G, side).round(3)
          module  participation  within_module_z role
    actor
    a          x          0.000            1.414   R1
    b          x          0.000            0.000   R1
    c          x          0.444            0.000   R2
    d          y          0.444              NaN   R2
    e          y          0.000              NaN   R1
    f          y          0.000              NaN   R1
    g          x          0.500           -1.414   R2
    h          z          0.000              NaN   R1
    """
    g = as_graph(g)
    check_bool(weight, "weight")
    if isinstance(resolution, bool) or not isinstance(resolution, numbers.Real) or not (
        resolution > 0
    ):
        raise ClusternetError(f"resolution must be a positive number, got {resolution!r}")
    generator = as_rng(rng)  # checked before any work, even when Leiden is not run
    if g.directed:  # contacts in either direction: a new matrix the size of the graph
        M = kernels.either_direction(g.adjacency, directed=True, weighted=True)
    else:  # read, not copied; without weights each tie counts 1 (no array of ones)
        M = g.adjacency
    codes, labels, how = _module_codes(g, modules, M, missing, generator, float(resolution),
                                       weight)
    P, z = participation_from_csr(M.indptr, M.indices, M.data, codes, binary=not weight)
    role = _roles(P, z)
    module = pd.Series(pd.Categorical.from_codes(np.where(codes >= 0, codes, -1),
                                                 categories=labels))
    params = {"modules": how, "weight": bool(weight), "missing": missing,
              "directed": g.directed}
    if how == "leiden":
        params.update({"rng": rng if isinstance(rng, (numbers.Integral, type(None)))
                       else type(rng).__name__, "resolution": float(resolution)})
    return labelled_frame(
        g, None,
        {"module": module.to_numpy(), "participation": P, "within_module_z": z,
         "role": pd.Categorical(role, categories=list(ROLE_NAMES))},
        "participation", params,
    )


def _module_codes(g: CollaborationGraph, modules: Any, M, missing: str,
                  rng: np.random.Generator, resolution: float, weight: bool):
    if isinstance(modules, str) and modules == "leiden":
        membership = _leiden(M, rng, resolution, weight)
        # number modules in order of their first actor
        codes, uniques = pd.factorize(membership)
        return codes.astype(np.int64), list(range(len(uniques))), "leiden"
    if isinstance(modules, str):
        codes, groups = group_codes(g, modules, missing=missing)
        return codes, list(groups), modules
    if isinstance(modules, (Mapping, pd.Series)):
        values = mapped_values(g, modules, "modules")
        tmp = g.with_attributes(pd.DataFrame({"__module__": values}, index=g.actor_ids))
        codes, groups = group_codes(tmp, "__module__", missing=missing)
        return codes, list(groups), "mapping"
    raise ClusternetError(
        "modules must be an actor attribute name, a mapping actor -> module, or 'leiden'; "
        f"got {type(modules).__name__}"
    )


def _leiden(M, rng: np.random.Generator, resolution: float, weight: bool) -> np.ndarray:
    import igraph as ig

    n = M.shape[0]
    src, dst, w = upper_entries(M, directed=False)
    G = ig.Graph(n=n, edges=np.column_stack([src, dst]).tolist(), directed=False)
    seed = int(rng.integers(2**63 - 1))
    ig.set_random_number_generator(random.Random(seed))
    try:
        part = G.community_leiden(objective_function="modularity",
                                  weights=w.tolist() if weight else None,
                                  resolution=resolution, n_iterations=-1)
    finally:
        ig.set_random_number_generator(random)
    return np.asarray(part.membership, dtype=np.int64)


def _roles(P: np.ndarray, z: np.ndarray) -> np.ndarray:
    hub = np.nan_to_num(z, nan=-np.inf) >= 2.5
    role = np.full(len(P), None, dtype=object)
    defined = ~np.isnan(P)
    non = defined & ~hub
    role[non & (P <= 0.05)] = "R1"
    role[non & (P > 0.05) & (P <= 0.62)] = "R2"
    role[non & (P > 0.62) & (P <= 0.80)] = "R3"
    role[non & (P > 0.80)] = "R4"
    h = defined & hub
    role[h & (P <= 0.30)] = "R5"
    role[h & (P > 0.30) & (P <= 0.75)] = "R6"
    role[h & (P > 0.75)] = "R7"
    return role
