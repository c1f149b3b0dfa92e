"""The immutable actor network that every clusternet measure reads."""

from __future__ import annotations

import numbers
import os
import warnings
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ._kernels.adjacency import induced, pairs_to_csr, upper_entries
from ._validation import check_choice, check_ids, check_same_kind, show
from .errors import (
    ClusternetError,
    ClusternetWarning,
    DuplicateError,
    IdError,
    UnknownActorError,
    UnknownAttributeError,
)
from .io import read_table
from .projection import project

if TYPE_CHECKING:  # pragma: no cover
    import igraph
    import networkx

__all__ = ["CollaborationGraph"]


class CollaborationGraph:
    """An actor network with actor attributes and, when built from
    affiliations, the actor x event incidence it was projected from.

    Build one with :func:`~clusternet.from_affiliations`,
    :func:`~clusternet.from_edgelist`, :func:`~clusternet.from_networkx` or
    :func:`~clusternet.from_igraph` rather than calling the constructor.
    Instances are immutable: every method returns a new graph, and the
    arrays behind :attr:`adjacency` and :attr:`incidence` are read-only.

    Conventions: one row of :attr:`actors` per actor, isolates included, in a
    fixed order that indexes the rows and columns of :attr:`adjacency`;
    float64 weights; no self-loops; parallel ties summed; the adjacency is
    symmetric when the graph is undirected.

    Examples
    --------
    >>> import pandas as pd, clusternet as cn
    >>> table = pd.DataFrame({"actor": ["ann", "bob", "cy", "bob"],
    ...                       "event": ["film", "film", "film", "play"]})
    >>> g = cn.from_affiliations(table)
    >>> g
    <CollaborationGraph: 3 actors, 3 ties, undirected; count projection of 2 events>
    >>> g.ties
      source target  weight
    0    ann    bob     1.0
    1    ann     cy     1.0
    2    bob     cy     1.0
    """

    __slots__ = ("_actors", "_adj", "_directed", "_incidence", "_events", "_records", "_meta",
                 "_participations", "_rule_values")

    def __init__(
        self,
        actors: pd.DataFrame,
        adjacency: sp.csr_array,
        *,
        directed: bool = False,
        incidence: sp.csr_array | None = None,
        events: pd.DataFrame | None = None,
        records: pd.DataFrame | None = None,
        meta: dict[str, Any] | None = None,
        participations: pd.DataFrame | None = None,
    ) -> None:
        n = len(actors)
        if not actors.index.is_unique:
            dup = actors.index[actors.index.duplicated()][0]
            raise DuplicateError(f"actor {dup!r} appears twice in the actor table")
        if adjacency.shape != (n, n):
            raise ClusternetError(
                f"adjacency has shape {adjacency.shape} but there are {n} actors"
            )
        if (incidence is None) != (events is None):
            raise ClusternetError("incidence and events must be given together")
        if incidence is not None and incidence.shape != (n, len(events)):
            raise ClusternetError(
                f"incidence has shape {incidence.shape}, expected ({n}, {len(events)})"
            )
        actors = actors.copy()
        actors.index.name = "actor"
        self._actors = actors
        self._adj = _frozen(sp.csr_array(adjacency, dtype=np.float64))
        self._directed = bool(directed)
        self._incidence = None if incidence is None else _frozen(incidence)
        if events is not None:
            events = events.copy()
            events.index.name = "event"
        self._events = events
        self._records = records
        self._meta = dict(meta or {})
        self._participations = None
        self._rule_values: dict[Any, pd.Series] = {}  # _actor_value, once per name
        if participations is not None and len(participations.columns):
            if self._incidence is None:
                raise ClusternetError("participation attributes need an incidence and events")
            both = [c for c in participations.columns if _has_column(actors, c)]
            if both:
                raise ClusternetError(
                    f"{both[0]!r} is both an actor attribute and a participation attribute; "
                    "rename one of them (an attribute has one meaning)"
                )
            # Keep the rows of this graph's participations, in their original order.
            keep = participations.index.isin(self._entry_index())
            self._participations = participations.loc[keep]

    # ------------------------------------------------------------------ data
    @property
    def actors(self) -> pd.DataFrame:
        """Actor attributes: a copy, index ``actor`` in graph order, isolates kept."""
        return self._actors.copy()

    @property
    def actor_ids(self) -> pd.Index:
        """The actor ids in graph order (the rows of :attr:`adjacency`)."""
        return self._actors.index

    @property
    def attributes(self) -> list[str]:
        """Names of the actor attribute columns."""
        return list(self._actors.columns)

    @property
    def adjacency(self) -> sp.csr_array:
        """Weighted adjacency, ``scipy.sparse.csr_array`` (read-only), rows and
        columns in :attr:`actors` order; directed rows are senders."""
        return self._adj

    @property
    def incidence(self) -> sp.csr_array | None:
        """Actor x event participation weights (affiliation graphs), else None."""
        return self._incidence

    @property
    def events(self) -> pd.DataFrame | None:
        """Event table (index ``event``; ``size`` = distinct actors, ``time``
        when given, event attributes) for affiliation graphs, else None."""
        return None if self._events is None else self._events.copy()

    @property
    def ties(self) -> pd.DataFrame:
        """One row per tie: ``source``, ``target``, ``weight``.

        Undirected ties appear once, ``source`` before ``target`` in actor
        order. Edge lists built with ``time=`` have one row per (source,
        target, time) with the weights of that time summed, and a ``time``
        column; :attr:`n_ties` still counts distinct pairs.
        """
        ids = self._actors.index
        if self._records is not None:
            rec = self._records
            return pd.DataFrame(
                {
                    "source": ids.take(rec["source"].to_numpy()),
                    "target": ids.take(rec["target"].to_numpy()),
                    "weight": rec["weight"].to_numpy(),
                    "time": rec["time"].to_numpy(),
                }
            )
        r, c, w = upper_entries(self._adj, directed=self._directed)
        return pd.DataFrame({"source": ids.take(r), "target": ids.take(c), "weight": w.copy()})

    @property
    def directed(self) -> bool:
        return self._directed

    @property
    def weighted(self) -> bool:
        """True when some tie weight differs from 1."""
        return bool(np.any(self._adj.data != 1.0))

    @property
    def n_actors(self) -> int:
        return len(self._actors)

    @property
    def n_ties(self) -> int:
        """Number of distinct ties (actor pairs; ordered pairs when directed)."""
        nnz = int(self._adj.nnz)
        return nnz if self._directed else nnz // 2

    @property
    def density(self) -> float:
        """Ties over possible ties: ``n_ties / (n(n-1)/2)``, or
        ``n_ties / (n(n-1))`` when directed; weights are ignored. NaN with
        fewer than two actors (no pair to tie).

        Examples
        --------
        >>> import pandas as pd, clusternet as cn
        >>> t = pd.DataFrame({"source": ["a", "a"], "target": ["b", "c"]})
        >>> cn.from_edgelist(t).density                   # 2 of the 3 pairs
        0.6666666666666666
        >>> cn.from_edgelist(t, directed=True).density    # 2 of the 6 ordered pairs
        0.3333333333333333
        """
        n = self.n_actors
        pairs = n * (n - 1) if self._directed else n * (n - 1) / 2
        return self.n_ties / pairs if pairs else float("nan")

    @property
    def n_events(self) -> int | None:
        return None if self._events is None else len(self._events)

    @property
    def projection(self) -> str | None:
        """The projection an affiliation graph was built with, else None."""
        return self._meta.get("projection")

    @property
    def has_time(self) -> bool:
        """True when events (affiliation graphs) or ties (edge lists) carry a time."""
        if self._events is not None:
            return "time" in self._events.columns
        return self._records is not None

    @property
    def times(self) -> pd.Series | None:
        """The time of each event (affiliation graphs) or tie record (edge lists)."""
        if self._events is not None and "time" in self._events.columns:
            return self._events["time"].copy()
        if self._records is not None:
            return self._records["time"].copy()
        return None

    # ------------------------------------------------------------ accessors
    def attribute(self, name: str) -> pd.Series:
        """One actor attribute as a Series indexed by actor id, in graph order.

        The public way for measures, nulls and plots to read an attribute
        (the table behind :attr:`actors` stays private).

        Parameters
        ----------
        name : str
            A column of :attr:`actors` (see :attr:`attributes`), or a
            participation attribute (see :attr:`participation_attributes`).

        Returns
        -------
        pandas.Series
            A copy named ``name``, index ``actor`` in graph order, isolates
            included; actors without a value keep it missing.

        Notes
        -----
        For a participation attribute (a value per row of the affiliation
        table), each actor's value is read from its participations in this
        graph -- in a window, those of the window: the most frequent value;
        a tie goes to the value of the latest participation (by event time,
        then by row of the table); participations without a value are not
        counted. Every actor-level measure of a window thus uses the actor's
        value in that window.

        Raises
        ------
        UnknownAttributeError
            No actor attribute ``name``; the message lists those the graph
            has and how to add one.

        See Also
        --------
        event_attribute : a column of the event table.
        with_attributes : a graph with more actor attributes.

        Examples
        --------
        >>> import pandas as pd, clusternet as cn
        >>> ties = pd.DataFrame({"source": ["a"], "target": ["b"]})
        >>> actors = pd.DataFrame({"actor": ["a", "b", "c"], "domain": ["art", "tech", "art"]})
        >>> g = cn.from_edgelist(ties, actors=actors)      # c is an isolate
        >>> domain = g.attribute("domain")
        >>> domain.index.name, domain.name, domain.tolist()
        ('actor', 'domain', ['art', 'tech', 'art'])
        >>> g.attribute("sector")
        Traceback (most recent call last):
        ...
        clusternet.errors.UnknownAttributeError: no actor attribute 'sector' ...

        A participation attribute: ann is "uni" twice and "firm" once.

        >>> t = pd.DataFrame({"actor": ["ann", "ann", "ann", "bob"], "event": [1, 2, 3, 3],
        ...                   "year": [2018, 2019, 2020, 2020],
        ...                   "sector": ["uni", "firm", "uni", "firm"]})
        >>> p = cn.from_affiliations(t, time="year", participation_attributes=["sector"])
        >>> p.attribute("sector").tolist()
        ['uni', 'firm']
        >>> p.window(2019, 2021).attribute("sector").tolist()   # 1 each: the latest
        ['uni', 'firm']
        >>> p.window(2018, 2020).attribute("sector").tolist()   # 1 each: the latest
        ['firm']
        """
        name = self._check_attribute(name)
        if self._is_participation_attribute(name):
            return self._actor_value(name)
        return self._actors[name].copy()

    @property
    def participation_attributes(self) -> list[str]:
        """Names of the participation attributes (columns of the affiliation
        table kept per row, see ``participation_attributes=`` of
        :func:`~clusternet.from_affiliations`); empty when there are none."""
        return [] if self._participations is None else list(self._participations.columns)

    def participation_attribute(self, name: str) -> pd.Series:
        """One participation attribute: the value of each stored participation.

        Parameters
        ----------
        name : str
            One of :attr:`participation_attributes`.

        Returns
        -------
        pandas.Series
            A copy named ``name``, indexed by (``actor``, ``event``) in the
            order of the stored entries of :attr:`incidence` (row by row,
            events in column order within a row). A repeated (actor, event)
            row of the table keeps the value of its first row.

        Raises
        ------
        UnknownAttributeError
            No participation attribute ``name``.

        Examples
        --------
        >>> import pandas as pd, clusternet as cn
        >>> t = pd.DataFrame({"actor": ["ann", "bob", "ann"], "event": [1, 1, 2],
        ...                   "sector": ["uni", "firm", "firm"]})
        >>> g = cn.from_affiliations(t, participation_attributes=["sector"])
        >>> g.participation_attribute("sector").tolist()
        ['uni', 'firm', 'firm']
        """
        check_attribute_name(name, self.participation_attributes)
        if not self._is_participation_attribute(name):
            have = ", ".join(map(repr, self.participation_attributes)) or "none"
            raise UnknownAttributeError(
                f"no participation attribute {name!r}; the graph has: {have}. Build it with "
                "cn.from_affiliations(..., participation_attributes=[<column>])"
            )
        values = self._participations[name].reindex(self._entry_index())
        values.name = name
        return values

    def _is_participation_attribute(self, name: Any) -> bool:
        return self._participations is not None and _has_column(self._participations, name)

    def _entry_index(self) -> pd.MultiIndex:
        B = self._incidence
        rows = np.repeat(np.arange(B.shape[0]), np.diff(B.indptr))
        return pd.MultiIndex.from_arrays(
            [self._actors.index[rows], self._events.index[B.indices]], names=["actor", "event"]
        )

    def _actor_value(self, name: Any) -> pd.Series:
        """Each actor's value of a participation attribute over this graph's
        rows: the most frequent; a tie goes to the value of the latest
        participation (by event time, then by row of the table); computed
        once per graph (the graph is immutable), a copy returned."""
        if name not in self._rule_values:
            self._rule_values[name] = self._rule_value(name)
        return self._rule_values[name].copy()

    def _rule_value(self, name: Any) -> pd.Series:
        part = self._participations[name]
        known = part.notna().to_numpy()
        part = part[known]
        order = np.arange(len(part))
        ev = part.index.get_level_values("event")
        if self._events is not None and "time" in self._events.columns:
            t = self._events["time"].reindex(ev).to_numpy()
        else:
            t = np.zeros(len(part))
        rows = pd.DataFrame({"actor": part.index.get_level_values("actor"),
                             "value": part.to_numpy(), "time": t, "order": order})
        stats = rows.groupby(["actor", "value"], sort=False, dropna=False).agg(
            n=("order", "size"), time=("time", "max"), order=("order", "max")
        ).reset_index()
        stats = stats.sort_values(["n", "time", "order"], na_position="first", kind="stable")
        best = stats.drop_duplicates("actor", keep="last").set_index("actor")["value"]
        out = best.reindex(self._actors.index)
        if isinstance(part.dtype, pd.CategoricalDtype) or out.dtype == object:
            try:
                out = out.astype(part.dtype)
            except (TypeError, ValueError):
                pass
        out.index.name = "actor"
        out.name = name
        return out

    def event_attribute(self, name: str) -> pd.Series:
        """One column of the event table as a Series indexed by event id.

        Parameters
        ----------
        name : str
            A column of :attr:`events`: ``size`` (distinct actors), ``time``
            when the graph was built with ``time=``, or an event attribute
            passed as ``events=``.

        Returns
        -------
        pandas.Series
            A copy named ``name``, index ``event`` in the order of the
            columns of :attr:`incidence`.

        Raises
        ------
        UnknownAttributeError
            The events have no column ``name``, or the graph has no events
            (it was not built with :func:`~clusternet.from_affiliations`).

        Examples
        --------
        >>> import pandas as pd, clusternet as cn
        >>> t = pd.DataFrame({"actor": ["ann", "bob", "bob"], "event": ["film", "film", "play"]})
        >>> g = cn.from_affiliations(t)
        >>> g.event_attribute("size").tolist()
        [2, 1]
        >>> h = cn.from_edgelist(pd.DataFrame({"source": ["a"], "target": ["b"]}))
        >>> h.event_attribute("size")
        Traceback (most recent call last):
        ...
        clusternet.errors.UnknownAttributeError: no event attribute 'size' ...: the graph has no events; ...
        """
        check_attribute_name(
            name, [] if self._events is None else list(self._events.columns))
        if self._events is None:
            raise UnknownAttributeError(
                f"no event attribute {name!r} (parameter attribute): the graph has no events; "
                "event attributes need an affiliation graph, built with cn.from_affiliations"
            )
        if not _has_column(self._events, name):
            have = ", ".join(map(repr, self._events.columns)) or "none"
            raise UnknownAttributeError(
                f"no event attribute {name!r} (parameter attribute); the graph's events have: "
                f"{have}. Add some with events= when building."
            )
        return self._events[name].copy()

    def degree(self, *, direction: str = "out") -> pd.Series:
        """Number of distinct contacts of each actor (tie weights ignored).

        Parameters
        ----------
        direction : {"out", "in", "all"}, default "out"
            For a directed graph: the actors it sends ties to (``"out"``),
            receives ties from (``"in"``) or either (``"all"``, the degree in
            :math:`A + A^T`: a reciprocated pair counts once, where networkx's
            ``DiGraph.degree`` counts it twice). An undirected graph has one
            degree, whichever is asked.

        Returns
        -------
        pandas.Series
            int64, named ``degree``, indexed by actor in graph order;
            isolates have 0.

        Raises
        ------
        ClusternetError
            ``direction`` is not one of the three.

        See Also
        --------
        strength : the same with tie weights.

        Examples
        --------
        >>> import pandas as pd, clusternet as cn
        >>> t = pd.DataFrame({"source": ["a", "a", "b"], "target": ["b", "c", "a"]})
        >>> cn.from_edgelist(t).degree().tolist()         # undirected: a-b, a-c
        [2, 1, 1]
        >>> g = cn.from_edgelist(t, directed=True)          # a->b, a->c, b->a
        >>> g.degree().tolist(), g.degree(direction="in").tolist()
        ([2, 1, 0], [1, 1, 1])
        >>> g.degree(direction="all").tolist()
        [2, 1, 1]
        """
        values = self._row_totals(direction, weighted=False)
        return pd.Series(values.astype(np.int64), index=self._actors.index.copy(), name="degree")

    def strength(self, *, direction: str = "out") -> pd.Series:
        """Total tie weight of each actor.

        Parameters
        ----------
        direction : {"out", "in", "all"}, default "out"
            For a directed graph: the weight of the ties it sends, receives,
            or both (``"all"``, the row sums of :math:`A + A^T`: out-strength
            plus in-strength, as networkx's ``DiGraph.degree(weight=...)``).
            An undirected graph has one strength, whichever is asked.

        Returns
        -------
        pandas.Series
            float64, named ``strength``, indexed by actor in graph order;
            isolates have 0.

        Raises
        ------
        ClusternetError
            ``direction`` is not one of the three.

        See Also
        --------
        degree : the number of contacts.

        Examples
        --------
        >>> import pandas as pd, clusternet as cn
        >>> t = pd.DataFrame({"source": ["a", "a", "b"], "target": ["b", "c", "a"],
        ...                   "w": [1.0, 2.0, 4.0]})
        >>> cn.from_edgelist(t, weight="w").strength().tolist()   # a-b summed: 1 + 4
        [7.0, 5.0, 2.0]
        >>> g = cn.from_edgelist(t, weight="w", directed=True)
        >>> g.strength().tolist(), g.strength(direction="in").tolist()
        ([3.0, 4.0, 0.0], [4.0, 1.0, 2.0])
        >>> g.strength(direction="all").tolist()
        [7.0, 5.0, 2.0]
        """
        values = self._row_totals(direction, weighted=True)
        return pd.Series(
            values.astype(np.float64), index=self._actors.index.copy(), name="strength"
        )

    def positions(self, ids: Any) -> np.ndarray:
        """Positions of actor ids: their rows in :attr:`adjacency` (and
        :attr:`incidence`), in the order given.

        Parameters
        ----------
        ids : actor id or iterable of actor ids
            A string (or any non-iterable) is one id.

        Returns
        -------
        numpy.ndarray
            int64, one position per id given.

        Raises
        ------
        UnknownActorError
            An id is not in the graph (the message names up to five).
        DuplicateError
            An id is given twice.

        Examples
        --------
        >>> import pandas as pd, clusternet as cn
        >>> g = cn.from_edgelist(pd.DataFrame({"source": ["a", "a"], "target": ["b", "c"]}))
        >>> g.positions(["c", "a"]).tolist(), g.positions("b").tolist()
        ([2, 0], [1])
        >>> g.positions(["a", "z"])
        Traceback (most recent call last):
        ...
        clusternet.errors.UnknownActorError: 1 actor(s) are not in the graph, e.g. ['z']
        """
        if isinstance(ids, (str, bytes)) or not isinstance(ids, Iterable):
            ids = [ids]
        wanted = pd.Index(list(ids), tupleize_cols=False)
        if not wanted.is_unique:
            raise DuplicateError(
                f"actor {show(wanted[wanted.duplicated()][0])} is named twice"
            )
        pos = self._actors.index.get_indexer(wanted)
        if (pos < 0).any():
            missing = list(wanted[pos < 0][:5])
            raise UnknownActorError(
                f"{int((pos < 0).sum())} actor(s) are not in the graph, e.g. {missing!r}"
            )
        return pos.astype(np.int64)

    @property
    def meta(self) -> dict[str, Any]:
        """How the graph was built: ``source`` (``"affiliations"``,
        ``"edgelist"``, ``"networkx"``, ``"igraph"``) and the builder's
        options (``projection``, ``min_weight``, ``max_ties``, ``weight``),
        plus ``null`` for a null-model draw. A copy: changing it changes
        nothing.

        Examples
        --------
        >>> import pandas as pd, clusternet as cn
        >>> t = pd.DataFrame({"actor": ["ann", "bob"], "event": ["film", "film"]})
        >>> m = cn.from_affiliations(t, projection="newman").meta
        >>> m["source"], m["projection"]
        ('affiliations', 'newman')
        """
        return dict(self._meta)

    def _check_attribute(self, name: Any) -> Any:
        check_attribute_name(name, self.attributes + self.participation_attributes)
        if self._is_participation_attribute(name):
            return name
        if not _has_column(self._actors, name):
            have = ", ".join(map(repr, self.attributes)) or "none"
            raise UnknownAttributeError(
                f"no actor attribute {name!r} (parameter attribute); the graph has: {have}. "
                "Add one with g.with_attributes(table) or actors= when building."
            )
        return name

    def _row_totals(self, direction: str, *, weighted: bool) -> np.ndarray:
        """Per-actor count (or weight) of ties in ``direction``."""
        if direction not in ("out", "in", "all"):
            raise ClusternetError(
                f"unknown direction={direction!r}; choose 'out', 'in' or 'all'"
            )
        A = self._adj
        if self._directed and direction == "in":
            return np.bincount(A.indices, weights=A.data if weighted else None,
                               minlength=A.shape[0])
        if self._directed and direction == "all":
            A = sp.csr_array(A + A.T)
        return A.sum(axis=1) if weighted else np.diff(A.indptr)

    # --------------------------------------------------------------- methods
    def with_attributes(self, table: pd.DataFrame, *, unknown: str = "error") -> CollaborationGraph:
        """A new graph whose actor table has the columns of ``table`` added
        (replacing columns of the same name).

        Parameters
        ----------
        table : DataFrame
            Indexed by actor id, or with an ``actor`` column.
        unknown : {"error", "ignore"}
            What to do with rows for actors that are not in the graph.

        Returns
        -------
        CollaborationGraph
            Same ties; the original graph is unchanged.

        Raises
        ------
        UnknownActorError
            Rows for actors not in the graph (with ``unknown="error"``).

        Examples
        --------
        >>> import pandas as pd, clusternet as cn
        >>> g = cn.from_edgelist(pd.DataFrame({"source": ["ann", "bob"],
        ...                                    "target": ["bob", "cy"]}))
        >>> h = g.with_attributes(pd.DataFrame({"actor": ["ann", "bob", "cy"],
        ...                                     "domain": ["art", "tech", "art"]}))
        >>> h.actors["domain"].tolist()
        ['art', 'tech', 'art']
        >>> g.attributes
        []
        """
        check_choice(unknown, ("error", "ignore"), "unknown")
        attrs = actor_table(table, "with_attributes(table)")
        check_same_kind(self._actors.index, attrs.index, "the graph", "the attribute table")
        extra = attrs.index.difference(self._actors.index, sort=False)
        if len(extra) and unknown == "error":
            raise UnknownActorError(
                f"the attribute table has {len(extra)} actor(s) not in the graph, e.g. "
                f"{list(extra[:5])!r}; pass unknown='ignore' to skip them"
            )
        attrs = attrs.reindex(self._actors.index)
        merged = self._actors.drop(columns=[c for c in attrs.columns if c in self._actors.columns])
        merged = pd.concat([merged, attrs], axis=1)
        return self._replace(actors=merged)

    def subgraph(
        self, ids: Iterable[Any] | None = None, *, actors: Iterable[Any] | None = None
    ) -> CollaborationGraph:
        """The subgraph induced by the actors ``ids``, in graph order.

        Affiliation graphs keep each chosen actor's events (all of them, so
        jaccard and overlap stay defined by the whole record) and each
        event's original size, so that ``g.subgraph(a).window(s, e)`` equals
        ``g.window(s, e).subgraph(...)`` on the actors they share.

        Parameters
        ----------
        ids : iterable of actor ids
            The actors to keep (see :meth:`positions`).
        actors : iterable of actor ids
            The old name of ``ids``: it still works, with a
            ``FutureWarning``, until the next minor version (``actors=``
            names an attribute table everywhere else).

        Raises
        ------
        UnknownActorError
            An actor id that is not in the graph (the message names it).
        DuplicateError
            An actor id given twice.

        Examples
        --------
        >>> import pandas as pd, clusternet as cn
        >>> g = cn.from_edgelist(pd.DataFrame({"source": ["ann", "bob", "cy"],
        ...                                    "target": ["bob", "cy", "dan"]}))
        >>> s = g.subgraph(["cy", "ann", "bob"])
        >>> list(s.actor_ids), s.n_ties
        (['ann', 'bob', 'cy'], 2)
        """
        if actors is not None:
            if ids is not None:
                raise ClusternetError("subgraph: pass ids= only; actors= is its old name")
            warnings.warn(
                "subgraph(actors=...) is renamed subgraph(ids=...); actors= stops working in "
                "the next minor version",
                FutureWarning,
                stacklevel=2,
            )
            ids = actors
        if ids is None:
            raise TypeError("subgraph() needs the actor ids to keep")
        return self._take(np.sort(self.positions(ids)))

    def window(self, start: Any = None, end: Any = None) -> CollaborationGraph:
        """The graph of the events (or timed ties) with ``start <= time < end``.

        Affiliation graphs are re-projected exactly from the events in the
        window, with the graph's own projection and ``min_weight``; edge
        lists keep the tie records in it. The window holds the actors with
        at least one event (or tie) in it, in graph order; ``None`` leaves a
        side open. Records without a time (kept with ``missing_time="keep"``
        when building) are in no window.

        Bounds are read in the type of the times:
        numbers for numeric times; for datetimes a Timestamp, a date string
        or an int year (``2020`` is 1 January 2020, in the times' zone).

        Raises
        ------
        ClusternetError
            The graph has no time; a bound that is NaN or cannot be read in
            the type of the times; ``start`` after ``end``.

        Warns
        -----
        ClusternetWarning
            The window holds no record (empty, or outside the data's times).

        Examples
        --------
        >>> import pandas as pd, clusternet as cn
        >>> t = pd.DataFrame({"actor": ["ann", "bob", "ann", "cy", "bob", "cy"],
        ...                   "event": ["film", "film", "play", "play", "show", "show"],
        ...                   "year": [2019, 2019, 2020, 2020, 2021, 2021]})
        >>> g = cn.from_affiliations(t, time="year")
        >>> w = g.window(2020, 2022)   # 2020 and 2021: half-open [start, end)
        >>> w
        <CollaborationGraph: 3 actors, 2 ties, undirected; count projection of 2 events, time 2020..2021>
        >>> w.ties
          source target  weight
        0    ann     cy     1.0
        1    bob     cy     1.0
        """
        times = self.times
        if times is None:
            raise ClusternetError(
                "this graph has no time: build it with time=<column> to take windows"
            )
        lo = time_bound(times, start, "start")
        hi = time_bound(times, end, "end")
        check_span(lo, hi)
        mask = times.notna().to_numpy().copy()
        try:
            if lo is not None:
                mask &= (times >= lo).to_numpy()
            if hi is not None:
                mask &= (times < hi).to_numpy()
        except TypeError as exc:
            raise ClusternetError(
                f"window bounds start={start!r}, end={end!r} cannot be compared with times "
                f"of dtype {times.dtype}"
            ) from exc
        if not mask.any() and (lo is not None or hi is not None):
            known = times.dropna()
            have = (f"the times run from {known.min()} to {known.max()}" if len(known)
                    else "no record has a time")
            warnings.warn(
                f"window [{lo}, {hi}) holds no record: {have}; the graph is empty",
                ClusternetWarning,
                stacklevel=2,
            )
        if self._events is not None:
            ev = np.flatnonzero(mask)
            B = sp.csr_array(self._incidence[:, ev])
            active = np.flatnonzero(np.diff(B.indptr) > 0)
            B = sp.csr_array(B[active])
            sizes = self._events["size"].to_numpy()[ev]
            A = project(
                B,
                sizes,
                projection=self._meta["projection"],
                min_weight=self._meta.get("min_weight", 0.0),
                max_ties=self._meta.get("max_ties"),
                event_ids=self._events.index[ev],
            )
            return CollaborationGraph(
                self._actors.iloc[active],
                A,
                directed=False,
                incidence=B,
                events=self._events.iloc[ev],
                meta=self._meta,
                participations=self._participations,
            )
        rec = self._records.loc[mask]
        active = np.unique(np.concatenate([rec["source"].to_numpy(), rec["target"].to_numpy()]))
        remap = np.full(self.n_actors, -1, dtype=np.int64)
        remap[active] = np.arange(len(active))
        rec = pd.DataFrame(
            {
                "source": remap[rec["source"].to_numpy()],
                "target": remap[rec["target"].to_numpy()],
                "weight": rec["weight"].to_numpy(),
                "time": rec["time"].to_numpy(),
            }
        )
        A = pairs_to_csr(rec["source"], rec["target"], rec["weight"], len(active),
                         directed=self._directed)
        return CollaborationGraph(
            self._actors.iloc[active], A, directed=self._directed, records=rec, meta=self._meta
        )

    def to_networkx(self) -> networkx.Graph:
        """A ``networkx.Graph`` (``DiGraph`` when directed): nodes are actor ids
        with their attributes (missing values left out), ties carry ``weight``.

        Examples
        --------
        >>> import pandas as pd, clusternet as cn
        >>> g = cn.from_edgelist(pd.DataFrame({"source": ["a"], "target": ["b"], "w": [2.0]}),
        ...                      weight="w")
        >>> G = g.to_networkx()
        >>> G["a"]["b"]["weight"]
        2.0
        >>> cn.from_networkx(G).ties.equals(g.ties)
        True
        """
        import networkx as nx

        G = nx.DiGraph() if self._directed else nx.Graph()
        ids = self._actors.index.tolist()
        node_attrs: list[dict[str, Any]] = [{} for _ in ids]
        for col in self._actors.columns:
            values = _python_values(self._actors[col])
            for i in np.flatnonzero(self._actors[col].notna().to_numpy()):
                node_attrs[i][col] = values[i]
        G.add_nodes_from(zip(ids, node_attrs))
        r, c, w = upper_entries(self._adj, directed=self._directed)
        G.add_weighted_edges_from(zip([ids[i] for i in r], [ids[j] for j in c], w.tolist()))
        return G

    def to_igraph(self) -> igraph.Graph:
        """An ``igraph.Graph``: vertex ``name`` = actor id, actor attributes as
        vertex attributes, ties carry ``weight``.

        Raises
        ------
        ClusternetError
            An actor attribute called ``name``, which igraph reserves for ids.

        Examples
        --------
        >>> import pandas as pd, clusternet as cn
        >>> g = cn.from_edgelist(pd.DataFrame({"source": ["a"], "target": ["b"], "w": [2.0]}),
        ...                      weight="w")
        >>> G = g.to_igraph()
        >>> G.vs["name"], G.es["weight"]
        (['a', 'b'], [2.0])
        """
        import igraph as ig

        if "name" in self._actors.columns:
            raise ClusternetError(
                "an actor attribute called 'name' would clash with igraph's vertex names; "
                "rename it first, e.g. g.with_attributes(...) with another column name"
            )
        r, c, w = upper_entries(self._adj, directed=self._directed)
        G = ig.Graph(n=self.n_actors, edges=np.column_stack([r, c]).tolist(),
                     directed=self._directed)
        G.vs["name"] = self._actors.index.tolist()
        for col in self._actors.columns:
            G.vs[col] = _python_values(self._actors[col])
        G.es["weight"] = w.tolist()
        return G

    # ------------------------------------------------------------- internals
    def _take(self, pos: np.ndarray) -> CollaborationGraph:
        A = induced(self._adj, pos)
        if self._events is not None:
            B = sp.csr_array(self._incidence[pos])
            ev = np.flatnonzero(np.bincount(B.indices, minlength=B.shape[1]) > 0)
            B = sp.csr_array(B[:, ev])
            return CollaborationGraph(
                self._actors.iloc[pos], A, incidence=B, events=self._events.iloc[ev],
                meta=self._meta, participations=self._participations,
            )
        rec = None
        if self._records is not None:
            remap = np.full(self.n_actors, -1, dtype=np.int64)
            remap[pos] = np.arange(len(pos))
            s = remap[self._records["source"].to_numpy()]
            t = remap[self._records["target"].to_numpy()]
            keep = (s >= 0) & (t >= 0)
            rec = pd.DataFrame(
                {
                    "source": s[keep],
                    "target": t[keep],
                    "weight": self._records["weight"].to_numpy()[keep],
                    "time": self._records["time"].to_numpy()[keep],
                }
            )
        return CollaborationGraph(
            self._actors.iloc[pos], A, directed=self._directed, records=rec, meta=self._meta
        )

    def _replace(self, **changes: Any) -> CollaborationGraph:
        parts = {
            "actors": self._actors,
            "adjacency": self._adj,
            "directed": self._directed,
            "incidence": self._incidence,
            "events": self._events,
            "records": self._records,
            "meta": self._meta,
            "participations": self._participations,
        }
        parts.update(changes)
        actors = parts.pop("actors")
        adjacency = parts.pop("adjacency")
        return CollaborationGraph(actors, adjacency, **parts)

    def __repr__(self) -> str:
        kind = "directed" if self._directed else "undirected"
        parts = [f"{self.n_actors} actors", f"{self.n_ties} ties", kind]
        if self.weighted and self._events is None:
            parts.append("weighted")
        text = ", ".join(parts)
        if self._events is not None:
            text += f"; {self._meta.get('projection')} projection of {self.n_events} events"
        times = self.times
        if times is not None and len(times):
            text += f", time {times.min()}..{times.max()}"
        if len(self._actors.columns):
            cols = list(self._actors.columns)
            shown = ", ".join(map(str, cols[:6])) + (", ..." if len(cols) > 6 else "")
            text += f"; attributes: {shown}"
        return f"<CollaborationGraph: {text}>"

    def __copy__(self) -> CollaborationGraph:
        return self

    def __deepcopy__(self, memo: dict) -> CollaborationGraph:
        return self


