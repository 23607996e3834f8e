"""ensure_definitions: a module's definitions merged into another, once."""

from __future__ import annotations

import pytest

from fastprod.edit import ensure_definitions, ensure_export

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


def test_into_a_module_importing_its_siblings_relatively_they_are_imported_so() -> None:
    crud = "from sqlalchemy.orm import Session\n\nfrom .models import Item\n"
    addition = "from app.models import Lid\nfrom app.pagination import Page\n\nX = 1\n"
    merged = ensure_definitions(crud, addition, module="app.crud", first_party=["app"])
    assert "from .models import Item, Lid\n" in merged
    assert "from .pagination import Page\n" in merged
    assert "from app." not in merged
    # A module importing its siblings absolutely keeps absolute imports.
    absolute = crud.replace("from .models", "from app.models")
    merged = ensure_definitions(absolute, addition, module="app.crud", first_party=["app"])
    assert "from app.models import Item, Lid\n" in merged


@pytest.mark.parametrize(
    ("source", "module", "relative", "expected"),
    [
        (
            'from app.models.author import Author\n\n__all__ = ["Author"]\n',
            "app.models.invoice",
            0,
            "from app.models.author import Author\nfrom app.models.invoice import Invoice\n\n"
            '__all__ = ["Author", "Invoice"]\n',
        ),
        (
            '__all__ = ["Author", "TokenBlacklist"]\n',
            "app.models.invoice",
            0,
            "from app.models.invoice import Invoice\n\n"
            '__all__ = ["Author", "Invoice", "TokenBlacklist"]\n',
        ),
        (
            '__all__ = [\n    "Zebra",\n    "Author",\n]\n',
            "app.models.invoice",
            0,
            "from app.models.invoice import Invoice\n\n"
            '__all__ = [\n    "Zebra",\n    "Author",\n    "Invoice",\n]\n',
        ),
        (
            "from .author import Author\n\n__all__ = (\n    'Author',\n)\n",
            "invoice",
            1,
            "from .author import Author\nfrom .invoice import Invoice\n\n"
            "__all__ = (\n    'Author',\n    'Invoice',\n)\n",
        ),
        (
            'from .a import A\nfrom .b import B\n\n__all__ = [\n    "A",\n    "B",\n]\n',
            "invoice",
            1,
            "from .a import A\nfrom .b import B\nfrom .invoice import Invoice\n\n"
            '__all__ = [\n    "A",\n    "B",\n    "Invoice",\n]\n',
        ),
        (
            'from .a import A\nfrom .z import Z\n\n__all__ = [\n    "A",\n    "Z",\n]\n',
            "invoice",
            1,
            "from .a import A\nfrom .invoice import Invoice\nfrom .z import Z\n\n"
            '__all__ = [\n    "A",\n    "Invoice",\n    "Z",\n]\n',
        ),
        (
            "from .author import Author\n",
            "invoice",
            1,
            "from .author import Author\nfrom .invoice import Invoice\n",
        ),
    ],
    ids=[
        "absolute",
        "sorted",
        "unsorted-one-a-line",
        "one-entry-tuple",
        "one-a-line",
        "one-a-line-sorted",
        "no-all",
    ],
)
def test_a_package_exports_a_name_once(
    source: str, module: str, relative: int, expected: str
) -> None:
    exported = ensure_export(source, module, "Invoice", relative=relative, first_party=["app"])
    assert exported == expected
    again = ensure_export(exported, module, "Invoice", relative=relative, first_party=["app"])
    assert again is exported or again == exported


USERS = """from app.database import Base

EMAIL_LENGTH = 320


class User(Base):
    email: str
"""
RESOURCE = """from app.database import Base


class Invoice(Base):
    number: str
"""


def test_early_definitions_come_first_whichever_merge_ran_first() -> None:
    header = '"""The models."""\n'
    users_first = ensure_definitions(
        ensure_definitions(header, USERS, module="app.models", early=True),
        RESOURCE,
        module="app.models",
    )
    resource_first = ensure_definitions(
        ensure_definitions(header, RESOURCE, module="app.models"),
        USERS,
        module="app.models",
        early=True,
    )
    assert users_first == resource_first
    assert users_first.index("EMAIL_LENGTH") < users_first.index("class User")
    assert users_first.index("class User") < users_first.index("class Invoice")
    assert ensure_definitions(users_first, USERS, module="app.models", early=True) is users_first


def test_early_definitions_follow_what_they_use() -> None:
    # A base defined in the module itself comes before the classes built on it.
    source = (
        "from sqlalchemy.orm import DeclarativeBase\n\n\n"
        "class Base(DeclarativeBase):\n    pass\n\n\n"
        "class Jar(Base):\n    label: str\n"
    )
    users = "class User(Base):\n    email: str\n"
    merged = ensure_definitions(source, users, module="app.models", early=True)
    assert merged.index("class Base") < merged.index("class User") < merged.index("class Jar")
    compile(merged, "models.py", "exec")
    assert "    pass\n\n\nclass User(Base):\n    email: str\n\n\nclass Jar(Base):" in merged
