"""Cluster structure: core and periphery, small world, two-mode clustering.

Does the cluster have a core that newcomers join, or a flat mesh (Borgatti &
Everett 1999)? Is it a small world once its teams are taken into account
(Uzzi & Spiro 2005)? How clustered are its teams (Opsahl 2013; Robins &
Alexander 2004)? Every function takes a graph (CollaborationGraph, networkx
or igraph); options are keyword-only; randomness goes through ``rng=``.
Team assembly over time is :func:`clusternet.temporal.team_assembly`.
"""

from ._core import core_periphery
from ._small_world import SmallWorld, small_world
from ._two_mode import two_mode_clustering

__all__: list[str] = ["core_periphery", "two_mode_clustering", "SmallWorld", "small_world"]
