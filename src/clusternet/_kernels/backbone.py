r"""Backbone kernels: BiCM fit, Poisson-binomial tails, co-occurrence counts,
multiple-testing corrections. Pure functions of numpy arrays, no pandas.

- :func:`bicm` -- the bipartite configuration model (Saracco et al. 2015):
  the maximum-entropy probabilities :math:`p_{ie} = x_i y_e / (1 + x_i y_e)`
  whose expected row and column sums equal the observed degrees, solved by
  Newton's method on the distinct degrees (rows, or columns, with the same
  degree have the same parameter);
- :func:`poisson_binomial_tails` -- :math:`P(X \ge w)` (and
  :math:`P(X \le w)`) for :math:`X = \sum_c \mathrm{Bin}(n_c, \pi_c)`, a
  Poisson-binomial variable whose success probabilities come in classes,
  computed exactly (a truncated convolution of positive terms, no
  cancellation);
- :func:`cooccurrence` -- the number of columns two rows share, for given
  pairs of rows of a CSR pattern;
- :func:`adjust` -- Holm (1979) and Benjamini-Hochberg (1995) adjusted
  p-values.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.special import bdtrc, expit, gammaln, xlog1py, xlogy

__all__ = ["bicm", "poisson_binomial_tails", "cooccurring_pairs", "cooccurrence", "adjust",
           "CORRECTIONS"]

#: Values of ``method`` of :func:`adjust`.
CORRECTIONS = ("holm", "bh")


# ---------------------------------------------------------------------- BiCM
def bicm(
    row_degrees: np.ndarray,
    col_degrees: np.ndarray,
    *,
    tol: float = 1e-10,
    max_iter: int = 200,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    r"""Fit the bipartite configuration model to two degree sequences.

    Finds :math:`x_a, y_b \ge 0` (:math:`\infty` allowed) such that
    :math:`p_{ab} = x_a y_b / (1 + x_a y_b)` has row sums equal to the row
    degrees and column sums equal to the column degrees. Rows (columns)
    with the same degree have the same parameter, so the system is solved
    on the distinct degrees only, weighted by their counts. Rows of degree
    0 get :math:`p = 0`, rows of full degree :math:`p = 1` (the same for
    columns), repeated until no such row or column is left; the rest is
    solved by Newton's method in :math:`\log x, \log y` with a backtracking
    line search, until the largest error of an expected degree is below
    ``tol``.

    Parameters
    ----------
    row_degrees, col_degrees : ndarray of int
        Degree sequences of a 0/1 matrix (they must sum to the same total).
    tol : float
        Largest allowed absolute error of an expected degree.
    max_iter : int
        Newton steps at most.

    Returns
    -------
    (row_values, col_values, P, error)
        ``row_values`` (the distinct row degrees, sorted), ``col_values``
        (the distinct column degrees), ``P[a, b]`` the probability of an
        entry in a row of degree ``row_values[a]`` and a column of degree
        ``col_values[b]``, and the largest absolute error of an expected
        degree reached (``<= tol`` when converged).
    """
    k = np.asarray(row_degrees, dtype=np.int64)
    s = np.asarray(col_degrees, dtype=np.int64)
    ku, kn = np.unique(k, return_counts=True)
    su, sn = np.unique(s, return_counts=True)
    R, C = len(ku), len(su)
    P = np.zeros((R, C))
    # Saturated classes: 0 = free, -1 = p 0, +1 = p 1 with the classes still
    # free when it was marked (``*_step``: the pass that marked it).
    rs = np.zeros(R, dtype=np.int64)
    cs = np.zeros(C, dtype=np.int64)
    r_step = np.full(R, np.iinfo(np.int64).max)
    c_step = np.full(C, np.iinfo(np.int64).max)
    step = 0
    while True:
        full_c = int(sn[cs == 1].sum())
        full_r = int(kn[rs == 1].sum())
        free_c = int(sn[cs == 0].sum())
        free_r = int(kn[rs == 0].sum())
        kr = ku - full_c  # what a free row still needs from the free columns
        sr = su - full_r
        new_rs = np.where(rs != 0, rs, np.where(kr <= 0, -1, np.where(kr >= free_c, 1, 0)))
        new_cs = np.where(cs != 0, cs, np.where(sr <= 0, -1, np.where(sr >= free_r, 1, 0)))
        if np.array_equal(new_rs, rs) and np.array_equal(new_cs, cs):
            break
        r_step[(new_rs != 0) & (rs == 0)] = step
        c_step[(new_cs != 0) & (cs == 0)] = step
        rs, cs = new_rs, new_cs
        step += 1
    # A full row has 1 in every column still free (or full) when it was
    # marked, i.e. every column but those marked empty before it; and so on.
    P[rs == 1, :] = 1.0
    P[:, cs == 1] = 1.0
    P[np.ix_(rs == -1, cs != 1)] = 0.0
    P[np.ix_(rs != 1, cs == -1)] = 0.0
    P[np.ix_(rs == 1, cs == -1)] = r_step[rs == 1][:, None] < c_step[cs == -1][None, :]
    P[np.ix_(rs == -1, cs == 1)] = c_step[cs == 1][None, :] < r_step[rs == -1][:, None]
    fr, fc = np.flatnonzero(rs == 0), np.flatnonzero(cs == 0)
    error = 0.0
    if len(fr) and len(fc):
        kf = (ku - int(sn[cs == 1].sum()))[fr].astype(np.float64)
        sf = (su - int(kn[rs == 1].sum()))[fc].astype(np.float64)
        P[np.ix_(fr, fc)], error = _bicm_newton(kf, kn[fr].astype(np.float64), sf,
                                                sn[fc].astype(np.float64), tol, max_iter)
    return ku, su, P, error


def _bicm_newton(k, kn, s, sn, tol, max_iter):
    """Newton's method on the free classes; returns (P, error)."""
    total = float((k * kn).sum())
    u = np.log(k / np.sqrt(total))
    v = np.log(s / np.sqrt(total))
    R = len(k)
    z = np.concatenate([np.ones(R), -np.ones(len(s))])
    z /= np.linalg.norm(z)

    def residual(u, v):
        p = expit(u[:, None] + v[None, :])
        return p, np.concatenate([p @ sn - k, kn @ p - s])

    p, F = residual(u, v)
    err = float(np.abs(F).max())
    for _ in range(max_iter):
        if err <= tol:
            break
        w = p * (1.0 - p)
        N = kn[:, None] * sn[None, :] * w
        # Row equations times kn, column equations times sn: the Jacobian is
        # the signless Laplacian of the class graph, singular along z (the
        # gauge x -> c x, y -> y / c); adding z z^T makes it invertible.
        J = np.block([[np.diag(N.sum(axis=1)), N], [N.T, np.diag(N.sum(axis=0))]])
        scale = float(np.abs(J).max()) or 1.0
        rhs = -np.concatenate([kn * F[:R], sn * F[R:]])
        step = np.linalg.solve(J + scale * np.outer(z, z), rhs)
        t = 1.0
        while True:
            un, vn = u + t * step[:R], v + t * step[R:]
            pn, Fn = residual(un, vn)
            en = float(np.abs(Fn).max())
            if en < err or t < 1e-8:
                break
            t /= 2.0
        u, v, p, F, err = un, vn, pn, Fn, en
    return p, err


