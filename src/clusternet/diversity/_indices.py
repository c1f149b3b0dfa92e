"""Diversity indices on counts or proportions over categories.

Each index is declared once, here, with the checkers of its options; the
``measure=`` option of the level functions finds it in the registry (level
``"counts"``) and calls the same function on the counts it builds.
"""

from __future__ import annotations

import numpy as np

from .._kernels import diversity as kern
from .._registry import measure
from ._input import (
    aligned_matrix,
    as_counts,
    check_base,
    check_exponent,
    check_order,
    describe_matrix,
    wrap,
)

__all__ = [
    "blau",
    "hill",
    "leinster_cobbold",
    "rao_stirling",
    "richness",
    "shannon",
    "true_diversity",
]


@measure(
    family="diversity", levels={"counts": "float or Series"}, attribute=None,
    references=("hill1973",), summary="number of categories present",
)
def richness(counts):
    r"""Number of categories present (variety), the Hill number of order 0.

    Parameters
    ----------
    counts : array-like, Series, DataFrame or scipy sparse matrix
        Counts or proportions over categories: one vector, or one unit per
        row of a 2-D input. Zero categories are dropped.

    Returns
    -------
    float or Series
        A float for one vector; a Series indexed by unit (the DataFrame's
        index, else 0..n-1) for 2-D input. NaN where a unit has no positive
        count.

    Raises
    ------
    ClusternetError
        Negative, NaN, infinite or non-numeric counts.

    See Also
    --------
    hill : richness is ``hill(counts, q=0)``.

    Notes
    -----
    :math:`{}^0D = |\{i : p_i > 0\}|`.

    References
    ----------
    .. [1] Hill, M. O. (1973). Diversity and evenness: a unifying notation and
       its consequences. Ecology 54(2), 427-432. https://doi.org/10.2307/1934352

    Examples
    --------
    >>> from clusternet import diversity as dv
    >>> dv.richness([5, 0, 2, 1])
    3.0
    """
    c = as_counts(counts)
    return wrap(kern.richness(c.C), c, "richness", {})


@measure(
    family="diversity", levels={"counts": "float or Series"}, attribute=None,
    references=("shannon1948",), summary="Shannon entropy -sum p ln p (natural log by default)",
    checks={"base": check_base},
)
def shannon(counts, *, base: float | None = None):
    r"""Shannon entropy of the proportions, natural log by default.

    Parameters
    ----------
    counts : array-like, Series, DataFrame or scipy sparse matrix
        Counts or proportions over categories: one vector, or one unit per
        row of a 2-D input. Zero categories are dropped.
    base : float, optional
        Base of the logarithm (``2`` for bits); ``None`` (default) is the
        natural log, as in R vegan's ``diversity(x, "shannon")``.

    Returns
    -------
    float or Series
        NaN where a unit has no positive count; 0 for a single category.

    Raises
    ------
    ClusternetError
        Bad counts, or ``base`` not a number > 0 other than 1.

    See Also
    --------
    hill : ``exp(shannon(counts)) == hill(counts, q=1)``.

    Notes
    -----
    :math:`H = -\sum_{i: p_i > 0} p_i \ln p_i`, with :math:`p_i = x_i / \sum_j x_j`;
    divided by :math:`\ln b` for ``base=b``.

    References
    ----------
    .. [1] Shannon, C. E. (1948). A mathematical theory of communication.
       Bell System Technical Journal 27(3), 379-423.
       https://doi.org/10.1002/j.1538-7305.1948.tb01338.x

    Examples
    --------
    >>> from clusternet import diversity as dv
    >>> round(dv.shannon([1, 1, 1, 1]), 6)        # ln 4
    1.386294
    >>> dv.shannon([1, 1, 1, 1], base=2)
    2.0
    """
    c = as_counts(counts)
    h = kern.shannon(c.C)
    if base is not None:
        h = h / np.log(base)
    return wrap(h, c, "shannon", {"base": base})


