r"""The backbone of a projected collaboration network: the ties whose
co-occurrence count is more (or, signed, less) than the actors' and events'
degrees explain."""

from __future__ import annotations

import numbers
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._convert import as_graph
from .._kernels import backbone as _kb
from .._kernels import nulls as _knulls
from .._kernels.adjacency import pairs_to_csr
from .._results import label
from .._validation import check_bool, check_choice, seed_sequence
from ..errors import ClusternetError, ClusternetWarning
from ..graph import CollaborationGraph
from ._permutation import _child, _Job, _n_jobs, _positive_int, _run

__all__ = ["Backbone", "backbone", "MODELS", "CORRECTIONS"]

#: Values of ``model=``.
MODELS = ("sdsm", "fdsm")

#: Values of ``correction=``.
CORRECTIONS = _kb.CORRECTIONS

_MODEL_NAMES = {
    "sdsm": "stochastic degree sequence model (SDSM) with bipartite configuration model "
            "(BiCM) probabilities",
    "fdsm": "fixed degree sequence model (FDSM) by curveball sampling",
}
_CORRECTION_NAMES = {"holm": "Holm's (1979) step-down correction",
                     "bh": "the Benjamini-Hochberg (1995) false discovery rate procedure"}


@dataclass(frozen=True, eq=False, repr=False)
class Backbone:
    """The backbone of a projected affiliation network (:func:`backbone`).

    Attributes
    ----------
    ties : pandas.DataFrame
        One row per tested pair (every pair of actors that share at least
        one event), in actor order: ``source``, ``target``, ``weight`` (the
        number of shared events), ``p_value`` (upper tail,
        :math:`P(X \\ge w)` under the null), ``p_adjusted`` (after the
        correction), and with ``signed=True`` also ``p_lower``
        (:math:`P(X \\le w)`), ``p_lower_adjusted`` and ``sign`` (+1
        over-represented, -1 under-represented, 0 neither); ``significant``
        (bool).
    graph : CollaborationGraph
        The significant (over-represented) ties, weighted by their number of
        shared events, on the same actors table (isolates kept, same order),
        undirected; no incidence (it is not the projection of one).
    model : str
        ``"sdsm"`` or ``"fdsm"``.
    alpha : float
    correction : str
    signed : bool
    n : int or None
        FDSM draws (None for SDSM).
    seed : int or None
        FDSM: pass it as ``rng=`` to reproduce the draws.
    n_tested : int
        Number of pairs tested (twice as many p-values when signed).
    method : str
        A methods paragraph: the model, the test, the correction, the
        counts.
    """

    ties: pd.DataFrame
    graph: CollaborationGraph
    model: str
    alpha: float
    correction: str
    signed: bool
    n: int | None
    seed: int | None
    n_tested: int
    method: str

    @property
    def params(self) -> dict[str, Any]:
        """The options of the call (the provenance written on :meth:`to_frame`)."""
        return {"model": self.model, "alpha": self.alpha, "correction": self.correction,
                "signed": self.signed, "n": self.n, "seed": self.seed}

    def to_frame(self) -> pd.DataFrame:
        """The tie table (a copy) with its provenance in
        ``attrs["clusternet"]``.

        Examples
        --------
        >>> import clusternet as cn
        >>> g = cn.from_affiliations(cn.datasets.davis_southern_women())
        >>> bb = cn.inference.backbone(g, correction="bh", alpha=0.2)
        >>> df = bb.to_frame()
        >>> df.attrs["clusternet"]["measure"], df.attrs["clusternet"]["params"]["model"]
        ('backbone', 'sdsm')
        """
        return label(self.ties.copy(), "backbone", self.params)

    def __repr__(self) -> str:
        kept = int(self.ties["significant"].sum())
        return (f"<Backbone ({self.model}, {self.correction}, alpha={self.alpha}): {kept} of "
                f"{self.n_tested} pairs significant; .ties, .graph>")