# ----------------------------------------------------------- Poisson-binomial
def poisson_binomial_tails(
    pi: np.ndarray, n: np.ndarray, w: np.ndarray, *, lower: bool = False
) -> tuple[np.ndarray, np.ndarray | None]:
    r"""Tails of :math:`X = \sum_c \mathrm{Bin}(n_c, \pi_{rc})` for each row ``r``.

    Parameters
    ----------
    pi : ndarray, shape (m, C)
        Success probability of each class of trials, for each of ``m``
        variables.
    n : ndarray of int, shape (C,)
        Number of trials in each class.
    w : ndarray of int, shape (m,)
        The observed values.
    lower : bool
        Also compute the lower tails.

    Returns
    -------
    (upper, lower)
        :math:`P(X_r \ge w_r)` and, with ``lower``, :math:`P(X_r \le w_r)`
        (else None).

    Notes
    -----
    Exact: with :math:`K` the next power of two above :math:`\max w`, the
    probabilities :math:`f_0..f_{K-1}` of :math:`X` and the mass
    :math:`T = P(X \ge K)` are carried through the classes one binomial at
    a time (:math:`f \leftarrow f * b` truncated, :math:`T \leftarrow T +
    \sum_a f_a P(B \ge K - a)`, the binomial tail from the regularised
    incomplete beta function). Every term is non-negative, so tails far
    below the machine epsilon keep their relative precision;
    :math:`P(X \ge w) = T + \sum_{k=w}^{K-1} f_k`. Variables are processed
    in groups of the same :math:`K`.
    """
    pi = np.asarray(pi, dtype=np.float64)
    n = np.asarray(n, dtype=np.int64)
    w = np.asarray(w, dtype=np.int64)
    m = len(w)
    up = np.empty(m)
    lo = np.empty(m) if lower else None
    need = np.maximum(w + (1 if lower else 0), 1)
    K_of = 1 << np.ceil(np.log2(need)).astype(np.int64)
    for K in np.unique(K_of):
        rows = np.flatnonzero(K_of == K)
        f, T = _truncated_pmf(pi[rows], n, int(K))
        csum = np.cumsum(f[:, ::-1], axis=1)[:, ::-1]  # sum_{k >= j} f_k, j < K
        wr = w[rows]
        up[rows] = T + np.where(wr < K, csum[np.arange(len(rows)), np.minimum(wr, K - 1)], 0.0)
        up[rows[wr <= 0]] = 1.0
        if lower:
            cdf = np.cumsum(f, axis=1)
            lo[rows] = cdf[np.arange(len(rows)), np.minimum(wr, K - 1)]
    np.clip(up, 0.0, 1.0, out=up)
    if lower:
        np.clip(lo, 0.0, 1.0, out=lo)
    return up, lo


