"""Disparity between categories derived from their co-occurrence."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._convert import as_graph
from .._kernels import diversity as kern
from .._registry import measure
from .._results import group_codes, label
from .._validation import check_bool, check_choice, check_missing
from ..convergence._hybrid import participation_codes
from ..errors import ClusternetError, ClusternetWarning
from ._graph import SOURCES, _event_attributes, binary, event_codes, source_of

__all__ = ["disparity_from_cooccurrence"]


@measure(
    family="diversity",
    levels={"group": "DataFrame"},
    references=("stirling2007",),
    summary="disparity of two groups: 1 - cosine of their co-occurrence profiles",
    checks={"weight": check_bool, "missing": check_missing},
    method=lambda ctx: (
        "The disparity d_ij of two groups is 1 - the cosine similarity of their "
        "co-occurrence profiles (how often their actors "
        + ("share events" if ctx.get("incidence") else "are tied")
        + "), computed from these data [stirling2007]."),
)
def disparity_from_cooccurrence(g, attribute: str, *, weight: bool = False,
                                source: str = "auto", missing: str = "error") -> pd.DataFrame:
    r"""Disparity between categories: one minus the cosine similarity of their
    co-occurrence profiles.

    Supported graphs: affiliation graphs (co-occurrence in teams, or in
    actors' portfolios for an event attribute) and any other graph
    (co-occurrence along ties; directed ties count in both directions).

    Parameters
    ----------
    g : CollaborationGraph, networkx.Graph or igraph.Graph
    attribute : str
        A categorical actor attribute, or (affiliation graphs) an event
        attribute or a participation attribute (``participation_attributes=``
        of :func:`~clusternet.from_affiliations`): then each participation
        counts with its own value (an author's sector on that paper), as in
        :func:`~clusternet.convergence.hybrid_events` and :func:`events`,
        not with the actor's most frequent value.
    weight : bool, default False
        Count pairs once (False) or by the product of participation weights
        / by tie weight (True).
    source : {"auto", "actor", "event"}
        Where ``attribute`` is read, as in :func:`portfolio`; a
        participation attribute is read with ``"auto"`` or ``"actor"``.
    missing : {"error", "drop", "own-group"}
        Actors (events, participations) with no value: an error; left out;
        or each a category of its own.

    Returns
    -------
    DataFrame
        Categories x categories (index and columns named ``attribute``), in
        the order of ``group_codes``: symmetric, zero diagonal, in [0, 1].
        Rows and columns of a category that co-occurs with nothing are NaN
        off the diagonal (with a warning): its disparity is undefined, and
        :func:`rao_stirling` refuses it until it is filled.

    Raises
    ------
    ClusternetError
        Unknown attribute; missing values with ``missing="error"``.

    Warns
    -----
    ClusternetWarning
        Categories with an empty co-occurrence profile.

    See Also
    --------
    rao_stirling, true_diversity, leinster_cobbold : where a disparity enters.

    Notes
    -----
    Co-occurrence counts :math:`C_{xy}` are numbers of **ordered pairs of
    distinct** units, one in category :math:`x` and one in :math:`y`, that
    occur together (so a pair within a category adds 2 to :math:`C_{xx}`):

    - affiliation graph, actor attribute: pairs of co-members of an event,
      summed over events, :math:`C = H^\top B B^\top H - \mathrm{diag}(\cdot)`
      with the self-pairs removed (:math:`H` one-hot, :math:`B` incidence);
    - affiliation graph, participation attribute: pairs of co-members of
      an event, each with the value of its own participation in that event,
      summed over events: the same with :math:`B` replaced by the
      participations x events matrix :math:`P` (one row per participation,
      its weight in its event's column) and :math:`H` the one-hot values of
      the participations;
    - affiliation graph, event attribute: pairs of events of one actor,
      summed over actors, the same with the roles of actors and events
      swapped;
    - other graphs: tie ends, :math:`C = H^\top (A + A^\top) H` when directed,
      :math:`H^\top A H` when undirected (each tie gives :math:`C_{xy}` and
      :math:`C_{yx}`).

    Each category's profile is its row of :math:`C` (the diagonal
    included), and

    .. math:: d_{xy} = 1 - \frac{\sum_z C_{xz} C_{yz}}
                               {\lVert C_{x\cdot} \rVert \, \lVert C_{y\cdot} \rVert}

    as in the cosine of citation profiles of Rafols & Meyer (2010). This is a
    second-order similarity: two categories are close when they co-occur
    with the *same* categories, not merely with each other.

    References
    ----------
    .. [1] Rafols, I., & Meyer, M. (2010). Diversity and network coherence as
       indicators of interdisciplinarity: case studies in bionanoscience.
       Scientometrics 82(2), 263-287. https://doi.org/10.1007/s11192-009-0041-y
    .. [2] Stirling, A. (2007). A general framework for analysing diversity
       in science, technology and society. Journal of the Royal Society
       Interface 4(15), 707-719. https://doi.org/10.1098/rsif.2007.0213

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> t = pd.DataFrame({"actor": ["ann", "bob", "cy", "bob", "dee"],
    ...                   "event": ["film", "film", "film", "play", "play"]})
    >>> who = pd.DataFrame({"domain": ["art", "tech", "art", "finance"]},
    ...                    index=["ann", "bob", "cy", "dee"])
    >>> g = cn.from_affiliations(t, actors=who)
    >>> cn.diversity.disparity_from_cooccurrence(g, "domain").round(3)
    domain     art  finance   tech
    domain
    art      0.000    0.293  0.368
    finance  0.293    0.000  1.000
    tech     0.368    1.000  0.000

    Tech and finance meet (in the play) yet are at distance 1: finance
    co-occurs only with tech and tech never with tech, so their profiles
    do not overlap.
    """
    g = as_graph(g)
    if g.incidence is not None:
        B = g.incidence if weight else binary(g.incidence)
        where = _source(g, attribute, source)
        if where == "participation":
            P, codes, groups = participation_codes(g, B, attribute, missing)
            C = _pair_counts(P, codes, len(groups))
        elif where == "event":
            codes, groups = event_codes(g, attribute, missing)
            C = _pair_counts(sp.csr_array(B.T), codes, len(groups))
        else:
            codes, groups = group_codes(g, attribute, missing=missing)
            C = _pair_counts(B, codes, len(groups))
    else:
        if source == "event":
            raise ClusternetError(
                "source='event' needs an affiliation graph (built with cn.from_affiliations)"
            )
        check_choice(source, SOURCES, "source")
        codes, groups = group_codes(g, attribute, missing=missing)
        A = g.adjacency if weight else binary(g.adjacency)
        if g.directed:
            A = A + A.T
        H = kern.one_hot(codes, len(groups))
        C = np.asarray((H.T @ A @ H).toarray(), dtype=np.float64)
    d = _cosine_disparity(C)
    empty = np.flatnonzero(~np.isfinite(np.diag(d)) | (np.abs(C).sum(axis=1) == 0))
    if len(empty):
        warnings.warn(
            f"{len(empty)} categor{'y' if len(empty) == 1 else 'ies'} of {attribute!r} "
            f"(e.g. {list(groups[empty][:5])!r}) co-occur{'s' if len(empty) == 1 else ''} "
            "with nothing; the disparity is "
            "NaN (undefined): fill it, e.g. with .fillna(1), before using it",
            ClusternetWarning,
            stacklevel=2,
        )
    np.fill_diagonal(d, 0.0)
    labels = pd.Index(groups, name=attribute)
    out = pd.DataFrame(d, index=labels, columns=labels.copy())
    return label(out, "diversity.disparity_from_cooccurrence",
                 {"attribute": attribute, "weight": weight, "missing": missing,
                  "source": "ties" if g.incidence is None else where})


def _source(g, attribute: str, source: str) -> str:
    """Where ``attribute`` is read on an affiliation graph: ``"participation"``
    for a participation attribute (with ``source`` "auto" or "actor"), else
    as :func:`source_of` says."""
    if source == "event" or attribute not in g.participation_attributes:
        return source_of(g, attribute, source)
    check_choice(source, SOURCES, "source")
    if source == "auto" and attribute in _event_attributes(g):
        raise ClusternetError(
            f"{attribute!r} is both a participation and an event attribute; say which with "
            "source='actor' (each participation's value) or source='event'"
        )
    return "participation"


def _pair_counts(B: sp.csr_array, codes: np.ndarray, k: int) -> np.ndarray:
    """``C = H^T B B^T H`` less the self-pairs: ordered pairs of distinct rows of
    ``B`` (with categories ``codes``) sharing a column."""
    T = sp.csr_array(B.T @ kern.one_hot(codes, k))
    C = np.asarray((T.T @ T).toarray(), dtype=np.float64)
    self_pairs = np.asarray(B.multiply(B).sum(axis=1)).ravel()
    keep = codes >= 0
    C[np.diag_indices(k)] -= np.bincount(codes[keep], weights=self_pairs[keep], minlength=k)
    return np.maximum(C, 0.0)


def _cosine_disparity(C: np.ndarray) -> np.ndarray:
    norms = np.sqrt((C * C).sum(axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        N = C / norms[:, None]
    S = N @ N.T
    d = 1.0 - S
    d = (d + d.T) / 2.0
    return np.clip(d, 0.0, 1.0)