def backbone(
    g: Any,
    *,
    model: str = "sdsm",
    alpha: float = 0.05,
    correction: str = "holm",
    signed: bool = False,
    n: int = 1000,
    rng: Any = None,
    n_jobs: int = 1,
    progress: bool | None = None,
) -> Backbone:
    r"""The backbone of a projected affiliation network: the ties whose
    number of shared events is significantly more than the actors' and the
    events' degrees explain.

    A projection makes every team a clique, so two actors of large teams
    or of many events share events by chance alone. For each pair of
    actors :math:`i, j` that share :math:`w_{ij} \ge 1` events, the
    observed count is compared with its distribution under a null model
    that keeps the degrees of the actor x event incidence :math:`B`
    (Neal 2014), and the ties significant after a multiple-testing
    correction form the backbone.

    Affiliation graphs only (built with :func:`~clusternet.from_affiliations`);
    participation weights are ignored (an actor takes part in an event or
    not), whatever the graph's ``projection``.

    Parameters
    ----------
    g : CollaborationGraph
        An affiliation graph.
    model : {"sdsm", "fdsm"}
        ``"sdsm"``: the stochastic degree sequence model, analytic (Notes);
        ``"fdsm"``: the fixed degree sequence model, by ``n`` curveball
        draws of the incidence.
    alpha : float, default 0.05
        Significance level, in (0, 1), after the correction.
    correction : {"holm", "bh"}
        Holm's family-wise error correction or the Benjamini-Hochberg false
        discovery rate, over the tested pairs (over both tails of every
        pair when ``signed``).
    signed : bool, default False
        Also test the lower tail: ties significantly weaker than expected
        get ``sign = -1`` in :attr:`Backbone.ties`.
    n : int, default 1000
        FDSM: the number of null draws (ignored by SDSM).
    rng : None, int or numpy.random.Generator
        FDSM: the seed (an int >= 0); the one used is stored in the result.
        Checked, then unused, by SDSM.
    n_jobs : int, default 1
        FDSM: worker processes (``-1``: one per CPU); the draws and the
        p-values do not depend on it.
    progress : bool, optional
        FDSM: a tqdm progress bar; default when stderr is a terminal.

    Returns
    -------
    Backbone
        ``.ties`` (every tested pair with its p-values), ``.graph`` (the
        backbone as a :class:`~clusternet.CollaborationGraph`),
        ``.to_frame()``, ``.method``.

    Raises
    ------
    ClusternetError
        ``g`` is not an affiliation graph; an unknown ``model`` or
        ``correction``; ``alpha`` outside (0, 1); ``signed`` not a bool;
        ``n < 1``; a bad seed or ``n_jobs``.

    Warns
    -----
    ClusternetWarning
        SDSM: the BiCM fit did not reach its tolerance (a degree sequence
        that fixes some entries of :math:`B`).

    See Also
    --------
    clusternet.nulls.curveball : one FDSM draw, re-projected.
    clusternet.inference.test : a statistic against a null model.

    Notes
    -----
    **SDSM.** The incidence is replaced by independent Bernoulli entries
    with the maximum-entropy probabilities that keep both degree sequences
    on average, the bipartite configuration model (BiCM; Saracco et al.
    2015):

    .. math:: p_{ie} = \frac{x_i y_e}{1 + x_i y_e}, \qquad
              \sum_e p_{ie} = k_i, \quad \sum_i p_{ie} = s_e,

    solved by Newton's method on the distinct degrees to an error below
    :math:`10^{-10}` on every expected degree. The co-occurrence
    :math:`X_{ij} = \sum_e B_{ie} B_{je}` is then Poisson-binomial with
    success probabilities :math:`p_{ie} p_{je}` (Saracco et al. 2017), and
    :math:`p_{ij} = P(X_{ij} \ge w_{ij})` is computed **exactly** (not by a
    normal approximation): events of the same size have the same
    probability, so :math:`X` is a sum of binomials, convolved up to
    :math:`w` with the mass beyond carried separately -- all terms
    positive, so even p-values of :math:`10^{-300}` keep their relative
    precision. Pairs with the same two degrees share one computation.

    **FDSM.** Each of the ``n`` draws is an incidence with exactly the
    observed degrees, from ``10 * n_actors`` curveball trades (Strona et
    al. 2014) started from the observed one, as
    :func:`clusternet.nulls.curveball` draws it with the same child seed;
    :math:`p_{ij} = (1 + \#\{X^*_{ij} \ge w_{ij}\}) / (n + 1)` (never 0).
    Draw ``r`` uses the generator of ``SeedSequence(seed).spawn(n)[r]``,
    so the p-values are the same whatever ``n_jobs``. The smallest p-value
    is :math:`1/(n+1)`: with Holm over :math:`m` pairs nothing is
    significant unless :math:`n + 1 > m / \alpha`; use SDSM or ``"bh"``
    for large networks.

    **Testing.** Only pairs that share an event are tested (the ties of the
    projection); with ``signed=True`` both tails of each, and the
    correction runs over the :math:`2m` one-sided p-values, so a pair is
    +1 when its adjusted upper p-value is at most ``alpha``, -1 when its
    adjusted lower one is. Pairs that never co-occur are not tested (R
    ``backbone`` tests them in its signed backbones). In a sparse
    projection most pairs of low-degree actors have a tiny chance of
    sharing even one event, so their single shared event is already
    significant: Benjamini-Hochberg then keeps most ties (71% of CORDIS
    H2020's), Holm far fewer (1.3%); read the backbone with the
    correction in mind.

    References
    ----------
    .. [1] Neal, Z. (2014). The backbone of bipartite projections:
       inferring relationships from co-authorship, co-sponsorship,
       co-attendance and other co-behaviors. *Social Networks* 39, 84-97.
       https://doi.org/10.1016/j.socnet.2014.06.001
    .. [2] Saracco, F., Di Clemente, R., Gabrielli, A. & Squartini, T.
       (2015). Randomizing bipartite networks: the case of the World Trade
       Web. *Scientific Reports* 5, 10595. https://doi.org/10.1038/srep10595
    .. [3] Saracco, F., Straka, M. J., Di Clemente, R., Gabrielli, A.,
       Caldarelli, G. & Squartini, T. (2017). Inferring monopartite
       projections of bipartite networks: an entropy-based approach. *New
       Journal of Physics* 19, 053022. https://doi.org/10.1088/1367-2630/aa6b38
    .. [4] Zweig, K. A. & Kaufmann, M. (2011). A systematic approach to the
       one-mode projection of bipartite graphs. *Social Network Analysis
       and Mining* 1, 187-218. https://doi.org/10.1007/s13278-011-0021-0
    .. [5] Strona, G., Nappo, D., Boccacci, F., Fattorini, S. &
       San-Miguel-Ayanz, J. (2014). A fast and unbiased procedure to
       randomize ecological binary matrices with fixed row and column
       totals. *Nature Communications* 5, 4114.
       https://doi.org/10.1038/ncomms5114
    .. [6] Holm, S. (1979). A simple sequentially rejective multiple test
       procedure. *Scandinavian Journal of Statistics* 6(2), 65-70.
    .. [7] Benjamini, Y. & Hochberg, Y. (1995). Controlling the false
       discovery rate: a practical and powerful approach to multiple
       testing. *Journal of the Royal Statistical Society B* 57(1),
       289-300. https://doi.org/10.1111/j.2517-6161.1995.tb02031.x

    Examples
    --------
    Which of the Southern Women's co-attendances are more than their
    attendance and the events' sizes explain?

    >>> import clusternet as cn
    >>> g = cn.from_affiliations(cn.datasets.davis_southern_women())
    >>> bb = cn.inference.backbone(g, alpha=0.2, correction="bh")
    >>> bb.n_tested == g.n_ties
    True
    >>> bb.ties.columns.tolist()
    ['source', 'target', 'weight', 'p_value', 'p_adjusted', 'significant']
    >>> bb.graph.n_actors == g.n_actors
    True
    >>> fd = cn.inference.backbone(g, model="fdsm", n=99, rng=1)
    >>> float(fd.ties["p_value"].min()) >= 1 / 100
    True
    """
    g = as_graph(g)
    B = g.incidence
    if B is None:
        raise ClusternetError(
            "backbone needs an affiliation graph (built with cn.from_affiliations): it tests "
            "co-occurrence counts against the actor x event incidence, which this graph does "
            "not have. Build the graph from the table of who took part in what."
        )
    check_choice(model, MODELS, "model")
    check_choice(correction, CORRECTIONS, "correction")
    if (isinstance(alpha, (bool, np.bool_)) or not isinstance(alpha, numbers.Real)
            or not 0.0 < float(alpha) < 1.0):
        raise ClusternetError(f"alpha must be a number in (0, 1), got {alpha!r}; e.g. alpha=0.05")
    alpha = float(alpha)
    signed = check_bool(signed, "signed")
    n = _positive_int(n, "n")
    n_jobs = _n_jobs(n_jobs)
    root, seed = seed_sequence(rng)

    # The 0/1 pattern of the incidence (participation weights ignored).
    P = sp.csr_array(B, copy=True)
    P.eliminate_zeros()
    P.sort_indices()
    indptr = P.indptr.astype(np.int64)
    indices = P.indices.astype(np.int64)
    n_actors, n_events = P.shape
    i, j, w = _kb.cooccurring_pairs(indptr, indices, n_events)
    m = len(w)

    if model == "sdsm":
        up, lo = _sdsm(indptr, indices, n_events, i, j, w, signed)
        n_used, seed_used = None, None
    else:
        up, lo = _fdsm(indptr, indices, n_events, i, j, w, signed, n=n, root=root,
                       n_jobs=n_jobs, progress=progress)
        n_used, seed_used = n, seed

    ids = g.actor_ids
    ties = pd.DataFrame({"source": ids.take(i), "target": ids.take(j), "weight": w,
                         "p_value": up})
    if signed:
        adj = _kb.adjust(np.concatenate([up, lo]), correction)
        ties["p_lower"] = lo
        ties["p_adjusted"] = adj[:m]
        ties["p_lower_adjusted"] = adj[m:]
        sign = np.where(adj[:m] <= alpha, 1, np.where(adj[m:] <= alpha, -1, 0))
        ties["sign"] = sign.astype(np.int64)
        keep = sign == 1
        ties["significant"] = sign != 0
    else:
        adj = _kb.adjust(up, correction)
        ties["p_adjusted"] = adj
        keep = adj <= alpha
        ties["significant"] = keep

    A = pairs_to_csr(i[keep], j[keep], w[keep].astype(np.float64), n_actors, directed=False)
    meta = {"source": "backbone", "model": model, "alpha": alpha, "correction": correction}
    graph = CollaborationGraph(g.actors, A, directed=False, meta=meta)
    method = _method(model, correction, alpha, signed, n_used, seed_used, m, ties, n_actors,
                     n_events)
    return Backbone(ties=ties, graph=graph, model=model, alpha=alpha, correction=correction,
                    signed=signed, n=n_used, seed=seed_used, n_tested=m, method=method)