def _truncated_pmf(pi: np.ndarray, n: np.ndarray, K: int) -> tuple[np.ndarray, np.ndarray]:
    """``f[:, k] = P(X = k)`` for ``k < K`` and ``T = P(X >= K)``."""
    m = pi.shape[0]
    f = np.zeros((m, K))
    f[:, 0] = 1.0
    T = np.zeros(m)
    j = np.arange(K, dtype=np.float64)
    for c in range(len(n)):
        nc = int(n[c])
        if nc == 0:
            continue
        p = pi[:, c]
        if not np.any(p > 0):
            continue
        pc = p[:, None]
        # Binomial probabilities b_j, j < K (0 beyond n), in logs.
        with np.errstate(divide="ignore", invalid="ignore"):
            logb = (gammaln(nc + 1.0) - gammaln(j + 1.0) - gammaln(np.maximum(nc - j, 0) + 1.0)
                    + xlogy(j, pc) + xlog1py(np.maximum(nc - j, 0), -pc))
        b = np.where(j <= nc, np.exp(logb), 0.0)
        b = np.where(np.isnan(b), 0.0, b)
        # P(B >= K - a) for a = 0..K-1
        need = (K - j)  # >= 1
        g = np.where(need <= nc, bdtrc(need - 1.0, nc, pc), 0.0)
        T = T + (f * g).sum(axis=1)
        new = np.zeros_like(f)
        for t in range(min(K, nc + 1)):
            new[:, t:] += f[:, : K - t] * b[:, t : t + 1]
        f = new
    return f, T


