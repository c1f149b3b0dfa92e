"""Array kernels of atypical combinations (Uzzi et al. 2013): category
counts per event, co-occurrence counts of category pairs, and the weighted
quantiles of each event's pair z-scores. Pure numpy/scipy."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp


def event_category_counts(indptr: np.ndarray, indices: np.ndarray, n_events: int,
                          codes: np.ndarray, n_categories: int) -> sp.csr_array:
    """``M[e, k]``: the number of members of event ``e`` in category ``k``,
    from the CSR arrays of an actors x events 0/1 pattern and each actor's
    category code (all ``>= 0``). Canonical CSR (sorted indices)."""
    rows = np.repeat(codes.astype(np.int64), np.diff(indptr))
    m = sp.coo_array((np.ones(len(indices), dtype=np.int64),
                      (np.asarray(indices, dtype=np.int64), rows)),
                     shape=(n_events, n_categories)).tocsr()
    m.sum_duplicates()
    m.sort_indices()
    return m


def pair_counts(m: sp.csr_array, freq: np.ndarray) -> np.ndarray:
    """``O[k, l]`` (upper triangle, ``k <= l``; 0 below): the number of
    member pairs of all events whose categories are ``k`` and ``l``:
    :math:`\\sum_e M_{ek} M_{el}` for ``k < l`` and
    :math:`\\sum_e M_{ek}(M_{ek} - 1)/2` on the diagonal, with ``freq[k] =
    \\sum_e M_{ek}``. int64."""
    p = (m.T @ m).toarray().astype(np.int64)
    diag = (np.diag(p) - freq) // 2
    out = np.triu(p, 1)
    out[np.diag_indices_from(out)] = diag
    return out


def pair_counts_of(indptr: np.ndarray, indices: np.ndarray, n_events: int,
                   codes: np.ndarray, n_categories: int, freq: np.ndarray) -> np.ndarray:
    """:func:`pair_counts` straight from the CSR arrays of the actors x
    events pattern (a dense ``M`` when it is small, else sparse); float64
    holding whole numbers."""
    if n_events * n_categories <= 1 << 20:
        rows = np.repeat(codes.astype(np.int64), np.diff(indptr))
        m = np.bincount(np.asarray(indices, dtype=np.int64) * n_categories + rows,
                        minlength=n_events * n_categories).astype(np.float64)
        m = m.reshape(n_events, n_categories)
        p = m.T @ m  # whole numbers below 2**53: exact
        diag = (np.diag(p) - freq) / 2
        out = np.triu(p, 1)
        out[np.diag_indices_from(out)] = diag
        return out
    return pair_counts(event_category_counts(indptr, indices, n_events, codes, n_categories),
                       freq).astype(np.float64)


def event_pairs(m: sp.csr_array) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every (event, category pair) with member pairs in it.

    Returns ``event``, ``k``, ``l`` (``k <= l``) and ``w``, the number of
    member pairs of the event with categories ``k`` and ``l`` (``c_k c_l``,
    or ``c_k (c_k - 1) / 2`` when ``k == l``); entries with ``w == 0`` are
    left out. Ordered by event."""
    d = np.diff(m.indptr)
    n_entries = len(m.indices)
    event_of = np.repeat(np.arange(len(d), dtype=np.int64), d)
    local = np.arange(n_entries, dtype=np.int64) - np.repeat(m.indptr[:-1].astype(np.int64), d)
    partners = d[event_of] - local  # entries at or after this one in its event
    left = np.repeat(np.arange(n_entries, dtype=np.int64), partners)
    starts = np.cumsum(partners) - partners
    right = left + (np.arange(len(left), dtype=np.int64) - np.repeat(starts, partners))
    c = m.data.astype(np.int64)
    w = np.where(left == right, c[left] * (c[left] - 1) // 2, c[left] * c[right])
    keep = w > 0
    left, right, w = left[keep], right[keep], w[keep]
    return event_of[left], m.indices[left].astype(np.int64), m.indices[right].astype(np.int64), w


def weighted_quantiles(group: np.ndarray, values: np.ndarray, weights: np.ndarray,
                       n_groups: int, qs: tuple[float, ...]) -> np.ndarray:
    """Quantiles of each group's multiset (``values[i]`` repeated
    ``weights[i]`` times), with numpy's default (linear) rule: for a sorted
    multiset ``x_0 <= ... <= x_{m-1}``, ``h = (m - 1) q`` and ``x_{floor h}
    + (h - floor h)(x_{floor h + 1} - x_{floor h})``. Shape ``(n_groups,
    len(qs))``; NaN for a group without entries."""
    out = np.full((n_groups, len(qs)), np.nan)
    if len(values) == 0:
        return out
    order = np.lexsort((values, group))
    g, x, w = group[order], values[order], weights[order].astype(np.int64)
    cw = np.cumsum(w)
    total = np.bincount(g, weights=w, minlength=n_groups).astype(np.int64)
    base = np.concatenate([[0], np.cumsum(total)[:-1]])
    has = total > 0
    for j, q in enumerate(qs):
        h = (total[has] - 1) * q
        lo = np.floor(h).astype(np.int64)
        frac = h - lo
        hi = np.minimum(lo + 1, total[has] - 1)
        x_lo = x[np.searchsorted(cw, base[has] + lo, side="right")]
        x_hi = x[np.searchsorted(cw, base[has] + hi, side="right")]
        out[has, j] = x_lo + frac * (x_hi - x_lo)
    return out
