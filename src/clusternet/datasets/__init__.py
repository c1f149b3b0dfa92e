"""Bundled data, all offline: a classic real affiliation table and a
synthetic creative cluster whose domains converge over time.

- :func:`davis_southern_women` -- 18 women x 14 events (Davis, Gardner &
  Gardner 1941), as an affiliation table;
- :func:`creative_cluster` -- a documented generator of a creative cluster
  (domains, inside/outside, teams over the years after Guimerà et al. 2005),
  returning ``(affiliations, actors)``.
"""

from __future__ import annotations

from ._creative import DOMAIN_SHARES, DOMAINS, creative_cluster
from ._davis import davis_southern_women

__all__ = ["DOMAINS", "DOMAIN_SHARES", "creative_cluster", "davis_southern_women"]
