"""The registry of measures: every public measure is declared once, here
found by everything that uses it.

A measure module declares each public function with :func:`measure`::

    @measure(family="convergence", levels={"network": "float", "group": "Series"},
             references=("krackhardt1988",), permutation=_ei_kernel)
    def ei_index(g, attribute, *, level="network", weight=False, missing="error"): ...

The declaration records the family, the levels the measure offers and the
kind of result at each, its references (keys of
:data:`clusternet._bibliography.BIBLIOGRAPHY`), the checks of its options
(one checker per option name, shared by every measure that has the option),
renamed arguments that still work for a while with a ``FutureWarning``, and,
when the statistic depends on the actors' labels only through their values
of the attribute, a *permutation kernel* (:class:`Permutation`) that the label
permutation tests run instead of rebuilding a graph per draw.

Inference, :func:`clusternet.temporal.over_time`, the diversity ``measure=``
option, the report, the CLI, the methods paragraph and the docs all read the
registry (:func:`entries`, :func:`get`, :func:`of`); nothing looks a measure
up with importlib or by its signature. :func:`clusternet.measures` shows it
as a table.
"""

from __future__ import annotations

import functools
import importlib
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ._bibliography import BIBLIOGRAPHY
from .errors import ClusternetError

__all__ = [
    "EGO_BLOCKS",
    "FAMILIES",
    "LEVELS",
    "EgoBlocks",
    "Measure",
    "Permutation",
    "entries",
    "get",
    "measure",
    "measures",
    "of",
]

#: The levels a measure can be computed at, and what its result is indexed by.
LEVELS = ("network", "group", "actor", "event", "period", "counts")

#: The families, in the order of the docs. Each is a subpackage of clusternet
#: whose import declares its measures.
FAMILIES = ("convergence", "diversity", "brokerage", "structure", "temporal", "territory")

#: What a result is at a level: a Python float, a pandas object indexed by
#: the level's units (actors, groups, events, periods), or a result class.
KINDS = ("float", "Series", "DataFrame", "float or Series")


@dataclass(frozen=True)
class Permutation:
    """What a label permutation test of a measure needs, fixed once.

    Attributes
    ----------
    values : ndarray
        One entry per actor, in graph order: what a permutation moves
        (group codes, or numbers). Actors without a value keep theirs.
    statistic : callable
        ``statistic(values[perm]) -> ndarray of float``: the measure, as a
        flat vector (a float is a vector of one), for permuted values. On
        ``values`` itself it must give the measure's own value, bit for bit
        (inference checks it). It must be pure and thread-safe: with
        ``n_jobs > 1`` inference calls it from several threads at once.
    """

    values: np.ndarray
    statistic: Callable[[np.ndarray], np.ndarray]


#: How an actor-level value can be split over blocks of egos (see
#: :class:`EgoBlocks`).
EGO_BLOCKS = ("egos", "ties", "neighbourhood")


@dataclass(frozen=True)
class EgoBlocks:
    """How a measure's actor-level values split over blocks of egos, for
    :func:`clusternet.distributed.map_egos` (the ``ego_blocks`` of
    :class:`Measure`; ``@measure(ego_blocks="ties")`` is short for
    ``EgoBlocks("ties")``). Only the measure's ``"actor"`` level splits: a
    call at another level (``level_of(options)``) does not.

    Attributes
    ----------
    graph : {"egos", "ties", "neighbourhood"}
        What an ego's value depends on, hence the graph a block of egos is
        computed on:

        - ``"egos"``: the measure takes ``egos=`` and reads the ego's
          two-step neighbourhood (its ties, and every tie of its contacts:
          their strengths, degrees, strongest ties); called with
          ``egos=block`` on the whole graph, or on the graph of the ties
          with an end among the block's egos and contacts;
        - ``"ties"``: only the ego's own ties and its contacts' attributes;
          computed on the graph of the ties with an end among the block's
          egos (every actor and attribute kept);
        - ``"neighbourhood"``: also the ties of (and among) its contacts;
          computed on the graph of the ties with an end among the block's
          egos and their contacts (every actor and attribute kept).
    constants : callable, optional
        For a measure whose actor values also use constants of the whole
        graph (a null model's density and group sizes):
        ``constants(actors, count_ties, *args, **options) -> state``, run
        once, where the caller is. ``actors`` is a graph of every actor
        with its attributes and no ties (directed as the graph);
        ``count_ties(keep)`` counts the stored adjacency entries (both
        directions of an undirected tie) with both ends where the boolean
        mask ``keep`` is True (every entry for None).
    block : callable, optional
        With ``constants``: ``block(g_block, egos, state, *args, **options)``
        returns the actor rows of ``egos`` (a Series or DataFrame) from the
        block's graph; without, the measure itself is called on it.
    """

    graph: str
    constants: Callable[..., Any] | None = None
    block: Callable[..., Any] | None = None

    def __post_init__(self) -> None:
        if self.graph not in EGO_BLOCKS or (self.constants is None) != (self.block is None):
            raise AssertionError(f"bad EgoBlocks {self!r}")


