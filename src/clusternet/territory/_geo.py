"""Great-circle distances and the actors' coordinates (pure numpy kernels, and
the one reader of latitude / longitude columns)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._kernels.adjacency import upper_entries
from .._validation import is_numeric
from ..errors import ClusternetError, UnknownAttributeError
from ..graph import CollaborationGraph

__all__ = ["EARTH_RADIUS_KM", "Located", "haversine_km", "located", "tie_list"]

#: The mean Earth radius R1 = (2a + b)/3 of the Geodetic Reference System 1980
#: (Moritz 2000, Journal of Geodesy 74, 128-133, doi:10.1007/s001900050278),
#: in km: the sphere of every distance here.
EARTH_RADIUS_KM = 6371.0088

#: Ties processed at once by :func:`haversine_km` (bounds the temporaries).
_BLOCK = 1 << 20


def haversine_km(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray,
                 *, radius: float = EARTH_RADIUS_KM) -> np.ndarray:
    r"""Great-circle distance in km between points given in **radians**.

    .. math::

        d = 2R \arcsin\sqrt{\sin^2\frac{\varphi_2-\varphi_1}{2}
            + \cos\varphi_1\cos\varphi_2\sin^2\frac{\lambda_2-\lambda_1}{2}}

    (the haversine formula; the argument of arcsin is clipped to 1 against
    rounding for antipodal points). Computed in blocks of :data:`_BLOCK`.
    """
    lat1, lon1, lat2, lon2 = np.broadcast_arrays(*(np.asarray(a, dtype=np.float64)
                                                   for a in (lat1, lon1, lat2, lon2)))
    out = np.empty(lat1.shape, dtype=np.float64)
    flat = [a.reshape(-1) for a in (lat1, lon1, lat2, lon2)]
    res = out.reshape(-1)
    for lo in range(0, res.size, _BLOCK):
        hi = lo + _BLOCK
        p1, l1, p2, l2 = (a[lo:hi] for a in flat)
        h = np.sin((p2 - p1) * 0.5)
        h *= h
        s = np.sin((l2 - l1) * 0.5)
        s *= s
        s *= np.cos(p1)
        s *= np.cos(p2)
        h += s
        np.sqrt(h, out=h)
        np.minimum(h, 1.0, out=h)
        np.arcsin(h, out=h)
        h *= 2.0 * radius
        res[lo:hi] = h
    return out


class Located:
    """The coordinates of a graph's actors: ``phi``, ``lam`` in radians (NaN
    where unknown) and ``known`` (bool per actor)."""

    def __init__(self, lat: np.ndarray, lon: np.ndarray, known: np.ndarray, how: str) -> None:
        self.lat = lat
        self.lon = lon
        self.phi = np.radians(lat)
        self.lam = np.radians(lon)
        self.known = known
        self.how = how


def located(g: CollaborationGraph, lat: Any, lon: Any, *, missing: str) -> Located:
    """Read and check the ``lat`` / ``lon`` columns (degrees) of ``g``.

    Raises, naming the column and an actor, for an unknown column, a
    non-numeric column, a latitude outside [-90, 90] or a longitude outside
    [-180, 180] (or not finite), an actor with one coordinate but not the
    other, and (``missing="error"``) actors without coordinates.
    """
    columns = {}
    for param, name in (("lat", lat), ("lon", lon)):
        if not isinstance(name, str):
            raise ClusternetError(
                f"{param} must be the name of a numeric actor attribute (degrees), got "
                f"{type(name).__name__}"
            )
        if name not in g.attributes:
            have = ", ".join(map(repr, g.attributes)) or "none"
            raise UnknownAttributeError(
                f"no actor attribute {name!r} (parameter {param}); the graph has: {have}"
            )
        s = g.attribute(name)
        if not is_numeric(s) and not s.isna().all():
            raise ClusternetError(
                f"{param}={name!r} must be numeric (decimal degrees), but it has dtype "
                f"{s.dtype}; convert it first, e.g. pd.to_numeric(actors[{name!r}])"
            )
        columns[param] = pd.to_numeric(s).to_numpy(dtype=np.float64, na_value=np.nan)
    y, x = columns["lat"], columns["lon"]
    ny, nx_ = np.isnan(y), np.isnan(x)
    half = ny != nx_
    if half.any():
        who = g.actor_ids[half][0]
        raise ClusternetError(
            f"actor {who!r} has one coordinate but not the other ({lat!r}, {lon!r}); give "
            "both or neither"
        )
    for param, name, v, bound in (("lat", lat, y, 90.0), ("lon", lon, x, 180.0)):
        bad = ~np.isnan(v) & ~(np.abs(v) <= bound)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ClusternetError(
                f"{param}={name!r} must lie in [-{bound:g}, {bound:g}] degrees; actor "
                f"{g.actor_ids[i]!r} has {v[i]!r} (swapped latitude and longitude?)"
            )
    known = ~ny
    if missing == "error" and not known.all():
        who = list(g.actor_ids[~known][:5])
        raise ClusternetError(
            f"{int((~known).sum())} actor(s) have no coordinates in {lat!r}/{lon!r}, e.g. "
            f"{who!r}; pass missing='drop' to leave their ties out"
        )
    return Located(y, x, known, f"{lat}/{lon}")


def tie_list(g: CollaborationGraph) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every tie once as ``(source, target, weight)`` positions: undirected
    ties with ``source < target``, directed ones as arcs."""
    return upper_entries(g.adjacency, directed=g.directed)
