"""Diversity of categories: index functions on counts, disparity between
categories, and the diversity of a whole graph or group, of each actor's
contacts, of each team and of each actor's portfolio."""

from ._indices import (
    blau,
    hill,
    leinster_cobbold,
    rao_stirling,
    richness,
    shannon,
    true_diversity,
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