# ----------------------------------------------------------------- models
def _sdsm(indptr, indices, n_events, i, j, w, signed):
    k = np.diff(indptr)
    s = np.bincount(indices, minlength=n_events)
    ku, su, P, error = _kb.bicm(k, s, tol=1e-10)
    if error > 1e-8:
        warnings.warn(
            f"the BiCM fit stopped with an expected degree {error:.3g} away from the observed "
            "one (the degree sequences fix some entries of the incidence); the SDSM p-values "
            "are those of the nearest fit",
            ClusternetWarning,
            stacklevel=3,
        )
    sn = np.bincount(np.searchsorted(su, s), minlength=len(su))
    a = np.searchsorted(ku, k[i])
    b = np.searchsorted(ku, k[j])
    lo_, hi_ = np.minimum(a, b), np.maximum(a, b)
    # One computation per (degree class, degree class, weight).
    key = np.stack([lo_, hi_, w], axis=1)
    uniq, inv = np.unique(key, axis=0, return_inverse=True)
    inv = inv.reshape(-1)
    pi = P[uniq[:, 0]] * P[uniq[:, 1]]
    up, lo = _kb.poisson_binomial_tails(pi, sn, uniq[:, 2], lower=signed)
    return up[inv], (lo[inv] if signed else None)


class _FDSMJob(_Job):
    """Replicate ``r`` (a "draw" of the machinery is a block of replicates):
    a curveball draw of the incidence with the child seed ``r``, then the
    co-occurrence of every tested pair, counted against the observed one."""

    def __init__(self, indptr, indices, n_events, keys, w, signed, root, n_trades, bounds):
        self.indptr, self.indices, self.n_events = indptr, indices, n_events
        self.data = np.ones(len(indices))
        self.keys, self.w, self.signed = keys, w, signed
        self.root, self.n_trades, self.bounds = root, n_trades, bounds
        self.width = len(w) * (2 if signed else 1)

    def draw(self, block: int) -> np.ndarray:
        ge = np.zeros(len(self.w))
        le = np.zeros(len(self.w)) if self.signed else None
        for r in range(self.bounds[block], self.bounds[block + 1]):
            ip, ix, _ = _knulls.curveball(self.indptr, self.indices, self.data, self.n_events,
                                          self.n_trades, _child(self.root, r))
            x = _kb.cooccurrence(ip, ix, self.n_events, self.keys)
            ge += x >= self.w
            if le is not None:
                le += x <= self.w
        return ge if le is None else np.concatenate([ge, le])