def _frozen(a: sp.csr_array) -> sp.csr_array:
    a = sp.csr_array(a, copy=False)
    if not a.has_sorted_indices:
        a = a.copy()
        a.sort_indices()
    for arr in (a.data, a.indices, a.indptr):
        arr.flags.writeable = False
    return a


def _has_column(table: pd.DataFrame, name: Any) -> bool:
    try:
        return name in table.columns
    except TypeError:  # an unhashable name (a list) is no column
        return False


def _python_values(values: pd.Series) -> list[Any]:
    """Column values as Python objects (numpy scalars unwrapped), as networkx
    and igraph attributes."""
    return values.astype(object).tolist()


def actor_table(table: Any, what: str) -> pd.DataFrame:
    """A copy of an actor attribute table indexed by actor id (index or an
    ``actor`` column), with unique, non-null ids of one type."""
    return keyed_table(table, "actor", what)


def keyed_table(table: Any, key: str, what: str) -> pd.DataFrame:
    """A copy of an attribute table indexed by ``key`` ids (its index or a
    ``key`` column); a path is read with :func:`~clusternet.read_table`.
    Null, mixed-type and repeated ids raise, naming ``what``."""
    if isinstance(table, (str, os.PathLike)):
        table = read_table(table, ids=(key, "actor", "event"))
    if not isinstance(table, pd.DataFrame):
        raise ClusternetError(f"{what} must be a DataFrame, got {type(table).__name__}")
    dup = table.columns[table.columns.duplicated()]
    if len(dup):
        raise ClusternetError(
            f"{what} has two columns named {show(dup[0])}; rename one (column names must be "
            "unique)"
        )
    out = table.set_index(key) if key in table.columns else table.copy()
    if isinstance(out.index.dtype, pd.CategoricalDtype):
        # categorical ids are matched by value: the categories' own type
        out.index = pd.Index(np.asarray(out.index.astype(out.index.categories.dtype)),
                             name=out.index.name, tupleize_cols=False)
    ids = pd.Series(out.index, index=out.index, copy=False)
    if ids.isna().any():
        pos = int(np.flatnonzero(ids.isna().to_numpy())[0])
        raise IdError(f"{what} has a null {key} id in row {pos} (counting from 0)")
    check_ids(ids.reset_index(drop=True), key, what, key)
    if not out.index.is_unique:
        d = out.index[out.index.duplicated()][0]
        raise DuplicateError(
            f"{what} lists {key} {show(d)} more than once; {key} ids must be unique"
        )
    out.index.name = key
    return out