@measure(
    family="diversity", levels={"counts": "float or Series"}, attribute=None,
    references=("simpson1949", "blau1977"), summary="Blau / Gini-Simpson index 1 - sum p^2",
)
def blau(counts):
    r"""Blau's index of heterogeneity (the Gini-Simpson index).

    The probability that two members drawn at random, with replacement,
    belong to different categories.

    Parameters
    ----------
    counts : array-like, Series, DataFrame or scipy sparse matrix
        Counts or proportions over categories: one vector, or one unit per
        row of a 2-D input. Zero categories are dropped.

    Returns
    -------
    float or Series
        In :math:`[0, 1 - 1/n]` for :math:`n` categories; NaN where a unit
        has no positive count.

    Raises
    ------
    ClusternetError
        Negative, NaN, infinite or non-numeric counts.

    See Also
    --------
    hill : ``1 / (1 - blau(x)) == hill(x, q=2)`` (inverse Simpson).

    Notes
    -----
    :math:`B = 1 - \sum_i p_i^2`. Sampling is with replacement, as in R vegan's
    ``diversity(x, "simpson")`` and Blau (1977); the unbiased
    without-replacement form :math:`1 - \sum x_i(x_i-1)/(N(N-1))` is not
    this index.

    References
    ----------
    .. [1] Simpson, E. H. (1949). Measurement of diversity. Nature 163, 688.
       https://doi.org/10.1038/163688a0
    .. [2] Blau, P. M. (1977). Inequality and Heterogeneity. New York: Free
       Press.

    Examples
    --------
    >>> import pandas as pd
    >>> from clusternet import diversity as dv
    >>> dv.blau([2, 2])
    0.5
    >>> teams = pd.DataFrame({"art": [2, 3], "tech": [2, 0]}, index=["t1", "t2"])
    >>> dv.blau(teams)
    t1    0.5
    t2    0.0
    Name: blau, dtype: float64
    """
    c = as_counts(counts)
    return wrap(kern.gini_simpson(c.C), c, "blau", {})


@measure(
    family="diversity", levels={"counts": "float or Series"}, attribute=None,
    references=("hill1973", "jost2006"), summary="Hill number of order q (effective number)",
    checks={"q": check_order}, positional=("q",),
)
def hill(counts, *, q: float):
    r"""Hill number (effective number of categories) of order ``q``.

    Parameters
    ----------
    counts : array-like, Series, DataFrame or scipy sparse matrix
        Counts or proportions over categories: one vector, or one unit per
        row of a 2-D input. Zero categories are dropped.
    q : float
        Order, ``q >= 0``; ``0``, ``1`` and ``numpy.inf`` are the limits
        (richness, exponential of Shannon, inverse Berger-Parker).
        Keyword-only: ``hill(x, 2)`` still works, with a ``FutureWarning``,
        until the next minor version.

    Returns
    -------
    float or Series
        Between 1 and the richness, non-increasing in ``q``; NaN where a
        unit has no positive count.

    Raises
    ------
    ClusternetError
        Bad counts, or ``q`` negative or NaN.

    See Also
    --------
    leinster_cobbold : the similarity-sensitive generalisation.

    Notes
    -----
    .. math::

       {}^qD = \Big(\sum_i p_i^q\Big)^{1/(1-q)}, \quad
       {}^0D = |\{i: p_i > 0\}|, \quad
       {}^1D = e^{H}, \quad
       {}^\infty D = 1 / \max_i p_i .

    Equal to R vegan's ``renyi(x, scales = q, hill = TRUE)``. Near
    :math:`q = 1` the power is computed through ``expm1``/``log1p`` so that
    :math:`{}^qD` tends to :math:`e^H` without loss of precision; large
    orders are computed in log space.

    References
    ----------
    .. [1] Hill, M. O. (1973). Diversity and evenness: a unifying notation and
       its consequences. Ecology 54(2), 427-432. https://doi.org/10.2307/1934352
    .. [2] Jost, L. (2006). Entropy and diversity. Oikos 113(2), 363-375.
       https://doi.org/10.1111/j.2006.0030-1299.14714.x

    Examples
    --------
    >>> import numpy as np
    >>> from clusternet import diversity as dv
    >>> [round(dv.hill([30, 1, 1, 1, 1, 1], q=q), 2) for q in (0, 1, 2, np.inf)]
    [6.0, 1.9, 1.35, 1.17]
    """
    c = as_counts(counts)
    return wrap(kern.hill(c.C, q), c, "hill", {"q": q})


