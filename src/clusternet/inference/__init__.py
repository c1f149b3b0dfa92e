r"""Significance tests for any clusternet statistic: observed value against a
null distribution drawn from a null model.

A referee's first question about an E-I index, a diversity score or a
brokerage count is "compared to what?". :func:`test` answers it for any
statistic -- a function of a graph that returns a float or a pandas Series
(one test per entry) -- by drawing ``n`` random graphs from a null model,
computing the statistic on each, and comparing: observed value, null mean
and standard deviation, z-score, and a permutation p-value that is never 0
(Phipson & Smyth 2010). :func:`permutation_test` is the common case,
shuffling an actor attribute over the actors.

Which null answers which question
---------------------------------
``null="permute"`` (:func:`clusternet.nulls.permute_attribute`)
    Keeps the graph and the group sizes, shuffles who is in which group
    (QAP-style label permutation, Krackhardt 1988). Asks: *given this
    network, do ties follow the groups more (or less) than chance?* Use it
    for convergence and homophily (E-I, assortativity, mixing, segregation)
    and for the diversity of contacts. ``within=`` holds a second attribute
    fixed (shuffle only within a city, a period or an entry cohort).
``null="curveball"`` (:func:`clusternet.nulls.curveball`)
    Keeps every actor's number of events and every event's size, randomises
    who took part in what, and re-projects. Asks: *is the actor network more
    than its team sizes and its actors' activity would give?* The right null
    for projected collaboration networks (Strona et al. 2014; Neal 2014):
    teams make cliques, and a null without them makes every closure- or
    brokerage-based statistic look surprising. Affiliation graphs only.
``null="rewire"`` (:func:`clusternet.nulls.rewire`)
    Keeps every actor's degree (Maslov & Sneppen 2002). Asks: *is the
    structure more than the degree sequence would give?* For one-mode
    networks (edge lists); on projections it destroys the team cliques.
``null="erdos_renyi"`` (:func:`clusternet.nulls.erdos_renyi_like`)
    Keeps only the number of actors and ties. The null of sna's analytic
    Gould-Fernandez expectations; useful to compare with them, rarely the
    right null for a claim about a real cluster.

Any function called as ``null(g, rng=generator)`` that returns a graph can
be passed as ``null`` too.

Conventions
-----------
With observed value :math:`T`, :math:`R` null draws :math:`T^*_r` and
their mean :math:`m` (p-values as in Phipson & Smyth 2010 [1]_):

- ``alternative="greater"``: :math:`p = (1 + \#\{T^* \ge T\}) / (R + 1)`;
- ``"less"``: :math:`p = (1 + \#\{T^* \le T\}) / (R + 1)`;
- ``"two-sided"``: :math:`p = (1 + \#\{|T^* - m| \ge |T - m|\}) / (R + 1)`,
  centred on the null mean, because the null of E-I or assortativity is not
  centred on 0;
- :math:`z = (T - m) / s` with :math:`s` the standard deviation of the
  draws (``ddof=1``); NaN when :math:`s = 0`.

Draws within :math:`10^{-12}` (relative) of the bound count as extreme, so
that rounding never makes a p-value smaller. Draws that are NaN (the
statistic undefined on that null graph) are left out with a warning, and
:math:`R` is then the number of valid draws (``n_valid``).

Reproducibility: replicate ``i`` uses
``numpy.random.default_rng(numpy.random.SeedSequence(seed).spawn(n)[i])``,
so the draws and p-values are the same for a seed whatever ``n_jobs`` is,
and the seed is stored in the result.

Fast path: under ``null="permute"``, a registered measure with a
permutation kernel (``cn.measures()["permutable"]``), passed as it is or as
``functools.partial`` with keyword options, is recomputed from the permuted
values of the attribute without building a graph per draw. The kernel is
used only when it reproduces the observed value exactly, and its draws are
those of the general path (``TestResult.engine`` says which ran).

References
----------
.. [1] Phipson, B. & Smyth, G. K. (2010). Permutation p-values should never
   be zero: calculating exact p-values when permutations are randomly drawn.
   *Statistical Applications in Genetics and Molecular Biology* 9(1), 39.
   https://doi.org/10.2202/1544-6115.1585
.. [2] Krackhardt, D. (1988). Predicting with networks: nonparametric
   multiple regression analysis of dyadic data. *Social Networks* 10,
   359-381. https://doi.org/10.1016/0378-8733(88)90004-4
.. [3] Strona, G. et al. (2014). A fast and unbiased procedure to randomize
   ecological binary matrices with fixed row and column totals. *Nature
   Communications* 5, 4114. https://doi.org/10.1038/ncomms5114
.. [4] Neal, Z. (2014). The backbone of bipartite projections. *Social
   Networks* 39, 84-97. https://doi.org/10.1016/j.socnet.2014.06.001
"""

from __future__ import annotations

from ._permutation import ALTERNATIVES, NULLS, TestResult, permutation_test, test
from ._qap import QAPResult, difference, distance, qap, receiver, same, sender, total
from ._windows import test_change, test_over_time
from ._backbone import Backbone, backbone

__all__ = ["TestResult", "permutation_test", "test", "NULLS", "ALTERNATIVES",
           "qap", "QAPResult", "same", "difference", "sender", "receiver", "total", "distance",
           "test_over_time", "test_change", "Backbone", "backbone"]