def check_attribute_name(name: Any, have: Iterable[Any] = ()) -> None:
    """Refuse an attribute name that is not a string (a list, a number) with
    an :class:`~clusternet.errors.UnknownAttributeError` (a ClusternetError),
    the same way for every measure: they read attributes through
    :meth:`CollaborationGraph.attribute` and
    :meth:`~CollaborationGraph.event_attribute`."""
    if not isinstance(name, str):
        listed = ", ".join(map(repr, have)) or "none"
        raise UnknownAttributeError(
            f"attribute must be the name of one column (a str), got {show(name)} "
            f"({type(name).__name__}); the graph has: {listed}. Pass one name, e.g. "
            "attribute='domain', and call the measure once per attribute"
        )


def _is_nan(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def time_bound(times: pd.Series, value: Any, param: str) -> Any:
    """A window bound read in the type of ``times``, or a ClusternetError.

    The one rule for :meth:`CollaborationGraph.window` and the windows of
    :mod:`clusternet.temporal`: ``None`` stays open; NaN/NaT is refused;
    numeric times take real numbers; datetime times take a Timestamp, a
    datetime, a date string or an int year (``2020`` is 1 January 2020),
    localised to the times' zone when they have one.

    Examples
    --------
    >>> import pandas as pd
    >>> from clusternet.graph import time_bound
    >>> time_bound(pd.Series(pd.to_datetime(["2020-03-01"])), 2020, "start")
    Timestamp('2020-01-01 00:00:00')
    >>> time_bound(pd.Series([2020, 2021]), "2020", "start")
    Traceback (most recent call last):
    ...
    clusternet.errors.ClusternetError: start='2020' cannot bound times of dtype int64: ...
    """
    if value is None:
        return None
    if _is_nan(value):
        raise ClusternetError(f"{param}={value!r} is not a time: give a bound or None (open)")
    dtype = times.dtype
    if pd.api.types.is_datetime64_any_dtype(dtype):
        tz = getattr(dtype, "tz", None)
        bound = None
        if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
            bound = pd.Timestamp(year=int(value), month=1, day=1)
        elif not isinstance(value, (bool, np.bool_, float, np.floating)):
            try:
                bound = pd.Timestamp(value)
            except (TypeError, ValueError):
                bound = None
        if bound is None or bound is pd.NaT:
            raise ClusternetError(
                f"{param}={value!r} cannot bound datetime times: give a Timestamp, a date "
                "string such as '2020-01-01' or an int year (2020 is 1 January 2020)"
            )
        if tz is not None and bound.tzinfo is None:
            bound = bound.tz_localize(tz)
        elif tz is None and bound.tzinfo is not None:
            raise ClusternetError(
                f"{param}={value!r} has a time zone but the times have none; give it without "
                "a zone"
            )
        return bound
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
            raise ClusternetError(
                f"{param}={value!r} cannot bound times of dtype {dtype}: give a number in the "
                f"unit of the times, e.g. {param}={_example(times)!r}"
            )
        return value.item() if isinstance(value, np.generic) else value
    return value


def _example(times: pd.Series) -> Any:
    known = times.dropna()
    if not len(known):
        return 0
    v = known.min()
    return v.item() if isinstance(v, np.generic) else v


def check_span(lo: Any, hi: Any) -> None:
    """Refuse ``start`` after ``end`` (bounds already read by :func:`time_bound`)."""
    if lo is not None and hi is not None and lo > hi:
        raise ClusternetError(
            f"start={lo!r} is after end={hi!r}: a window runs from start (included) to end "
            "(excluded); swap them"
        )