@measure(
    family="diversity", levels={"counts": "float or Series"}, attribute="disparity",
    references=("stirling2007", "rao1982"),
    summary="Rao-Stirling diversity: sum over ordered pairs of d_ij^alpha (p_i p_j)^beta",
    checks={"alpha": check_exponent, "beta": check_exponent},
    method=(
        "Rao-Stirling diversity [stirling2007, rao1982] adds how different the groups are: "
        "the sum over ordered pairs of distinct groups i, j of d_ij^alpha (p_i p_j)^beta "
        "(alpha = beta = 1)."),
)
def rao_stirling(counts, disparity, *, alpha: float = 1.0, beta: float = 1.0):
    r"""Rao-Stirling diversity (Rao's quadratic entropy, generalised).

    Parameters
    ----------
    counts : array-like, Series, DataFrame or scipy sparse matrix
        Counts or proportions over categories: one vector, or one unit per
        row of a 2-D input. Zero categories are dropped.
    disparity : DataFrame or 2-D array
        Distance :math:`d_{ij}` between categories: symmetric, zero
        diagonal, values in [0, 1]. A DataFrame is matched to the categories
        by label (index and columns) and must cover every category with a
        positive count (it may hold more); a plain array is taken in the
        order of the counts' categories. See
        :func:`disparity_from_cooccurrence`.
    alpha, beta : float, default 1
        Exponents of the disparity and of the proportion products (>= 0).

    Returns
    -------
    float or Series
        0 for a single category; NaN where a unit has no positive count.

    Raises
    ------
    ClusternetError
        Bad counts; a disparity that is not square, symmetric, zero on the
        diagonal and within [0, 1], or that misses categories present (the
        message names them); negative ``alpha`` or ``beta``.

    See Also
    --------
    true_diversity : the same quantity as an effective number.

    Notes
    -----
    .. math:: \Delta = \sum_{i \ne j} d_{ij}^{\alpha} (p_i p_j)^{\beta}

    summed over **ordered** pairs, so each unordered pair counts twice, as
    in Stirling (2007) and Rao (1982). With ``alpha = beta = 1`` it is Rao's
    :math:`Q`; with all :math:`d_{ij} = 1` it is Blau's index. Code summing
    over :math:`i < j` only reports half of this value. Only pairs of
    categories present enter; with ``alpha = 0``, :math:`d^0 = 1` for every
    pair of distinct categories (zero disparities included).

    References
    ----------
    .. [1] Stirling, A. (2007). A general framework for analysing diversity
       in science, technology and society. Journal of the Royal Society
       Interface 4(15), 707-719. https://doi.org/10.1098/rsif.2007.0213
    .. [2] Rao, C. R. (1982). Diversity and dissimilarity coefficients: a
       unified approach. Theoretical Population Biology 21(1), 24-43.
       https://doi.org/10.1016/0040-5809(82)90004-1

    Examples
    --------
    >>> import pandas as pd
    >>> from clusternet import diversity as dv
    >>> d = pd.DataFrame([[0, .2, 1], [.2, 0, .8], [1, .8, 0]],
    ...                  index=["art", "design", "tech"],
    ...                  columns=["art", "design", "tech"])
    >>> round(dv.rao_stirling(pd.Series({"art": 2, "tech": 2}), d), 6)
    0.5
    >>> round(dv.rao_stirling(pd.Series({"art": 2, "design": 2}), d), 6)
    0.1
    """
    c = as_counts(counts)
    D = aligned_matrix(disparity, c, "disparity", "disparity")
    return wrap(
        kern.rao_stirling(c.C, D, alpha, beta), c, "rao_stirling",
        {"disparity": describe_matrix(disparity), "alpha": alpha, "beta": beta},
    )


