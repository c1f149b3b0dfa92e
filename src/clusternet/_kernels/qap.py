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
    "Design",
    "OLSY",
    "OLSDSP",
    "LogitY",
    "LogitDSP",
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


# ------------------------------------------------------------------ design
class Design:
    """The dependent ``y`` and covariates ``stack`` (``(m, n, n)``, zero
    diagonals) with the sufficient statistics of the regression over the
    dyads: ``gram`` = X'X, ``xty`` = X'y, ``yty`` = y'y (X = the constant,
    then the covariates). ``rows, cols, w``: the nonzeros of ``y``."""

    def __init__(self, y: np.ndarray, stack: np.ndarray, *, directed: bool) -> None:
        n = y.shape[0]
        self.n = n
        self.y = y
        self.stack = stack
        self.flat = stack.reshape(len(stack), -1)
        self.directed = directed
        self.h = 1.0 if directed else 0.5
        self.k = len(stack) + 1
        self.n_dyads = n * (n - 1) // (1 if directed else 2)
        r, c = np.nonzero(y)
        self.rows, self.cols = r.astype(np.intp), c.astype(np.intp)
        self.w = y[r, c]
        h = self.h
        gram = np.empty((self.k, self.k))
        gram[0, 0] = self.n_dyads
        gram[0, 1:] = gram[1:, 0] = self.flat.sum(axis=1) * h
        gram[1:, 1:] = (self.flat @ self.flat.T) * h
        self.gram = gram
        xty = np.empty(self.k)
        xty[0] = h * self.w.sum()
        xty[1:] = h * tie_sums(self.flat, n, self.rows, self.cols, self.w,
                               np.arange(n)[None, :])[0]
        self.xty = xty
        self.yty = h * float(self.w @ self.w)
        self._dyads: tuple[np.ndarray, ...] | None = None

    def rank_problem(self) -> tuple[int, str] | None:
        """The first covariate ``j`` (1-based) that is 0 everywhere
        (``"zero"``), constant (``"constant"``) or a linear combination of
        those before it and the constant (``"combination"``); else None."""
        for j in range(1, self.k):
            sub = self.gram[: j + 1, : j + 1]
            d = np.sqrt(np.diag(sub))
            if d[-1] == 0:
                return j, "zero"
            ev = np.linalg.eigvalsh(sub / np.outer(d, d))
            if ev.min() <= 1e-10 * ev.max():
                constant = np.isclose(self.gram[j, j] * self.n_dyads, self.gram[0, j] ** 2,
                                      rtol=1e-9)
                return j, "constant" if constant else "combination"
        return None

    def residuals(self) -> np.ndarray:
        """``E[j]``: column j of X (0 = the constant) residualised on the
        others by OLS over the dyads; (k, n, n), zero diagonal."""
        n, k = self.n, self.k
        out = np.empty((k, n, n))
        offdiag = np.ones((n, n))
        np.fill_diagonal(offdiag, 0.0)
        for j in range(k):
            others = [l for l in range(k) if l != j]
            gamma, _ = solve_spd(self.gram[np.ix_(others, others)], self.gram[others, j])
            e = offdiag.copy() if j == 0 else self.stack[j - 1].copy()
            for g_l, l in zip(gamma, others):
                e -= g_l * (offdiag if l == 0 else self.stack[l - 1])
            np.fill_diagonal(e, 0.0)
            out[j] = e
        return out

    def dyads(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The dyads as vectors: rows, cols, the design X (N, k) and y (N,);
        ordered pairs when directed, ``i < j`` when not."""
        if self._dyads is None:
            if self.directed:
                r, c = np.nonzero(~np.eye(self.n, dtype=bool))
            else:
                r, c = np.triu_indices(self.n, 1)
            r, c = r.astype(np.intp), c.astype(np.intp)
            at = r * self.n + c
            x = np.empty((len(r), self.k))
            x[:, 0] = 1.0
            for l in range(1, self.k):
                x[:, l] = self.flat[l - 1][at]
            self._dyads = (r, c, x, self.y.reshape(-1)[at])
        return self._dyads

    def ols(self) -> dict:
        """The observed OLS fit; RSS from the residuals themselves."""
        beta, diag_inv = solve_spd(self.gram, self.xty)
        fitted = np.full((self.n, self.n), beta[0])
        fitted += np.tensordot(beta[1:], self.stack, axes=1)
        resid = self.y - fitted
        np.fill_diagonal(resid, 0.0)
        rss = self.h * float(np.sum(resid * resid))
        nd, k = self.n_dyads, self.k
        se = np.sqrt(rss / (nd - k) * diag_inv)
        tss = self.yty - nd * (self.xty[0] / nd) ** 2
        r2 = 1.0 - rss / tss if tss > 0 else np.nan
        return {
            "coef": beta, "se": se, "stat": beta / se,
            # the observed statistic as the draws compute it
            "observed": ols_t(self.gram, self.xty, self.yty, nd),
            "r_squared": r2, "adj_r_squared": 1.0 - (1.0 - r2) * (nd - 1) / (nd - k),
            "deviance": np.nan, "null_deviance": np.nan, "aic": np.nan, "converged": True,
        }

    def logit(self) -> dict:
        """The observed logit fit; null deviance of the intercept-only model."""
        _, _, x, y = self.dyads()
        beta, se, dev, converged = logit_fit(x, y)
        p = y.mean()
        null_dev = (-2.0 * len(y) * (p * np.log(p) + (1 - p) * np.log(1 - p))
                    if 0 < p < 1 else 0.0)
        return {
            "coef": beta, "se": se, "stat": beta / se, "observed": beta / se,
            "r_squared": np.nan, "adj_r_squared": np.nan, "deviance": dev,
            "null_deviance": float(null_dev), "aic": dev + 2 * self.k, "converged": converged,
        }


# ------------------------------------------------------------------- draws
class OLSY:
    """QAP-Y, OLS: X'X fixed; X'y* gathered over the ties of y."""

    def __init__(self, d: Design) -> None:
        self.d = d
        self.block = max(1, min(256, 4_000_000 // max(1, len(d.w))))

    def draws(self, perms: np.ndarray) -> np.ndarray:
        """The t-values of every coefficient, one row per permutation."""
        d = self.d
        sigma = np.stack([inverse(p) for p in perms])
        xty = np.empty((len(perms), d.k))
        xty[:, 0] = d.xty[0]
        xty[:, 1:] = d.h * tie_sums(d.flat, d.n, d.rows, d.cols, d.w, sigma)
        return ols_t(d.gram, xty, d.yty, d.n_dyads)


class OLSDSP:
    """DSP, OLS: residual matrices E_j fixed; for each permutation the
    covariates are permuted once and their inner products with every E_j
    taken in one matrix product; e*'y gathered over the ties of y. The
    t-value of e*_j in the regression on [X_-j, e*_j] follows from these
    sufficient statistics without refitting."""

    def __init__(self, d: Design) -> None:
        self.d = d
        self.e = d.residuals().reshape(d.k, -1)
        self.e_sum = d.h * self.e.sum(axis=1)
        self.e_sq = d.h * np.einsum("ij,ij->i", self.e, self.e)
        self.block = 8
        # rows of the permuted covariates are made and used a block at a
        # time, so they stay in cache; the block of E serves every draw
        self.row_block = max(1, min(d.n, 2**18 // max(1, (d.k - 1) * d.n)))

    def inner(self, sigmas: np.ndarray) -> np.ndarray:
        """``<P' X_l P, E_j>`` over the full matrices, shape (B, m, k):
        rows ``i`` of ``P' X_l P`` are ``X_l[sigma[i]][sigma]``."""
        d, k = self.d, self.d.k
        m, n = k - 1, d.n
        e3 = self.e.reshape(k, n, n)
        out = np.zeros((len(sigmas), m, k))
        rb = self.row_block
        full_rows = np.empty((m, rb, n))
        full_cols = np.empty((m, rb, n))
        for a in range(0, n, rb):
            b_end = min(n, a + rb)
            e_blk = e3[:, a:b_end, :].reshape(k, -1)
            for b, sigma in enumerate(sigmas):
                if b_end - a == rb:
                    rows, cols = full_rows, full_cols
                    np.take(d.stack, sigma[a:b_end], axis=1, out=rows)
                    np.take(rows, sigma, axis=2, out=cols)
                else:
                    cols = np.take(np.take(d.stack, sigma[a:b_end], axis=1), sigma, axis=2)
                out[b] += cols.reshape(m, -1) @ e_blk.T
        return out

    def draws(self, perms: np.ndarray) -> np.ndarray:
        d, k = self.d, self.d.k
        n_b = len(perms)
        sigma = np.stack([inverse(p) for p in perms])
        ey = d.h * tie_sums(self.e, d.n, d.rows, d.cols, d.w, perms)  # <y, P E_j P'>
        # <X_l, P E_j P'> = <P' X_l P, E_j>
        inner = d.h * self.inner(sigma)
        out = np.empty((n_b, k))
        for j in range(k):
            others = [l for l in range(k) if l != j]
            gram = np.empty((n_b, k, k))
            gram[:, :-1, :-1] = d.gram[np.ix_(others, others)]
            cross = np.empty((n_b, k - 1))
            for pos, l in enumerate(others):
                cross[:, pos] = self.e_sum[j] if l == 0 else inner[:, l - 1, j]
            gram[:, :-1, -1] = gram[:, -1, :-1] = cross
            gram[:, -1, -1] = self.e_sq[j]
            zty = np.empty((n_b, k))
            zty[:, :-1] = d.xty[others]
            zty[:, -1] = ey[:, j]
            out[:, j] = ols_t(gram, zty, d.yty, d.n_dyads, which=-1)
        return out


class LogitY:
    """QAP-Y, logit: refit on the permuted dependent."""

    block = 1

    def __init__(self, d: Design) -> None:
        self.d = d
        self.r, self.c, self.x, _ = d.dyads()

    def draws(self, perms: np.ndarray) -> np.ndarray:
        d = self.d
        yflat = d.y.reshape(-1)
        out = np.empty((len(perms), d.k))
        for b, p in enumerate(perms):
            out[b] = logit_z(self.x, yflat[p[self.r] * d.n + p[self.c]])
        return out


class LogitDSP:
    """DSP, logit: refit with the permuted (OLS) residual of each covariate."""

    block = 1

    def __init__(self, d: Design) -> None:
        self.d = d
        self.r, self.c, self.x, self.y = d.dyads()
        self.e = d.residuals().reshape(d.k, -1)

    def draws(self, perms: np.ndarray) -> np.ndarray:
        d, k = self.d, self.d.k
        out = np.empty((len(perms), k))
        z = np.empty_like(self.x)
        for b, p in enumerate(perms):
            moved = p[self.r] * d.n + p[self.c]
            for j in range(k):
                others = [l for l in range(k) if l != j]
                z[:, :-1] = self.x[:, others]
                z[:, -1] = self.e[j][moved]
                out[b, j] = logit_z(z, self.y, which=-1)
        return out
