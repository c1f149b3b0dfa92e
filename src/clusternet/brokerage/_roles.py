"""The Gould-Fernandez brokerage roles: the one table of their names and codes.

Every result of :func:`~clusternet.brokerage.gould_fernandez`, the report
and the plots take the role names, R sna's codes and the column order from
here; the kernels receive each role's group pattern (its *path code*).

Examples
--------
>>> import clusternet as cn
>>> [(r.name, r.sna_code, r.groups) for r in cn.brokerage.GOULD_FERNANDEZ_ROLES][:2]
[('coordinator', 'w_I', 'G(a) = G(b) = G(c)'), ('itinerant', 'w_O', 'G(a) = G(c) != G(b)')]
>>> cn.brokerage.ROLES
('coordinator', 'itinerant', 'representative', 'gatekeeper', 'liaison', 'total')
>>> cn.brokerage.SNA_CODES["gatekeeper"]
'b_OI'
"""

from __future__ import annotations

from typing import NamedTuple

from .._kernels.gould_fernandez import path_code

__all__ = ["GOULD_FERNANDEZ_ROLES", "ROLES", "SNA_CODES"]


class Role(NamedTuple):
    """A Gould-Fernandez role of the broker ``b`` of a 2-path ``a -> b -> c``.

    Attributes
    ----------
    name : str
        The role's name, the column name of every result.
    sna_code : str
        Its column name in R sna's ``brokerage()``.
    groups : str
        Which of ``a``, ``b``, ``c`` share a group, in words.
    same_ab, same_bc, same_ac : bool
        Whether ``a`` and ``b`` (``b`` and ``c``; ``a`` and ``c``) are in the
        same group.
    """

    name: str
    sna_code: str
    groups: str
    same_ab: bool
    same_bc: bool
    same_ac: bool

    @property
    def path_code(self) -> int:
        """``4 same_ab + 2 same_bc + same_ac``, as the kernels classify 2-paths."""
        return path_code(self.same_ab, self.same_bc, self.same_ac)


#: The five roles (Gould and Fernandez 1989), in R sna's column order.
GOULD_FERNANDEZ_ROLES: tuple[Role, ...] = (
    Role("coordinator", "w_I", "G(a) = G(b) = G(c)", True, True, True),
    Role("itinerant", "w_O", "G(a) = G(c) != G(b)", False, False, True),
    Role("representative", "b_IO", "G(a) = G(b) != G(c)", True, False, False),
    Role("gatekeeper", "b_OI", "G(a) != G(b) = G(c)", False, True, False),
    Role("liaison", "b_O", "all three differ", False, False, False),
)

#: The column names of every Gould-Fernandez result: the five roles, then
#: their ``total``.
ROLES: tuple[str, ...] = (*(r.name for r in GOULD_FERNANDEZ_ROLES), "total")

#: Role name -> the column name used by R sna's ``brokerage()`` (``total`` is ``t``).
SNA_CODES: dict[str, str] = {**{r.name: r.sna_code for r in GOULD_FERNANDEZ_ROLES},
                             "total": "t"}
