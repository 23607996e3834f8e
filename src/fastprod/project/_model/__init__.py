"""One model of the project, shared by discovery, recipes and the scorecards.

``SourceSet`` lists, reads and parses a repository once per run; every
``Project`` view of that run shares it and differs only in the paths its
planned edits shadow. Modules are named relative to their import root.
``Symbols`` resolves a name through a module's imports to the one definition
it names. The readings (``RouteReading``, ``DbLayer``, ``Alembic``) are frozen
facts built from both, available as ``Project.readings``.
"""

from fastprod.project._model._api import FieldReading, ModelReading, ParamReading, path_names
from fastprod.project._model._orm import OrmColumn, OrmModel, OrmRelationship
from fastprod.project._model._readings import (
    Alembic,
    DbLayer,
    Place,
    Readings,
    RoleCheck,
    RouteReading,
)
from fastprod.project._model._settings import SETTINGS_BASES
from fastprod.project._model._sources import SourceSet, module_name
from fastprod.project._model._symbols import ModuleNames, Symbols

__all__ = [
    "SETTINGS_BASES",
    "Alembic",
    "DbLayer",
    "FieldReading",
    "ModelReading",
    "ModuleNames",
    "OrmColumn",
    "OrmModel",
    "OrmRelationship",
    "ParamReading",
    "Place",
    "Readings",
    "RoleCheck",
    "RouteReading",
    "SourceSet",
    "Symbols",
    "module_name",
    "path_names",
]
