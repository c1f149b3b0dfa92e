"""Gould--Fernandez role profiles of the top brokers."""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..brokerage import GouldFernandez
from ..errors import ClusternetError
from ._common import (GF_ROLES, ROLE_COLORS, _axes, _count_format, _info, _lookup, _pyplot,
                      _side_legend)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes


def broker_roles(
    result: Any,
    *,
    top: int = 10,
    value: str = "raw",
    label: pd.Series | Mapping[Any, Any] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Gould--Fernandez role profile of the top brokers.

    Parameters
    ----------
    result : GouldFernandez result or DataFrame
        The result of :func:`clusternet.brokerage.gould_fernandez` (its
        ``raw`` and ``z`` tables are used), or a DataFrame indexed by actor
        with one column per role, drawn as it is (counts with
        ``value="raw"``, z-scores with ``value="z"``).
    top : int, default 10
        The number of actors shown: those with the largest total raw
        brokerage (ties broken by actor order).
    value : {"raw", "z"}
        ``"raw"``: stacked bars of each role's count of brokered 2-paths;
        ``"z"``: each role's z-score against the density null (a dot per
        role; :math:`|z| > 1.96` beyond the dashed lines).
    label : Series or mapping, optional
        Names of the actors (actor id -> name, e.g.
        ``g.actors.set_index("actor")["name"]``), written instead of the
        ids; actors without a name are written by id.
    ax : matplotlib Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    The legend lists only the roles that can occur: with a result of
    :func:`~clusternet.brokerage.gould_fernandez`, those with a positive
    expected count for some actor (no liaison with two groups, only the
    coordinator with one); with a table, those with a non-zero value.
    Counts on the axis are written in full with thousands separators.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt, clusternet as cn
    >>> aff, actors = cn.datasets.creative_cluster(n_actors=60, n_years=3, rng=1)
    >>> g = cn.from_affiliations(aff, time="year", actors=actors)
    >>> roles = cn.brokerage.gould_fernandez(g, "domain")
    >>> ax = cn.plot.broker_roles(roles, top=5)
    >>> ax.get_title()
    'Brokerage roles of the top 5 brokers (groups: domain)'
    >>> [t.get_text() for t in ax.get_yticklabels()]   # largest total at the top
    ['a38', 'a17', 'a39', 'a29', 'a04']
    >>> ax = cn.plot.broker_roles(roles, top=5, value="z")
    >>> ax.get_xlabel().split(" (")[0]
    'z-score against the density null'
    >>> plt.close("all")
    """
    _pyplot()
    if value not in ("raw", "z"):
        raise ClusternetError(f"value={value!r}; choose 'raw' or 'z'")
    if not isinstance(top, numbers.Integral) or top < 1:
        raise ClusternetError(f"top={top!r}; give a positive whole number")
    if isinstance(result, GouldFernandez):
        raw = result.raw
        table = result.z if value == "z" else raw
    elif isinstance(result, pd.DataFrame):
        raw = table = result
    else:
        raise ClusternetError(
            "broker_roles needs the result of clusternet.brokerage.gould_fernandez "
            f"or a DataFrame with one column per role, got {type(result).__name__}"
        )
    roles = [r for r in GF_ROLES if r in table.columns]
    if isinstance(result, GouldFernandez):
        possible = [r for r in roles if r in result.expected.columns
                    and (result.expected[r].fillna(0) > 0).any()]
    else:
        possible = [r for r in roles if (table[r].fillna(0) != 0).any()]
    roles = possible or roles
    if not roles:
        raise ClusternetError(
            "broker_roles: no role columns (" + ", ".join(GF_ROLES) + ") in the table"
        )
    total = raw["total"] if "total" in raw.columns else raw[roles].sum(axis=1)
    order = np.argsort(-total.to_numpy(dtype=float), kind="stable")[:top]
    who = raw.index[order]
    shown = table.loc[who, roles].astype(float)
    ax = _axes(ax, figsize=(6.4, 0.9 + 0.38 * len(who)))
    ypos = np.arange(len(who))[::-1]
    if value == "raw":
        left = np.zeros(len(who))
        for role in roles:
            v = np.nan_to_num(shown[role].to_numpy())
            ax.barh(ypos, v, left=left, color=ROLE_COLORS[role], label=role, height=0.7,
                    edgecolor="white", linewidth=0.5)
            left += v
        ax.set_xlabel("brokered 2-paths (Gould–Fernandez raw counts)")
        _count_format(ax.xaxis)
    else:
        markers = dict(zip(GF_ROLES, "osD^v"))
        for k, role in enumerate(roles):
            off = (k - (len(roles) - 1) / 2) * 0.13
            ax.scatter(shown[role].to_numpy(), ypos + off, color=ROLE_COLORS[role],
                       marker=markers[role], label=role, s=28, zorder=3)
        ax.axvline(0, color="#444444", linewidth=0.8)
        for s in (-1.96, 1.96):
            ax.axvline(s, color="#888888", linewidth=0.8, linestyle="--")
        ax.set_xlabel("z-score against the density null (dashed: ±1.96)")
    ax.set_yticks(ypos)
    if label is not None and not isinstance(label, (pd.Series, Mapping)):
        raise ClusternetError(
            "broker_roles: label= takes a Series or mapping from actor id to name, e.g. "
            f'g.actors.set_index("actor")["name"]; got {type(label).__name__}'
        )
    ax.set_yticklabels([_lookup(label, a) if label is not None else str(a) for a in who])
    ax.set_ylabel("actor")
    ax.grid(True, axis="x", color="#E5E5E5", linewidth=0.8)
    ax.set_axisbelow(True)
    _side_legend(ax, fontsize=8, frameon=False, title="role", title_fontsize=8)
    if title is None:
        attribute = _info(raw).get("params", {}).get("attribute")
        title = f"Brokerage roles of the top {len(who)} brokers" + (
            f" (groups: {attribute})" if attribute else "")
    if title:
        ax.set_title(title)
    return ax
