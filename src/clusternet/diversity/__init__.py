"""Diversity of categories: index functions on counts, disparity between
categories, and the diversity of a whole graph or group, of each actor's
contacts, of each team and of each actor's portfolio.

Index functions (:func:`richness`, :func:`shannon`, :func:`blau`,
:func:`hill`, :func:`rao_stirling`, :func:`true_diversity`,
:func:`leinster_cobbold`) take counts or proportions over categories -- one
vector (-> float) or one unit per row (-> Series) -- and drop zero
categories. Level functions (:func:`composition`, :func:`ego`,
:func:`events`, :func:`portfolio`) build those counts from a graph with one
sparse product and apply any index to them.
"""

from ._disparity import disparity_from_cooccurrence
from ._indices import (
    blau,
    hill,
    leinster_cobbold,
    rao_stirling,
    richness,
    shannon,
    true_diversity,
)
from ._levels import composition, ego, events, portfolio

__all__ = [
    "blau",
    "composition",
    "disparity_from_cooccurrence",
    "ego",
    "events",
    "hill",
    "leinster_cobbold",
    "portfolio",
    "rao_stirling",
    "richness",
    "shannon",
    "true_diversity",
]
