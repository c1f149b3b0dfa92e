"""Borgatti-Everett core/periphery fits on a CSR adjacency (no pandas, no graphs).

Everything is counted over *ordered* off-diagonal pairs ``(i, j)``, ``i != j``
(an undirected CSR stores each tie in both directions, so an undirected
graph counts each pair twice, which leaves every correlation unchanged), and
from sums over the stored entries only: no ``n x n`` matrix is formed.

Notation (docstrings of :func:`discrete_fit` and :func:`continuous_fit`):
``a_ij`` the tie value (1 for a tie when unweighted, 0 for no tie), ``T``
and ``Q`` the sums of ``a`` and ``a**2`` over all ordered pairs, ``d_v`` the
total (out + in) value of ``v``'s ties and ``dq_v`` that of their squares.
For a core ``C`` of ``k`` actors: ``S_cc`` (``Q_cc``) the sum of ``a``
(``a**2``) over ordered pairs inside the core, ``D_C`` (``Dq_C``) the sum of
``d`` (``dq``) over the core; the periphery's sum is then
``S_pp = T - D_C + S_cc`` (likewise for squares).
"""

from __future__ import annotations

import numpy as np
import scipy.optimize as so
import scipy.sparse as sp

__all__ = [
    "BETWEEN",
    "CoreData",
    "continuous_fit",
    "EXACT_MAX",
    "discrete_fit",
    "exact_fit",
    "discrete_r",
    "pattern_r",
    "prefix_scan",
]

#: The conventions for core-periphery pairs in the discrete ideal pattern.
BETWEEN = ("ignore", "ones")


