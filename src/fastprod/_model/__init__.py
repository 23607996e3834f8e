"""One model of the project, shared by discovery, recipes and the scorecards.

``SourceSet`` lists, reads and parses a repository once per run; every
``Project`` view of that run shares it. ``Symbols`` names each module relative
to its import root and resolves a name through the module's imports. The
readings (``DbLayer``, ``RouteReading``) are frozen facts built from both.
"""

from ._sources import SourceSet, module_name

__all__ = ["SourceSet", "module_name"]