@measure(
    family="diversity", levels={"counts": "float or Series"}, attribute="disparity",
    references=("zhang2016",), summary="Zhang et al.'s true diversity 1 / (1 - Rao's Q)",
    method=("True diversity 1/(1 - Rao-Stirling) is its effective number of groups "
            "[zhang2016]."),
)
def true_diversity(counts, disparity):
    r"""True diversity of Zhang, Rousseau & Glänzel (2016): Rao's Q as an
    effective number of categories.

    Parameters
    ----------
    counts : array-like, Series, DataFrame or scipy sparse matrix
        Counts or proportions over categories: one vector, or one unit per
        row of a 2-D input. Zero categories are dropped.
    disparity : DataFrame or 2-D array
        As for :func:`rao_stirling`.

    Returns
    -------
    float or Series
        At least 1; NaN where a unit has no positive count.

    Raises
    ------
    ClusternetError
        As for :func:`rao_stirling`.

    See Also
    --------
    rao_stirling, leinster_cobbold

    Notes
    -----
    .. math:: {}^2D^3 = \frac{1}{1 - Q}, \quad Q = \sum_{i \ne j} d_{ij} p_i p_j

    (ordered pairs). It equals :func:`leinster_cobbold` with ``q = 2`` and
    similarity :math:`Z = 1 - d`, and :func:`hill` with ``q = 2`` when every
    :math:`d_{ij} = 1`.

    References
    ----------
    .. [1] Zhang, L., Rousseau, R., & Glänzel, W. (2016). Diversity of
       references as an indicator of the interdisciplinarity of journals:
       taking similarity between subject fields into account. Journal of the
       Association for Information Science and Technology 67(5), 1257-1265.
       https://doi.org/10.1002/asi.23487

    Examples
    --------
    >>> import numpy as np
    >>> from clusternet import diversity as dv
    >>> d = np.array([[0, 1], [1, 0]])
    >>> dv.true_diversity([3, 3], d)      # two distant, equal categories
    2.0
    """
    c = as_counts(counts)
    D = aligned_matrix(disparity, c, "disparity", "disparity")
    q = kern.rao_stirling(c.C, D, 1.0, 1.0)
    with np.errstate(divide="ignore"):
        td = 1.0 / (1.0 - q)
    return wrap(td, c, "true_diversity", {"disparity": describe_matrix(disparity)})


@measure(
    family="diversity", levels={"counts": "float or Series"}, attribute="similarity",
    references=("leinster2012",), summary="Leinster-Cobbold diversity of order q with similarity Z",
    checks={"q": check_order}, positional=("q",),
)
def leinster_cobbold(counts, similarity, *, q: float):
    r"""Similarity-sensitive diversity of order ``q`` (Leinster & Cobbold 2012).

    Parameters
    ----------
    counts : array-like, Series, DataFrame or scipy sparse matrix
        Counts or proportions over categories: one vector, or one unit per
        row of a 2-D input. Zero categories are dropped.
    similarity : DataFrame or 2-D array
        Similarity :math:`Z_{ij}` in [0, 1] with :math:`Z_{ii} = 1`
        (matched to the categories as the disparity of
        :func:`rao_stirling`); it need not be symmetric. ``1 - d`` turns a
        disparity into one.
    q : float
        Order, ``q >= 0`` or ``numpy.inf``. Keyword-only: passing it third
        still works, with a ``FutureWarning``, until the next minor version.

    Returns
    -------
    float or Series
        Between 1 and the richness; NaN where a unit has no positive count.

    Raises
    ------
    ClusternetError
        Bad counts; a similarity that is not square, in [0, 1] with a unit
        diagonal, or that misses categories present; ``q`` negative or NaN.

    See Also
    --------
    hill : the case :math:`Z = I`.
    true_diversity : the case ``q = 2``, :math:`Z = 1 - d`.

    Notes
    -----
    With :math:`(Zp)_i = \sum_j Z_{ij} p_j` and sums over the categories
    present (:math:`p_i > 0`):

    .. math::

       {}^qD^Z = \Big(\sum_i p_i (Zp)_i^{q-1}\Big)^{1/(1-q)}, \quad
       {}^1D^Z = \exp\Big(-\sum_i p_i \ln (Zp)_i\Big), \quad
       {}^\infty D^Z = 1 / \max_i (Zp)_i .

    References
    ----------
    .. [1] Leinster, T., & Cobbold, C. A. (2012). Measuring diversity: the
       importance of species similarity. Ecology 93(3), 477-489.
       https://doi.org/10.1890/10-2402.1

    Examples
    --------
    >>> import numpy as np
    >>> from clusternet import diversity as dv
    >>> Z = np.array([[1, .5], [.5, 1]])
    >>> dv.leinster_cobbold([1, 1], Z, q=2)     # two half-similar categories
    1.3333333333333333
    >>> dv.leinster_cobbold([1, 1], np.eye(2), q=2)   # Z = I: the Hill number
    2.0
    """
    c = as_counts(counts)
    Z = aligned_matrix(similarity, c, "similarity", "similarity")
    return wrap(
        kern.leinster_cobbold(c.C, Z, q), c, "leinster_cobbold",
        {"similarity": describe_matrix(similarity), "q": q},
    )