class CoreData:
    """The sums every fit needs, computed once from a CSR adjacency.

    ``values`` (one per stored entry) replaces the weights (ones when ties
    are counted). ``directed=False`` promises a symmetric ``A`` and keeps
    each tie once in the pair lists (``rows``, ``cols``, ``data`` = the
    value of its two ordered pairs together, ``data2`` of their squares).
    """

    def __init__(self, A: sp.csr_array, values: np.ndarray | None = None, *,
                 directed: bool = True) -> None:
        A = sp.csr_array(A)
        n = A.shape[0]
        data = np.ones(A.nnz) if values is None else np.asarray(values, dtype=np.float64)
        self.n = int(n)
        self.directed = bool(directed)
        self.binary = values is None
        self.A = sp.csr_array((data, A.indices, A.indptr), shape=A.shape)
        self.At = sp.csr_array(self.A.T) if directed else self.A
        if self.binary:
            self.A2, self.A2t = self.A, self.At
        else:
            self.A2 = sp.csr_array((data * data, A.indices, A.indptr), shape=A.shape)
            self.A2t = sp.csr_array(self.A2.T) if directed else self.A2
        rows = np.repeat(np.arange(n, dtype=np.int32), np.diff(A.indptr))
        cols = A.indices.astype(np.int32, copy=False)
        if directed:
            self.rows, self.cols, self.data, self.data2 = rows, cols, data, data * data
        else:  # each tie once, counting for its two ordered pairs
            up = cols > rows
            self.rows, self.cols = rows[up], cols[up]
            self.data, self.data2 = 2.0 * data[up], 2.0 * data[up] ** 2
        self.d = self._both(self.A, self.At, np.ones(n))
        self.dq = self.d if self.binary else self._both(self.A2, self.A2t, np.ones(n))
        self.T = float(self.data.sum())
        self.Q = float(self.data2.sum())
        self.N = float(n) * float(n - 1)

    def _both(self, M, Mt, x):
        """``(M + M^T) x``, one product when undirected."""
        return M @ x + Mt @ x if self.directed else 2.0 * (M @ x)

    def to_core(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``w_C(v)`` and ``wq_C(v)``: the value (and squared value) of
        ``v``'s ties, both directions, with the core ``x`` (a 0/1 vector)."""
        x = x.astype(np.float64)
        w = self._both(self.A, self.At, x)
        return w, (w if self.binary else self._both(self.A2, self.A2t, x))

    def block(self, U: np.ndarray, V: np.ndarray, squared: bool = False) -> np.ndarray:
        """``a_uv + a_vu`` (or of squares) for ``u`` in ``U``, ``v`` in ``V``,
        as a small dense ``len(U) x len(V)`` array."""
        M, Mt = (self.A2, self.A2t) if squared else (self.A, self.At)
        return (M[U][:, V] + Mt[U][:, V]).toarray()


def discrete_r(k, s_cc, s_pp, q_cc, q_pp, n: int, T: float, Q: float, between: str):
    r"""The Pearson correlation between ``a`` and the ideal pattern, from counts.

    With ``M`` pairs compared, ``P1`` of them with pattern 1, ``S1`` the sum
    of ``a`` over those, ``S`` and ``Qs`` the sums of ``a`` and ``a**2`` over
    all ``M``:

    .. math:: r = \frac{M S_1 - P_1 S}{\sqrt{(M Q_s - S^2)\,P_1 (M - P_1)}}

    ``between="ignore"``: only core-core (pattern 1) and periphery-periphery
    (pattern 0) pairs are compared; ``"ones"``: every pair, core-periphery
    pairs with pattern 1. NaN where either variance is 0. Vectorised over
    arrays of the first five arguments.
    """
    k = np.asarray(k, dtype=np.float64)
    p_cc = k * (k - 1.0)
    p_pp = (n - k) * (n - k - 1.0)
    if between == "ignore":
        M = p_cc + p_pp
        P1 = p_cc
        S1 = np.asarray(s_cc, dtype=np.float64)
        S = S1 + s_pp
        Qs = np.asarray(q_cc, dtype=np.float64) + q_pp
    else:
        M = np.full_like(k, float(n) * (n - 1.0))
        P1 = M - p_pp
        S1 = T - np.asarray(s_pp, dtype=np.float64)
        S = np.full_like(k, T)
        Qs = np.full_like(k, Q)
    var_a = M * Qs - S * S
    var_p = P1 * (M - P1)
    den = var_a * var_p
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (M * S1 - P1 * S) / np.sqrt(den)
    # a variance that is 0 up to rounding (all values equal) is undefined
    bad = (var_a <= 1e-12 * np.maximum(M * Qs, 1.0)) | (var_p <= 0)
    return np.where(bad, np.nan, r)


def _state_r(data: CoreData, x: np.ndarray, between: str) -> tuple[float, tuple]:
    """r of the partition ``x`` (bool) and its sums ``(k, S_cc, Q_cc, D_C, Dq_C)``."""
    xf = x.astype(np.float64)
    k = float(xf.sum())
    inside = x[data.rows] & x[data.cols]
    s_cc = float(data.data[inside].sum())
    q_cc = float(data.data2[inside].sum())
    d_c = float(data.d @ xf)
    dq_c = float(data.dq @ xf)
    r = discrete_r(k, s_cc, data.T - d_c + s_cc, q_cc, data.Q - dq_c + q_cc,
                   data.n, data.T, data.Q, between)
    return float(r), (k, s_cc, q_cc, d_c, dq_c)


def prefix_scan(data: CoreData, order: np.ndarray, between: str) -> tuple[np.ndarray, float]:
    """The best core among the prefixes of ``order`` (first ``k`` actors,
    ``k = 0..n``), exactly, in ``O(m + n)`` after the ordering.

    A stored entry ``(i, j)`` lies inside the prefix core of size ``k`` when
    ``max(rank_i, rank_j) < k``, so ``S_cc(k)`` is a cumulative sum of the
    entries binned by their larger rank. Returns the core (bool) and its r
    (NaN when no prefix is defined); ties go to the smallest ``k``.
    """
    n = data.n
    rank = np.empty(n, dtype=np.int32)
    rank[order] = np.arange(n, dtype=np.int32)
    top = np.maximum(rank[data.rows], rank[data.cols])
    s_cc = np.concatenate([[0.0], np.cumsum(np.bincount(top, weights=data.data, minlength=n))])
    q_cc = s_cc if data.binary else np.concatenate(
        [[0.0], np.cumsum(np.bincount(top, weights=data.data2, minlength=n))])
    d_c = np.concatenate([[0.0], np.cumsum(data.d[order])])
    dq_c = np.concatenate([[0.0], np.cumsum(data.dq[order])])
    k = np.arange(n + 1, dtype=np.float64)
    r = discrete_r(k, s_cc, data.T - d_c + s_cc, q_cc, data.Q - dq_c + q_cc,
                   n, data.T, data.Q, between)
    x = np.zeros(n, dtype=bool)
    if np.isnan(r).all():
        return x, float("nan")
    best = int(np.nanargmax(r))
    x[order[:best]] = True
    return x, float(r[best])


def _flip_r(data: CoreData, x: np.ndarray, state: tuple, w: np.ndarray, wq: np.ndarray,
            between: str) -> np.ndarray:
    """r after moving each actor alone to the other class (vectorised)."""
    k, s_cc, q_cc, d_c, dq_c = state
    sign = np.where(x, -1.0, 1.0)
    k2 = k + sign
    s2 = s_cc + sign * w
    q2 = q_cc + sign * wq
    d2 = d_c + sign * data.d
    dq2 = dq_c + sign * data.dq
    return discrete_r(k2, s2, data.T - d2 + s2, q2, data.Q - dq2 + q2,
                      data.n, data.T, data.Q, between)


def _local_search(data: CoreData, x: np.ndarray, between: str,
                  swaps: int = 64, max_rounds: int = 100,
                  tol: float = 1e-12) -> tuple[np.ndarray, float, int, bool]:
    """Improve the partition ``x`` until no single move helps.

    Each round computes, for every actor, the exact r after moving it alone
    to the other class; it then re-sorts the actors by that preference
    (gain of being in the core) and scans the prefixes of the new order
    (:func:`prefix_scan`); when that does not improve r, it moves the
    ``b`` actors with the largest gains at once, halving ``b`` from the
    number of improving moves until r improves (``b = 1``, the best single
    move, always does). When no single move
    helps, it tries every swap of a core actor with a periphery actor among
    the ``swaps`` most willing to move on each side (all pairs when both
    classes are that small) and makes the best improving one. Stops at a
    partition that no single move and no such swap improves, or after
    ``max_rounds`` rounds. Returns the partition, its r, the rounds used
    and whether it stopped at such a local optimum.
    """
    r, state = _state_r(data, x, between)
    w, wq = data.to_core(x)
    rounds = 0

    def better(value) -> bool:
        return not np.isnan(value) and (np.isnan(r) or value > r + tol)

    while True:
        if rounds >= max_rounds:
            return x, r, rounds, False
        rounds += 1
        fr = _flip_r(data, x, state, w, wq, between)
        if not np.isnan(fr).all() and better(np.nanmax(fr)):
            gain = np.where(np.isnan(fr), -np.inf, fr)
            order = np.argsort(-np.where(x, -gain, gain), kind="stable")
            y, ry = prefix_scan(data, order, between)
            if better(ry):
                x = y
                r, state = _state_r(data, x, between)
                w, wq = data.to_core(x)
                continue
            # move the actors that gain most, all at once; halve the batch
            # until r improves (a batch of one always does)
            gain = np.where(np.isnan(fr), -np.inf, fr)
            cand = np.flatnonzero(gain > (r + tol if not np.isnan(r) else -np.inf))
            cand = cand[np.argsort(-gain[cand], kind="stable")]
            b = len(cand)
            while b >= 1:
                y = x.copy()
                y[cand[:b]] = ~y[cand[:b]]
                ry, sy = _state_r(data, y, between)
                if better(ry) or b == 1:
                    x, r, state = y, ry, sy
                    w, wq = data.to_core(x)
                    break
                b //= 2
            continue
        swap = _best_swap(data, x, state, w, wq, fr, between, swaps)
        if swap is None or not better(swap[2]):
            return x, r, rounds, True
        x = x.copy()
        x[list(swap[:2])] = ~x[list(swap[:2])]
        r, state = _state_r(data, x, between)
        w, wq = data.to_core(x)


def _best_swap(data: CoreData, x, state, w, wq, fr, between: str, swaps: int):
    """The best swap (u in the core, v outside) among the ``swaps`` actors
    most willing to move on each side: ``(u, v, r)``, or None."""
    k, s_cc, q_cc, d_c, dq_c = state
    inside, outside = np.flatnonzero(x), np.flatnonzero(~x)
    if not len(inside) or not len(outside) or swaps < 1:
        return None
    key = np.where(np.isnan(fr), -np.inf, fr)
    U = inside[np.argsort(-key[inside], kind="stable")[:swaps]]
    V = outside[np.argsort(-key[outside], kind="stable")[:swaps]]
    b = data.block(U, V)
    b2 = b if data.binary else data.block(U, V, squared=True)
    s2 = s_cc - w[U][:, None] + w[V][None, :] - b
    q2 = q_cc - wq[U][:, None] + wq[V][None, :] - b2
    d2 = d_c - data.d[U][:, None] + data.d[V][None, :]
    dq2 = dq_c - data.dq[U][:, None] + data.dq[V][None, :]
    r = discrete_r(np.full(s2.shape, k), s2, data.T - d2 + s2, q2, data.Q - dq2 + q2,
                   data.n, data.T, data.Q, between)
    if np.isnan(r).all():
        return None
    i, j = np.unravel_index(int(np.nanargmax(r)), r.shape)
    return int(U[i]), int(V[j]), float(r[i, j])


def discrete_fit(data: CoreData, rng: np.random.Generator, *, between: str = "ignore",
                 starts: int = 4, swaps: int = 64,
                 max_rounds: int = 100) -> tuple[np.ndarray, float, dict]:
    """The discrete core/periphery partition with the largest correlation found.

    Start 1 orders the actors by total tie value ``d`` (ties broken at
    random) and takes the best prefix (:func:`prefix_scan`); starts 2..
    draw a random core (each actor in it with a probability drawn
    uniformly on [0, 1]). Each start is improved by :func:`_local_search`.
    The best partition over the starts is returned (the first start wins
    ties), with its r and details.
    """
    n = data.n
    best_x, best_r, rounds, done = np.zeros(n, dtype=bool), float("nan"), [], []
    for s in range(starts):
        if s == 0:
            order = np.lexsort((rng.random(n), -data.d))
            x, r = prefix_scan(data, order, between)
        else:  # a random core of random size
            x = rng.random(n) < rng.random()
        x, r, used, ok = _local_search(data, x, between, swaps, max_rounds)
        rounds.append(used)
        done.append(ok)
        if not np.isnan(r) and (np.isnan(best_r) or r > best_r + 1e-12):
            best_x, best_r = x, r
    return best_x, best_r, {"rounds": rounds, "converged": all(done)}


def pattern_r(data: CoreData, c: np.ndarray) -> float:
    r"""Pearson correlation between ``a_ij`` and ``c_i c_j`` over ordered
    pairs ``i != j``, from ``c^T A c``, ``sum c`` , ``sum c^2`` and
    ``sum c^4``; NaN when either variance is 0."""
    r, _ = _pattern_r_grad(data, np.asarray(c, dtype=np.float64), grad=False)
    return r


def _pattern_r_grad(data: CoreData, c: np.ndarray, *, grad: bool = True):
    N, Sa = data.N, data.T
    Ac = data.A @ c
    Bc = (Ac + data.At @ c if data.directed else 2.0 * Ac) if grad else None
    s1, s2, s4 = c.sum(), c @ c, (c * c) @ (c * c)
    S_ap = float(c @ Ac)
    S_p = s1 * s1 - s2
    Q_p = s2 * s2 - s4
    D_a = N * data.Q - Sa * Sa
    D_p = N * Q_p - S_p * S_p
    num = N * S_ap - Sa * S_p
    if D_a <= 1e-12 * max(N * data.Q, 1.0) or D_p <= 1e-12 * max(N * Q_p, 1e-300):
        return float("nan"), (np.zeros_like(c) if grad else None)
    root = np.sqrt(D_a * D_p)
    r = num / root
    if not grad:
        return float(r), None
    d_num = N * Bc - Sa * (2.0 * s1 - 2.0 * c)
    d_Qp = 4.0 * s2 * c - 4.0 * c ** 3
    d_Sp = 2.0 * s1 - 2.0 * c
    d_Dp = N * d_Qp - 2.0 * S_p * d_Sp
    g = (d_num - 0.5 * num * d_Dp / D_p) / root
    return float(r), g


def continuous_fit(data: CoreData, *, maxiter: int = 200,
                   gtol: float = 1e-7) -> tuple[np.ndarray, float, dict]:
    r"""The coreness vector ``c >= 0`` maximising the Pearson correlation
    between ``a_ij`` and ``c_i c_j`` over ordered pairs ``i != j``.

    Nonlinear conjugate gradients (scipy's ``CG``) on ``-r(u * u)`` over
    ``u`` (so ``c = u**2 >= 0`` without bounds), with the analytic
    gradient (one sparse matrix-vector product per evaluation), started
    from ``c = d`` (each actor's total tie value) and rescaled to unit
    Euclidean norm at the end (``r`` does not depend on the scale).
    Returns ``c``, ``r`` and details (iterations, whether the optimiser
    reported convergence).
    """
    n = data.n
    c0 = data.d.astype(np.float64).copy()
    norm = np.linalg.norm(c0)
    if norm == 0 or n < 2 or np.isnan(pattern_r(data, c0)):
        return np.full(n, np.nan), float("nan"), {"iterations": 0, "converged": False}
    u0 = np.sqrt(c0 / norm)

    def f(u):
        c = u * u
        r, g = _pattern_r_grad(data, c)
        if np.isnan(r):
            return 1.0, np.zeros_like(u)
        return -r, -2.0 * u * g

    res = so.minimize(f, u0, jac=True, method="CG", options={"maxiter": maxiter, "gtol": gtol})
    c = np.asarray(res.x, dtype=np.float64) ** 2
    r = pattern_r(data, c)
    r0 = pattern_r(data, c0)
    if np.isnan(r) or r0 > r:
        c, r = c0, r0
    c = c / np.linalg.norm(c)
    return c, float(r), {"iterations": int(res.nit), "converged": bool(res.success)}


#: The largest graph :func:`exact_fit` enumerates (2**20 partitions).
EXACT_MAX = 20


def exact_fit(data: CoreData, *, between: str = "ignore",
              chunk: int = 1 << 14) -> tuple[np.ndarray, float]:
    """The discrete partition with the largest correlation, by enumerating
    all ``2**n`` partitions (``n <= EXACT_MAX``) from the same counts as
    :func:`discrete_r`. Ties go to the partition whose bit mask (actor ``i``
    = bit ``i``) is smallest. Returns the core (bool) and r (NaN when no
    partition is defined)."""
    n = data.n
    if n > EXACT_MAX:
        raise ValueError(f"exact_fit enumerates 2**n partitions; n={n} > {EXACT_MAX}")
    shifts = np.arange(n, dtype=np.int64)
    best_mask, best_r = 0, float("nan")
    for lo in range(0, 1 << n, chunk):
        masks = np.arange(lo, min(lo + chunk, 1 << n), dtype=np.int64)
        bits = ((masks[:, None] >> shifts) & 1).astype(bool)
        inside = bits[:, data.rows] & bits[:, data.cols]
        s_cc = inside @ data.data
        q_cc = inside @ data.data2
        bf = bits.astype(np.float64)
        d_c, dq_c, k = bf @ data.d, bf @ data.dq, bf.sum(axis=1)
        r = discrete_r(k, s_cc, data.T - d_c + s_cc, q_cc, data.Q - dq_c + q_cc,
                       n, data.T, data.Q, between)
        if np.isnan(r).all():
            continue
        i = int(np.nanargmax(r))
        if np.isnan(best_r) or r[i] > best_r + 1e-12:
            best_mask, best_r = int(masks[i]), float(r[i])
    x = ((best_mask >> shifts) & 1).astype(bool)
    return x, best_r
