"""Territory: geographical proximity of ties -- the share of ties within one
place, great-circle tie lengths, the distance-decay curve, and the openness of
a territory over time.

- :func:`local_share` (and its baseline :func:`expected_local_share`): the
  share of ties whose two actors are in the same place (a city, NUTS region
  or country column), network-wide, by place and by actor; label permutation
  tests run on its permutation kernel;
- :func:`tie_lengths`: the haversine length (km, on a sphere of radius
  :data:`EARTH_RADIUS_KM`) of every tie whose actors have coordinates;
- :func:`distance_decay`: ties over possible pairs by distance band, with a
  null band from seeded permutations of the coordinates and the fitted decay
  exponent;
- :func:`openness`: ties inside the territory, across its border and outside,
  by period (the ``inside`` convention of
  :func:`clusternet.brokerage.gatekeepers`).

Coordinates are keyword-only (``lat=``, ``lon=``, decimal degrees), so that
latitude and longitude cannot be swapped by position.
"""

from ._distance import DistanceDecay, TieLengths, distance_decay, tie_lengths
from ._geo import EARTH_RADIUS_KM
from ._local import expected_local_share, local_share
from ._openness import openness

__all__ = [
    "EARTH_RADIUS_KM",
    "DistanceDecay",
    "TieLengths",
    "distance_decay",
    "expected_local_share",
    "local_share",
    "openness",
    "tie_lengths",
]