@dataclass(frozen=True, eq=False)
class Measure:
    """One registered measure (see the module docstring).

    ``ego_blocks`` (an :class:`EgoBlocks`, or None) says how its
    actor-level values split over blocks of egos
    (:func:`clusternet.distributed.map_egos`); None: they do not.
    """

    name: str
    func: Callable[..., Any]
    family: str
    levels: Mapping[str, str]
    references: tuple[str, ...]
    summary: str
    attribute: str | None = "attribute"
    level_param: str | None = None
    permutation: Callable[..., Permutation | None] | None = None
    needs_events: bool = False
    checks: Mapping[str, Callable[[Any, str], Any]] = field(default_factory=dict)
    renamed: Mapping[str, str] = field(default_factory=dict)
    positional: tuple[str, ...] = ()
    method: str | Callable[[Mapping[str, Any]], str] | None = None
    ego_blocks: EgoBlocks | None = None

    @property
    def qualname(self) -> str:
        """``family.name``, as in ``cn.convergence.ei_index``."""
        return f"{self.family}.{self.name}"

    @property
    def permutable(self) -> bool:
        """Whether label permutation tests have a kernel for it."""
        return self.permutation is not None

    @property
    def default_level(self) -> str:
        return next(iter(self.levels))

    def level_of(self, options: Mapping[str, Any]) -> str:
        """The level a call with these options computes."""
        if self.level_param is not None and self.level_param in options:
            return str(options[self.level_param])
        return self.default_level

    def check(self, options: Mapping[str, Any]) -> dict[str, Any]:
        """``options`` with renamed arguments mapped (FutureWarning) and each
        checked by its declared checker; raises :class:`ClusternetError`."""
        out = dict(options)
        for old, new in self.renamed.items():
            if old in out:
                if new in out:
                    raise ClusternetError(
                        f"{self.name}: pass {new}= only; {old}= is its old name"
                    )
                warnings.warn(
                    f"{self.name}({old}=...) is renamed {new}=; {old}= stops working in the "
                    "next minor version",
                    FutureWarning,
                    stacklevel=3,
                )
                out[new] = out.pop(old)
        if self.level_param is not None and self.level_param in out:
            level = out[self.level_param]
            if level not in self.levels:
                raise ClusternetError(
                    f"{self.name}: unknown {self.level_param}={level!r}; choose one of "
                    f"{', '.join(map(repr, self.levels))}"
                )
        for name, checker in self.checks.items():
            if name in out:
                out[name] = checker(out[name], name)
        return out

    def kernel(self, g: Any, attribute: str, options: Mapping[str, Any]) -> Permutation | None:
        """The permutation kernel for these (checked) options, or None when
        the measure has none for them."""
        if self.permutation is None:
            return None
        return self.permutation(g, attribute, **options)

    def cite(self) -> list[str]:
        """The full references, in the declared order."""
        return [BIBLIOGRAPHY[k] for k in self.references]


_MEASURES: dict[str, Measure] = {}
_BY_FUNC: dict[Any, Measure] = {}


