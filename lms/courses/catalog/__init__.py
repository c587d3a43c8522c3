"""Course definitions on disk (``courses/*.toml`` + ``content/<course>/NN-<module>.md``)
loaded into frozen dataclasses, with every problem reported as ``file:line: message``.
Nothing here touches the database."""

from lms.courses.catalog.loader import load_catalog
from lms.courses.catalog.specs import Catalog, CourseSpec, ModuleSpec, Problem, RunSpec, UnitSpec

__all__ = ["Catalog", "CourseSpec", "ModuleSpec", "Problem", "RunSpec", "UnitSpec", "load_catalog"]