# -------------------------------------------------------------- co-occurrence
def cooccurring_pairs(
    indptr: np.ndarray, indices: np.ndarray, n_cols: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(i, j, w)`` for every pair of rows ``i < j`` that share ``w >= 1``
    columns of a CSR 0/1 pattern, in increasing order of ``(i, j)``: the upper
    triangle of ``B @ B.T`` (scipy's sparse product)."""
    n_rows = len(indptr) - 1
    B = sp.csr_array((np.ones(len(indices)), indices, indptr), shape=(n_rows, n_cols))
    C = sp.triu(B @ B.T, k=1, format="csr")
    C.sort_indices()
    r = np.repeat(np.arange(n_rows, dtype=np.int64), np.diff(C.indptr))
    return r, C.indices.astype(np.int64), np.rint(C.data).astype(np.int64)


def cooccurrence(
    indptr: np.ndarray,
    indices: np.ndarray,
    n_cols: int,
    keys: np.ndarray,
) -> np.ndarray:
    """Number of columns shared by rows ``i`` and ``j`` for each pair key
    ``i * n_rows + j`` (``i < j``) in ``keys`` (sorted increasing).

    With numba, a compiled loop: for each row ``i``, the rows met through
    each of its columns are counted in a scratch array and the counts of
    its pairs read off, O(sum of squared column sizes). Without numba, the
    pairs of :func:`cooccurring_pairs` searched for the keys. Both give the
    same integers (tested).
    """
    n_rows = len(indptr) - 1
    keys = np.asarray(keys, dtype=np.int64)
    k = _numba_kernel() if ENGINE != "numpy" else None
    if k is not None:
        indptr = np.asarray(indptr, dtype=np.int64)
        indices = np.asarray(indices, dtype=np.int64)
        rows = keys // n_rows
        cand_ptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=n_rows), out=cand_ptr[1:])
        # the column -> rows lists (CSC of the pattern)
        order = np.argsort(indices, kind="stable")
        col_ptr = np.zeros(n_cols + 1, dtype=np.int64)
        np.cumsum(np.bincount(indices, minlength=n_cols), out=col_ptr[1:])
        col_rows = np.repeat(np.arange(n_rows, dtype=np.int64), np.diff(indptr))[order]
        out = np.zeros(len(keys), dtype=np.int64)
        k(indptr, indices, col_ptr, col_rows, cand_ptr, keys - rows * n_rows, out)
        return out
    r, c, w = cooccurring_pairs(indptr, indices, n_cols)
    ck = r * n_rows + c
    out = np.zeros(len(keys), dtype=np.int64)
    if len(ck) == 0:
        return out
    pos = np.minimum(np.searchsorted(ck, keys), len(ck) - 1)
    hit = ck[pos] == keys
    out[hit] = w[pos[hit]]
    return out


#: Engine of :func:`cooccurrence`: ``"auto"`` (numba when importable) or
#: ``"numpy"``; tests set it.
ENGINE = "auto"
_NUMBA: object = None


def _numba_kernel():
    global _NUMBA
    if _NUMBA is None:
        try:
            import numba
        except ImportError:
            _NUMBA = False
        else:
            _NUMBA = numba.njit(cache=True, nogil=True)(_cooccurrence_loop)
    return _NUMBA or None


def _cooccurrence_loop(indptr, indices, col_ptr, col_rows, cand_ptr, cand_col, out):
    n_rows = len(indptr) - 1
    acc = np.zeros(n_rows, dtype=np.int64)
    for i in range(n_rows):
        if cand_ptr[i] == cand_ptr[i + 1]:
            continue
        for q in range(indptr[i], indptr[i + 1]):
            e = indices[q]
            for t in range(col_ptr[e], col_ptr[e + 1]):
                acc[col_rows[t]] += 1
        for p in range(cand_ptr[i], cand_ptr[i + 1]):
            out[p] = acc[cand_col[p]]
        for q in range(indptr[i], indptr[i + 1]):
            e = indices[q]
            for t in range(col_ptr[e], col_ptr[e + 1]):
                acc[col_rows[t]] = 0


# --------------------------------------------------------- multiple testing
def adjust(p: np.ndarray, method: str) -> np.ndarray:
    r"""Adjusted p-values: reject where ``adjusted <= alpha``.

    With :math:`p_{(1)} \le \dots \le p_{(m)}`:

    - ``"holm"`` (Holm 1979): :math:`\tilde p_{(k)} = \max_{j \le k}
      \min(1, (m - j + 1) p_{(j)})`;
    - ``"bh"`` (Benjamini & Hochberg 1995): :math:`\tilde p_{(k)} =
      \min_{j \ge k} \min(1, m p_{(j)} / j)`.

    The same numbers as R's ``p.adjust(p, "holm")`` and ``p.adjust(p, "BH")``.
    """
    p = np.asarray(p, dtype=np.float64)
    m = len(p)
    out = np.empty(m)
    if m == 0:
        return out
    o = np.argsort(p, kind="stable")
    ps = p[o]
    rank = np.arange(1, m + 1, dtype=np.float64)
    if method == "holm":
        adj = np.maximum.accumulate(np.minimum(1.0, (m - rank + 1.0) * ps))
    elif method == "bh":
        adj = np.minimum(1.0, np.minimum.accumulate((m * ps / rank)[::-1])[::-1])
    else:
        raise ValueError(f"unknown method {method!r}")
    out[o] = adj
    return out