def measure(
    *,
    family: str,
    levels: Mapping[str, str],
    references: tuple[str, ...],
    summary: str,
    attribute: str | None = "attribute",
    level_param: str | None = None,
    permutation: Callable[..., Permutation | None] | None = None,
    needs_events: bool = False,
    checks: Mapping[str, Callable[[Any, str], Any]] | None = None,
    renamed: Mapping[str, str] | None = None,
    positional: tuple[str, ...] = (),
    method: str | Callable[[Mapping[str, Any]], str] | None = None,
    ego_blocks: str | EgoBlocks | None = None,
    name: str | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare a public measure (see the module docstring).

    The decorated function is wrapped so that renamed arguments and options
    passed positionally (``positional``, the old order) keep working with a
    ``FutureWarning``, and every option named in ``checks`` is checked by its
    checker before the function runs. The wrapper keeps the function's name,
    docstring and signature.
    """
    if family not in FAMILIES:
        raise AssertionError(f"unknown family {family!r}")
    bad = [lv for lv in levels if lv not in LEVELS] + [
        k for k in levels.values() if k not in KINDS and not k[:1].isupper()
    ]
    if bad or not levels:
        raise AssertionError(f"bad levels {levels!r}")
    missing = [k for k in references if k not in BIBLIOGRAPHY]
    if missing:
        raise AssertionError(f"references not in the bibliography: {missing}")
    if isinstance(ego_blocks, str):
        ego_blocks = EgoBlocks(ego_blocks)
    if ego_blocks is not None and "actor" not in levels:
        raise AssertionError("ego_blocks= for a measure without an actor level")

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        key = name or func.__name__
        entry = Measure(
            name=key, func=func, family=family, levels=dict(levels),
            references=tuple(references), summary=summary, attribute=attribute,
            level_param=level_param, permutation=permutation, needs_events=needs_events,
            checks=dict(checks or {}), renamed=dict(renamed or {}),
            positional=tuple(positional), method=method, ego_blocks=ego_blocks,
        )
        n_fixed = 2 if attribute else 1

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if len(args) > n_fixed:
                extra = args[n_fixed:]
                if len(extra) > len(entry.positional):
                    raise TypeError(
                        f"{key}() takes {n_fixed} positional argument(s); pass options by "
                        "keyword"
                    )
                names = entry.positional[: len(extra)]
                warnings.warn(
                    f"{key}: pass {', '.join(f'{n}=' for n in names)} by keyword; "
                    "positional options stop working in the next minor version",
                    FutureWarning,
                    stacklevel=2,
                )
                for n, v in zip(names, extra):
                    if n in kwargs:
                        raise TypeError(f"{key}() got multiple values for argument {n!r}")
                    kwargs[n] = v
                args = args[:n_fixed]
            return func(*args, **entry.check(kwargs))

        wrapper.__clusternet_measure__ = entry  # type: ignore[attr-defined]
        object.__setattr__(entry, "func", wrapper)
        if key in _MEASURES and _MEASURES[key].family != family:
            raise AssertionError(f"measure {key!r} declared twice")
        _MEASURES[key] = entry
        _BY_FUNC[wrapper] = entry
        return wrapper

    return decorate


def _load() -> None:
    """Import every family, so that all measures are declared."""
    for family in FAMILIES:
        importlib.import_module(f"clusternet.{family}")


def entries(family: str | None = None) -> list[Measure]:
    """Every registered measure (of one family), in declaration order."""
    _load()
    if family is not None and family not in FAMILIES:
        raise ClusternetError(
            f"unknown family={family!r}; choose one of {', '.join(map(repr, FAMILIES))}"
        )
    return [m for m in _MEASURES.values() if family is None or m.family == family]


def get(name: str) -> Measure:
    """The measure called ``name`` (``"ei_index"`` or ``"convergence.ei_index"``)."""
    _load()
    if not isinstance(name, str):
        raise ClusternetError(f"a measure name must be a string, got {type(name).__name__}")
    family, _, short = name.rpartition(".")
    m = _MEASURES.get(short)
    if m is None or (family and m.family != family):
        raise ClusternetError(
            f"no measure {name!r}; cn.measures() lists them all (e.g. 'ei_index', "
            "'diversity.ego')"
        )
    return m


def of(statistic: Any) -> tuple[Measure, dict[str, Any]] | None:
    """The registered measure behind ``statistic`` and the options bound to
    it: the measure's function itself, or a ``functools.partial`` of it with
    keyword options. None for any other callable."""
    func, options = statistic, {}
    while isinstance(func, functools.partial):
        if func.args:
            return None
        options = {**func.keywords, **options}
        func = func.func
    try:
        m = _BY_FUNC.get(func)
    except TypeError:  # unhashable callable
        return None
    return None if m is None else (m, options)


def measures(family: str | None = None) -> pd.DataFrame:
    """Every measure clusternet offers, as a table.

    Parameters
    ----------
    family : str, optional
        Only this family (``"convergence"``, ``"diversity"``, ``"brokerage"``,
        ``"structure"``, ``"temporal"``, ``"territory"``).

    Returns
    -------
    pandas.DataFrame
        Indexed by measure name, with columns ``family``; ``levels`` (the
        levels it can be computed at: network, group, actor, event, period,
        or counts for the diversity indices of a counts table); ``results``
        (the kind of result at each level); ``attribute`` (the name of its
        second argument, or None); ``permutable`` (whether label permutation
        tests run on its fast kernel); ``needs_events`` (affiliation graphs
        only); ``references`` (keys of the bibliography); ``summary``.

    Examples
    --------
    >>> import clusternet as cn
    >>> table = cn.measures()
    >>> table.loc["ei_index", ["family", "levels"]].tolist()
    ['convergence', ('network', 'group', 'actor')]
    >>> table.loc["constraint", "references"]
    ('burt1992',)
    """
    rows = [
        {
            "measure": m.name,
            "family": m.family,
            "levels": tuple(m.levels),
            "results": dict(m.levels),
            "attribute": m.attribute,
            "permutable": bool(m.permutable),
            "needs_events": m.needs_events,
            "ego_blocks": None if m.ego_blocks is None else m.ego_blocks.graph,
            "references": m.references,
            "summary": m.summary,
        }
        for m in entries(family)
    ]
    return pd.DataFrame(rows).set_index("measure")
