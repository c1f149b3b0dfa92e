"""QAP and MRQAP regression on dense dyadic matrices: pure numpy, no pandas.

All matrices are ``n x n`` float64 with a zero diagonal (the diagonal is not
a dyad). For an undirected network they are symmetric and a dyad is an
unordered pair: every inner product over dyads is half the sum over the full
matrix (``half=True``); for a directed network it is the full sum.

A permutation ``pi`` of the actors maps a matrix ``A`` to ``A*[a, b] =
A[pi[a], pi[b]]``. With ``sigma`` its inverse,
``<C, P A P'> = <C[sigma][:, sigma], A>`` and, over the nonzeros ``(r, c, w)``
of a sparse ``A``, ``<C, P A P'> = sum_t w_t C[sigma[r_t], sigma[c_t]]``:
the permutation loop gathers from whichever side is cheaper.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "inverse",
    "gather",
    "tie_sums",
    "solve_spd",
    "ols_t",
    "logit_fit",
    "logit_z",
]


def inverse(perm: np.ndarray) -> np.ndarray:
    """The inverse permutation: ``out[perm[i]] = i``."""
    out = np.empty_like(perm)
    out[perm] = np.arange(len(perm), dtype=perm.dtype)
    return out


def gather(a: np.ndarray, perm: np.ndarray) -> np.ndarray:
    """``a[perm][:, perm]`` (rows and columns permuted alike)."""
    return np.take(np.take(a, perm, axis=0), perm, axis=1)


def tie_sums(flat: np.ndarray, n: int, rows: np.ndarray, cols: np.ndarray, w: np.ndarray,
             perms: np.ndarray) -> np.ndarray:
    """``sum_t w_t M[perm[r_t], perm[c_t]]`` for each matrix ``M`` and each
    permutation.

    Parameters
    ----------
    flat : ndarray, shape (m, n * n)
        The matrices, raveled (C order).
    rows, cols, w : ndarray, shape (t,)
        The nonzeros of the other (sparse) matrix.
    perms : ndarray, shape (B, n)
        One permutation per row.

    Returns
    -------
    ndarray, shape (B, m)
    """
    idx = perms[:, rows] * n + perms[:, cols]  # (B, t)
    out = np.empty((len(perms), len(flat)))
    for l in range(len(flat)):
        out[:, l] = np.take(flat[l], idx) @ w
    return out


def solve_spd(gram: np.ndarray, rhs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Solve ``gram @ beta = rhs`` (stacked on the leading axes) and return
    ``beta`` and ``diag(gram^-1)``, after scaling the columns to unit
    diagonal (so that covariates on very different scales stay accurate)."""
    d = np.sqrt(np.diagonal(gram, axis1=-2, axis2=-1))
    s = gram / (d[..., :, None] * d[..., None, :])
    inv = np.linalg.inv(s)
    beta = np.einsum("...ij,...j->...i", inv, rhs / d) / d
    return beta, np.diagonal(inv, axis1=-2, axis2=-1) / d**2


def ols_t(gram: np.ndarray, xty: np.ndarray, yty: float, n_dyads: int,
          which: int | None = None) -> np.ndarray:
    """t-values of an OLS fit from its sufficient statistics.

    ``gram`` (..., k, k) = X'X, ``xty`` (..., k) = X'y, ``yty`` = y'y, all
    over the dyads. ``t_j = b_j / sqrt(s^2 [(X'X)^-1]_jj)`` with
    ``s^2 = (y'y - b'X'y) / (N - k)``. ``which``: only that coefficient.
    """
    beta, diag_inv = solve_spd(gram, xty)
    k = gram.shape[-1]
    rss = yty - np.einsum("...i,...i->...", beta, xty)
    s2 = np.maximum(rss, 0.0) / (n_dyads - k)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = beta / np.sqrt(s2[..., None] * diag_inv)
    return t if which is None else t[..., which]


def logit_fit(x: np.ndarray, y: np.ndarray, *, tol: float = 1e-12,
              max_iter: int = 100) -> tuple[np.ndarray, np.ndarray, float, bool]:
    """Maximum-likelihood logistic regression by Newton-Raphson (IRLS).

    Starts from ``beta = 0`` and stops when no coefficient moves by more
    than ``tol * (1 + |beta|)``.

    Returns
    -------
    beta : ndarray (k,)
    se : ndarray (k,)
        ``sqrt(diag((X' W X)^-1))`` at ``beta``, ``W = p (1 - p)``.
    deviance : float
        ``-2 sum [y log p + (1 - y) log(1 - p)]``.
    converged : bool
    """
    k = x.shape[1]
    beta = np.zeros(k)
    converged = False
    for _ in range(max_iter):
        eta = x @ beta
        p = _expit(eta)
        wts = p * (1.0 - p)
        info = x.T @ (x * wts[:, None])
        score = x.T @ (y - p)
        step, _ = solve_spd(info, score)
        if not np.all(np.isfinite(step)):
            break
        beta = beta + step
        if np.all(np.abs(step) <= tol * (1.0 + np.abs(beta))):
            converged = True
            break
    eta = x @ beta
    p = _expit(eta)
    wts = p * (1.0 - p)
    info = x.T @ (x * wts[:, None])
    _, diag_inv = solve_spd(info, np.zeros(k))
    se = np.sqrt(diag_inv)
    return beta, se, _deviance(y, eta), converged


def logit_z(x: np.ndarray, y: np.ndarray, which: int | None = None) -> np.ndarray:
    """z-values ``beta / se`` of :func:`logit_fit` (NaN if it diverges)."""
    beta, se, _, converged = logit_fit(x, y, tol=1e-10, max_iter=50)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = beta / se
    if not converged:
        z = np.full_like(z, np.nan)
    return z if which is None else z[which]


def _expit(eta: np.ndarray) -> np.ndarray:
    out = np.empty_like(eta)
    pos = eta >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-eta[pos]))
    e = np.exp(eta[~pos])
    out[~pos] = e / (1.0 + e)
    return out


def _deviance(y: np.ndarray, eta: np.ndarray) -> float:
    # -2 log L = 2 sum [log(1 + e^eta) - y eta], computed stably
    return float(2.0 * np.sum(np.logaddexp(0.0, eta) - y * eta))
