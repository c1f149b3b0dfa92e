"""Brokerage: who connects actors and domains that would otherwise not meet,
and who opens the cluster to the outside.

- Burt's structural holes: :func:`constraint`, :func:`effective_size`,
  :func:`efficiency`, :func:`hierarchy`, or all four with
  :func:`structural_holes` (one pass over the triangles);
- Gould and Fernandez's brokerage roles by group, with R sna's null model:
  :func:`gould_fernandez`; the roles' names, R sna's codes and their
  definitions are in one table, :data:`GOULD_FERNANDEZ_ROLES` (with
  :data:`ROLES`, the column names of every result, and :data:`SNA_CODES`);
- :func:`betweenness`, exact or source-sampled (igraph, or networkx);
- Everett and Valente's :func:`bridging`: the mean edge betweenness of an
  actor's ties, exact or source-sampled;
- Guimerà and Amaral's :func:`participation` coefficient and roles R1-R7;
- :func:`gatekeepers`: each cluster member's ties to the outside (Giuliani
  and Bell) -- not the Gould-Fernandez gatekeeper role.

Every function takes a CollaborationGraph, a networkx graph or an
``igraph.Graph``; options are keyword-only. Undefined values are NaN, and each
docstring says when.
"""

from . import _participation, _roles
from ._betweenness import betweenness
from ._bridging import bridging
from ._burt import constraint, effective_size, efficiency, hierarchy, structural_holes
from ._gatekeepers import gatekeepers
from ._gould_fernandez import GouldFernandez, gould_fernandez
from ._participation import participation

# The tables are defined beside the code that uses them and named here, so
# that their descriptions (the ``#:`` comments) reach the API docs.

#: The five Gould-Fernandez roles, in R sna's column order: each a named
#: tuple ``(name, sna_code, groups, same_ab, same_bc, same_ac)`` -- the
#: role's name, its column in sna's ``brokerage()``, which of ``a``, ``b``,
#: ``c`` share a group (in words), and whether ``a`` and ``b`` (``b`` and
#: ``c``; ``a`` and ``c``) do, for the broker ``b`` of a 2-path
#: ``a -> b -> c``. The one table of the roles: :data:`ROLES`,
#: :data:`SNA_CODES`, the report and the plots derive from it.
GOULD_FERNANDEZ_ROLES = _roles.GOULD_FERNANDEZ_ROLES

#: The columns of every Gould-Fernandez result: the five role names, then
#: ``"total"``.
ROLES = _roles.ROLES

#: Role name -> its column name in R sna's ``brokerage()`` (``total`` -> ``t``).
SNA_CODES = _roles.SNA_CODES

#: Guimerà and Amaral's roles R1-R7 -> their names.
ROLE_NAMES = _participation.ROLE_NAMES

__all__ = [
    "GOULD_FERNANDEZ_ROLES",
    "ROLES",
    "ROLE_NAMES",
    "SNA_CODES",
    "GouldFernandez",
    "betweenness",
    "bridging",
    "constraint",
    "effective_size",
    "efficiency",
    "gatekeepers",
    "gould_fernandez",
    "hierarchy",
    "participation",
    "structural_holes",
]
