"""ensure_definitions: a module's definitions merged into another, once."""

from __future__ import annotations

import pytest

from fastprod.edit import ensure_definitions

MODELS = """from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.database import Base


class Jar(Base):
    __tablename__ = "jars"

    id: Mapped[int] = mapped_column(primary_key=True)
"""

ADDITION = '''"""The ``lids`` table."""

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.database import Base
from app.models import Jar

# A comment kept above its constant.
MAX = 3


class Lid(Base):
    __tablename__ = "lids"

    id: Mapped[int] = mapped_column(primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
'''


def test_definitions_and_imports_are_merged_after_the_module_s_own() -> None:
    merged = ensure_definitions(MODELS, ADDITION, module="app.models", first_party={"app"})
    assert merged == (
        "from sqlalchemy import Integer, String\n"
        + MODELS.split("\n", 1)[1]
        + "\n\n# A comment kept above its constant.\nMAX = 3\n\n\n"
        + "class Lid(Base):\n"
        + '    __tablename__ = "lids"\n\n'
        + "    id: Mapped[int] = mapped_column(primary_key=True)\n"
        + "    size: Mapped[int] = mapped_column(Integer)\n"
    )
    # The module's own name is never imported into it; the docstring is not merged.
    assert "from app.models import" not in merged
    assert "The ``lids`` table" not in merged


def test_a_second_merge_returns_the_very_same_text() -> None:
    merged = ensure_definitions(MODELS, ADDITION, module="app.models")
    assert ensure_definitions(merged, ADDITION, module="app.models") is merged


def test_a_name_already_defined_is_left_as_the_module_has_it() -> None:
    own = MODELS + "\n\nMAX = 10\n"
    merged = ensure_definitions(own, ADDITION, module="app.models")
    assert "MAX = 10" in merged
    assert "MAX = 3" not in merged
    assert "class Lid(Base):" in merged


def test_into_an_empty_module_the_addition_is_the_module_less_its_docstring() -> None:
    merged = ensure_definitions("", ADDITION, first_party={"app"})
    assert merged.startswith("from sqlalchemy import Integer, String\n")
    assert "from app.models import Jar" in merged
    assert merged.endswith("    size: Mapped[int] = mapped_column(Integer)\n")


def test_a_star_import_cannot_be_merged() -> None:
    with pytest.raises(ValueError, match="star import"):
        ensure_definitions(MODELS, "from os import *\n")


def test_an_import_grown_past_the_line_length_is_spread_as_ruff_format_spreads_it() -> None:
    own = "from sqlalchemy import Boolean, Date, DateTime, Float, Integer, Numeric, String, Text\n"
    merged = ensure_definitions(own, "from sqlalchemy import Uuid\n")
    names = ["Boolean", "Date", "DateTime", "Float", "Integer", "Numeric", "String", "Text", "Uuid"]
    assert merged == "from sqlalchemy import (\n" + "".join(f"    {n},\n" for n in names) + ")\n"


def test_the_module_s_own_long_lines_are_left_as_they_are() -> None:
    own = "from a_rather_long_module_name.with_parts import " + ", ".join(
        f"name_{i}" for i in range(8)
    )
    merged = ensure_definitions(own + "\n", "from os import path\n")
    assert own + "\n" in merged
