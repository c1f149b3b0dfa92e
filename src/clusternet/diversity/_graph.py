"""Reading a graph for the diversity levels: binary views of the adjacency
and incidence, and the categories of an actor or event attribute."""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._results import value_codes
from .._validation import check_choice
from ..errors import ClusternetError, UnknownActorError

SOURCES = ("auto", "actor", "event")


def binary(M: sp.csr_array) -> sp.csr_array:
    M = sp.csr_array(M)
    out = sp.csr_array(
        ((M.data != 0).astype(np.float64), M.indices.copy(), M.indptr.copy()), shape=M.shape
    )
    out.eliminate_zeros()
    return out


def incidence(g, what: str) -> sp.csr_array:
    if g.incidence is None:
        raise ClusternetError(
            f"diversity.{what} needs an affiliation graph (actors x events), built with "
            "cn.from_affiliations; this graph has ties only"
        )
    return sp.csr_array(g.incidence)


def source_of(g, attribute: str, source: str) -> str:
    check_choice(source, SOURCES, "source")
    in_ev = attribute in g.events.columns and attribute not in ("size", "time")
    in_act = attribute in g.attributes
    if source == "auto":
        if in_ev and in_act:
            raise ClusternetError(
                f"{attribute!r} is both an actor and an event attribute; say which with "
                "source='actor' or source='event'"
            )
        if not in_ev and not in_act:
            ev = [c for c in g.events.columns if c not in ("size", "time")]
            raise UnknownActorError(
                f"no actor or event attribute {attribute!r} (parameter attribute); actor "
                f"attributes: {g.attributes!r}, event attributes: {ev!r}"
            )
        return "event" if in_ev else "actor"
    if source == "event" and not in_ev:
        raise UnknownActorError(
            f"no event attribute {attribute!r}; give event attributes with "
            "cn.from_affiliations(..., events=table)"
        )
    return source


def event_codes(g, attribute: str, missing: str) -> tuple[np.ndarray, pd.Index]:
    """Codes of an event attribute, with the conventions of ``group_codes``."""
    return value_codes(g._events[attribute], attribute, missing=missing, unit="event")


def check_weight(weight) -> bool:
    """``weight`` is a switch here (use tie / participation weights or not),
    not the name of an edge attribute as in networkx."""
    if not isinstance(weight, (bool, np.bool_)):
        raise ClusternetError(
            f"weight must be True or False, got {weight!r}: the graph's own tie (or "
            "participation) weights are used with weight=True"
        )
    return bool(weight)