def _fdsm(indptr, indices, n_events, i, j, w, signed, *, n, root, n_jobs, progress):
    n_actors = len(indptr) - 1
    keys = i * n_actors + j
    n_blocks = min(n, max(20, 4 * n_jobs))
    bounds = np.linspace(0, n, n_blocks + 1).round().astype(np.int64)
    job = _FDSMJob(indptr, indices, n_events, keys, w, signed, root, 10 * n_actors, bounds)
    # The machinery of cn.inference.test runs blocks of draws (each block
    # returns its counts, not its draws, so memory stays O(pairs)); its bar
    # counts blocks.
    desc = f"backbone: {n} fdsm draws, block"
    counts = _run(job, n_blocks, n_jobs, progress, desc).sum(axis=0)
    m = len(w)
    up = (1.0 + counts[:m]) / (n + 1.0)
    lo = (1.0 + counts[m:]) / (n + 1.0) if signed else None
    return up, lo


def _method(model, correction, alpha, signed, n, seed, m, ties, n_actors, n_events) -> str:
    kept = int((ties["sign"] == 1).sum()) if signed else int(ties["significant"].sum())
    text = (
        f"The backbone of the projection of {n_actors} actors onto {n_events} events was "
        f"extracted with the {_MODEL_NAMES[model]} (Neal 2014"
        + ("; Saracco et al. 2015, 2017" if model == "sdsm" else "; Strona et al. 2014")
        + f"). Each of the {m} pairs of actors that share at least one event was tested for "
        + ("a number of shared events larger or smaller than expected (both tails)"
           if signed else "a number of shared events larger than expected (upper tail)")
        + (", with exact Poisson-binomial p-values" if model == "sdsm" else
           f", with p-values (1 + #draws at least as extreme) / (n + 1) from n = {n} draws "
           f"(seed {seed})")
        + f"; {_CORRECTION_NAMES[correction]} was applied at alpha = {alpha}"
        + (" over both tails" if signed else "")
        + f". {kept} ties ({100.0 * kept / m if m else 0.0:.1f}%) are significantly "
        "over-represented"
    )
    if signed:
        text += f" and {int((ties['sign'] == -1).sum())} under-represented"
    return text + "."
