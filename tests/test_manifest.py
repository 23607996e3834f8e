"""Declaring dependencies in a project's manifest (``fastprod.manifest``)."""

from __future__ import annotations

import pytest

from fastprod import ProjectError, RecipeError
from fastprod.manifest import add_dependency
from fastprod.project._project import ManifestKind


def add_twice(text: str, kind: ManifestKind, requirement: str, group: str | None = None) -> str:
    """Add a dependency, check a second run changes nothing, return the first result."""
    once = add_dependency(text, kind, requirement, group=group)
    assert add_dependency(once, kind, requirement, group=group) is once or once == text
    assert add_dependency(once, kind, requirement, group=group) == once
    return once


# --- PEP 621 ----------------------------------------------------------------------------

PEP621 = """\
[project]
name = "shop"   # the distribution
version = "0.1.0"
dependencies = [
    "fastapi>=0.115",  # the web framework
    "uvicorn[standard]>=0.30",
]

[tool.ruff]
line-length = 100
"""


def test_pep621_added_in_sorted_place_keeping_comments() -> None:
    assert add_twice(PEP621, "pep621", "redis>=5") == PEP621.replace(
        '    "uvicorn[standard]>=0.30",\n',
        '    "redis>=5",\n    "uvicorn[standard]>=0.30",\n',
    )


def test_pep621_unsorted_list_gets_it_last() -> None:
    before = '[project]\nname = "x"\ndependencies = [\n  "uvicorn",\n  "fastapi"\n]\n'
    assert add_twice(before, "pep621", "redis>=5") == (
        '[project]\nname = "x"\ndependencies = [\n  "uvicorn",\n  "fastapi",\n  "redis>=5"\n]\n'
    )


def test_pep621_one_line_array_stays_one_line() -> None:
    before = '[project]\nname = "x"\ndependencies = ["fastapi", "uvicorn"]\n'
    assert add_twice(before, "pep621", "redis") == (
        '[project]\nname = "x"\ndependencies = ["fastapi", "redis", "uvicorn"]\n'
    )


def test_pep621_no_dependencies_key() -> None:
    before = '[project]\nname = "x"\n\n[tool.ruff]\nline-length = 100\n'
    assert add_twice(before, "pep621", "redis>=5") == (
        '[project]\nname = "x"\ndependencies = [\n    "redis>=5",\n]\n\n'
        "[tool.ruff]\nline-length = 100\n"
    )


@pytest.mark.parametrize(
    "requirement",
    ["fastapi", "FastAPI>=0.100", "fastapi[standard]", "fastapi ; python_version < '4'"],
)
def test_pep621_already_declared(requirement: str) -> None:
    assert add_dependency(PEP621, "pep621", requirement) is PEP621


@pytest.mark.parametrize(
    ("declared", "requirement"),
    [
        ("pydantic_settings>=2", "pydantic-settings"),
        ("Pydantic.Settings", "pydantic-settings>=2.4"),
        ("sqlalchemy[asyncio]>=2.0.30", "SQLAlchemy>=2"),
        ("shop-utils @ https://example.com/shop_utils-1.0.tar.gz", "shop_utils"),
    ],
)
def test_pep621_names_are_normalised(declared: str, requirement: str) -> None:
    text = f'[project]\nname = "x"\ndependencies = ["{declared}"]\n'
    assert add_dependency(text, "pep621", requirement) is text


def test_pep621_dev_group_created_in_optional_dependencies() -> None:
    assert add_twice(PEP621, "pep621", "pytest>=8", group="dev") == PEP621.replace(
        "]\n\n[tool.ruff]",
        ']\n\n[project.optional-dependencies]\ndev = [\n    "pytest>=8",\n]\n\n[tool.ruff]',
    )


def test_pep621_dev_group_at_end_of_file() -> None:
    before = '[project]\nname = "x"\n'
    assert add_twice(before, "pep621", "pytest", group="dev") == (
        '[project]\nname = "x"\n\n[project.optional-dependencies]\ndev = [\n    "pytest",\n]\n'
    )


def test_pep621_existing_optional_group() -> None:
    before = (
        '[project]\nname = "x"\n\n[project.optional-dependencies]\n'
        'dev = [\n    "pytest>=8",\n    "ruff",\n]\n'
    )
    assert add_twice(before, "pep621", "httpx>=0.27", group="dev") == (
        '[project]\nname = "x"\n\n[project.optional-dependencies]\n'
        'dev = [\n    "httpx>=0.27",\n    "pytest>=8",\n    "ruff",\n]\n'
    )


def test_pep621_existing_dependency_groups_table() -> None:
    before = '[project]\nname = "x"\n\n[dependency-groups]\nlint = ["ruff"]\n'
    assert add_twice(before, "pep621", "pytest", group="dev") == (
        '[project]\nname = "x"\n\n[dependency-groups]\nlint = ["ruff"]\ndev = [\n    "pytest",\n]\n'
    )


def test_pep621_existing_dependency_group() -> None:
    before = '[project]\nname = "x"\n\n[dependency-groups]\ndev = ["pytest"]\n'
    assert add_twice(before, "pep621", "httpx", group="dev") == (
        '[project]\nname = "x"\n\n[dependency-groups]\ndev = ["httpx", "pytest"]\n'
    )


def test_pep621_group_dependency_already_a_runtime_dependency() -> None:
    assert add_dependency(PEP621, "pep621", "fastapi", group="dev") is PEP621


def test_pep621_keeps_crlf() -> None:
    before = '[project]\r\nname = "x"\r\ndependencies = [\r\n    "fastapi",\r\n]\r\n'
    assert add_twice(before, "pep621", "redis", group=None) == (
        '[project]\r\nname = "x"\r\ndependencies = [\r\n    "fastapi",\r\n    "redis",\r\n]\r\n'
    )
    assert add_twice(before, "pep621", "pytest", group="dev") == (
        '[project]\r\nname = "x"\r\ndependencies = [\r\n    "fastapi",\r\n]\r\n\r\n'
        '[project.optional-dependencies]\r\ndev = [\r\n    "pytest",\r\n]\r\n'
    )


def test_pep621_dynamic_dependencies_are_a_recipe_error() -> None:
    text = '[project]\nname = "x"\ndynamic = ["dependencies"]\n'
    with pytest.raises(RecipeError, match="dynamic"):
        add_dependency(text, "pep621", "redis")


def test_pep621_without_project_table_is_a_recipe_error() -> None:
    with pytest.raises(RecipeError, match=r"no \[project\] table"):
        add_dependency("[tool.ruff]\nline-length = 100\n", "pep621", "redis")


def test_invalid_toml_names_path_and_line() -> None:
    text = '[project]\nname = "x"\ndependencies = [\n'
    with pytest.raises(ProjectError, match=r"^pyproject\.toml:3: "):
        add_dependency(text, "pep621", "redis")


# --- Poetry -----------------------------------------------------------------------------

POETRY = """\
[tool.poetry]
name = "shop"
version = "0.1.0"

[tool.poetry.dependencies]
python = "^3.11"
fastapi = "^0.115"  # web
uvicorn = { version = "^0.30", extras = ["standard"] }

[build-system]
requires = ["poetry-core"]
"""


@pytest.mark.parametrize(
    ("requirement", "line"),
    [
        ("redis>=5", 'redis = ">=5"'),
        ("redis", 'redis = "*"'),
        ("redis>=5,<6", 'redis = ">=5,<6"'),
        ("redis==5.0.1", 'redis = "==5.0.1"'),
        ("sqlalchemy[asyncio]>=2.0", 'sqlalchemy = {version = ">=2.0", extras = ["asyncio"]}'),
        (
            "uvloop>=0.19; sys_platform != 'win32'",
            'uvloop = {version = ">=0.19", markers = "sys_platform != \'win32\'"}',
        ),
        (
            "shop-auth @ git+https://example.com/shop/auth.git",
            'shop-auth = {git = "https://example.com/shop/auth.git"}',
        ),
    ],
)
def test_poetry_constraint_syntax(requirement: str, line: str) -> None:
    # In its place by name: the table's packages are sorted (python is not one).
    after = "uvicorn" if line > "uvicorn" else "fastapi"
    lines = POETRY.splitlines(keepends=True)
    at = next(i for i, text in enumerate(lines) if text.startswith(after)) + 1
    assert add_twice(POETRY, "poetry", requirement) == "".join(
        [*lines[:at], f"{line}\n", *lines[at:]]
    )


@pytest.mark.parametrize("requirement", ["FastAPI>=0.100", "uvicorn", "Uvicorn[standard]"])
def test_poetry_already_declared(requirement: str) -> None:
    assert add_dependency(POETRY, "poetry", requirement) is POETRY


def test_poetry_python_is_not_a_package() -> None:
    before = '[tool.poetry]\nname = "x"\n\n[tool.poetry.dependencies]\npython = "^3.11"\n'
    assert add_twice(before, "poetry", "python-multipart") == before + 'python-multipart = "*"\n'


def test_poetry_dev_group_created() -> None:
    assert add_twice(POETRY, "poetry", "pytest>=8", group="dev") == POETRY.replace(
        "\n[build-system]",
        '\n[tool.poetry.group.dev.dependencies]\npytest = ">=8"\n\n[build-system]',
    )


def test_poetry_existing_dev_group() -> None:
    before = POETRY.replace(
        "\n[build-system]",
        '\n[tool.poetry.group.dev.dependencies]\npytest = "^8"\n\n[build-system]',
    )
    assert add_twice(before, "poetry", "httpx>=0.27", group="dev") == before.replace(
        'pytest = "^8"\n', 'httpx = ">=0.27"\npytest = "^8"\n'
    )
    assert add_dependency(before, "poetry", "PyTest", group="dev") is before


def test_poetry_legacy_dev_dependencies() -> None:
    before = '[tool.poetry]\nname = "x"\n\n[tool.poetry.dev-dependencies]\npytest = "^7"\n'
    assert add_twice(before, "poetry", "httpx", group="dev") == before.replace(
        'pytest = "^7"\n', 'httpx = "*"\npytest = "^7"\n'
    )


def test_poetry_without_tool_poetry_is_a_recipe_error() -> None:
    with pytest.raises(RecipeError, match=r"no \[tool\.poetry\] table"):
        add_dependency('[project]\nname = "x"\n', "poetry", "redis")


# --- requirements.txt -------------------------------------------------------------------

REQUIREMENTS = """\
# Runtime dependencies
-r base.txt
--index-url https://pypi.org/simple
fastapi==0.115.0  # pinned
Pydantic_Settings>=2
uvicorn[standard] ; python_version >= "3.11"
git+https://example.com/shop/auth.git#egg=shop-auth
httpx==0.27.0 \\
    --hash=sha256:0123
"""


def test_requirements_line_appended() -> None:
    assert add_twice(REQUIREMENTS, "requirements", "redis>=5") == REQUIREMENTS + "redis>=5\n"


@pytest.mark.parametrize(
    "requirement",
    ["FASTAPI", "pydantic-settings", "pydantic.settings>=2.4", "uvicorn", "shop_auth", "httpx"],
)
def test_requirements_already_declared(requirement: str) -> None:
    assert add_dependency(REQUIREMENTS, "requirements", requirement) is REQUIREMENTS


@pytest.mark.parametrize("name", ["base", "index-url", "pinned", "runtime"])
def test_requirements_options_and_comments_declare_nothing(name: str) -> None:
    assert add_dependency(REQUIREMENTS, "requirements", name) == REQUIREMENTS + f"{name}\n"


def test_requirements_without_final_newline() -> None:
    assert add_twice("fastapi", "requirements", "redis") == "fastapi\nredis\n"


def test_requirements_keep_crlf() -> None:
    before = "# deps\r\nfastapi\r\n"
    assert add_twice(before, "requirements", "redis") == "# deps\r\nfastapi\r\nredis\r\n"


def test_requirements_empty_file() -> None:
    assert add_twice("", "requirements", "redis>=5") == "redis>=5\n"


# --- the order of added dependencies ---------------------------------------------------

UNSORTED = {
    "pep621": '[project]\nname = "x"\ndependencies = [\n    "uvicorn",\n    "fastapi",\n]\n',
    "poetry": '[tool.poetry.dependencies]\npython = "^3.11"\nuvicorn = "*"\nfastapi = "*"\n',
    "requirements": "uvicorn\n# the web framework\nfastapi\n",
}


@pytest.mark.parametrize("kind", ["pep621", "poetry", "requirements"])
def test_added_dependencies_follow_an_unsorted_list_sorted_in_either_order(kind: str) -> None:
    before = UNSORTED[kind]
    one = add_dependency(add_dependency(before, kind, "redis"), kind, "structlog")  # type: ignore[arg-type]
    other = add_dependency(add_dependency(before, kind, "structlog"), kind, "redis")  # type: ignore[arg-type]
    assert one == other
    # The project's own stay first, in their order; the added follow by name
    # (after "fastapi", the sorted run that ends the list).
    names = [name for name in ("uvicorn", "fastapi", "redis", "structlog") if name in one]
    assert sorted(names, key=one.index) == ["uvicorn", "fastapi", "redis", "structlog"]


@pytest.mark.parametrize("kind", ["pep621", "poetry", "requirements"])
def test_a_sorted_list_stays_sorted(kind: str) -> None:
    before = {
        "pep621": '[project]\nname = "x"\ndependencies = ["fastapi", "uvicorn"]\n',
        "poetry": '[tool.poetry.dependencies]\npython = "^3.11"\nfastapi = "*"\nuvicorn = "*"\n',
        "requirements": "fastapi\nuvicorn\n",
    }[kind]
    after = add_dependency(add_dependency(before, kind, "redis"), kind, "alembic")  # type: ignore[arg-type]
    names = ["alembic", "fastapi", "redis", "uvicorn"]
    assert sorted(names, key=after.index) == names


# --- bad input --------------------------------------------------------------------------


@pytest.mark.parametrize("requirement", ["", "   ", ">=5", "redis>>5", "redis[asyncio"])
def test_invalid_requirement_is_a_value_error(requirement: str) -> None:
    with pytest.raises(ValueError, match="not a PEP 508 requirement"):
        add_dependency(PEP621, "pep621", requirement)


def test_unknown_kind_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown manifest kind"):
        add_dependency(PEP621, "pipfile", "redis")  # type: ignore[arg-type]


# --- reading ------------------------------------------------------------------------------


def test_declared_dependencies_reads_each_kind_of_manifest() -> None:
    from fastprod.manifest import declared_dependencies

    pep621 = PEP621 + '\n[project.optional-dependencies]\ndev = ["pytest>=8"]\n'
    assert declared_dependencies(pep621, "pep621") == {"fastapi", "uvicorn"}
    poetry = (
        '[tool.poetry.dependencies]\npython = "^3.11"\nAsyncPG = "^0.30"\n'
        '[tool.poetry.group.dev.dependencies]\npytest = "^8"\n'
    )
    assert declared_dependencies(poetry, "poetry") == {"asyncpg"}
    requirements = "Redis==5.2.1  # cache\n-r base.txt\n# psycopg\npsycopg2_binary>=2.9\n"
    assert declared_dependencies(requirements, "requirements") == {"redis", "psycopg2-binary"}
    assert declared_dependencies("[project]\nname = 'x'\n", "pep621") == frozenset()


def test_declared_dependencies_refuses_a_broken_pyproject() -> None:
    from fastprod.manifest import declared_dependencies

    with pytest.raises(ProjectError, match="not valid TOML"):
        declared_dependencies("[project\n", "pep621")


def test_pep621_project_table_split_by_another_table() -> None:
    # ``[project.urls]`` after ``[dependency-groups]``: tomlkit gives a proxy, not a table.
    split = (
        '[project]\nname = "x"\ndependencies = [\n    "fastapi>=0.115",\n]\n'
        '[dependency-groups]\ndev = [\n    "pytest>=8",\n]\n\n'
        '[project.urls]\nRepository = "https://example.org/x.git"\n'
    )
    added = add_twice(split, "pep621", "redis>=5")
    assert added == split.replace('"fastapi>=0.115",\n', '"fastapi>=0.115",\n    "redis>=5",\n')
    dev = add_twice(split, "pep621", "fakeredis>=2", group="dev")
    assert dev == split.replace('    "pytest>=8",\n', '    "fakeredis>=2",\n    "pytest>=8",\n')


def test_poetry_tool_table_split_by_another_table() -> None:
    # ``[tool.mypy]`` after ``[build-system]``: tomlkit gives ``tool`` as a proxy.
    split = (
        '[tool.poetry]\nname = "x"\n\n[tool.poetry.dependencies]\npython = "^3.10"\n'
        'fastapi = "^0.115"\n\n[build-system]\nrequires = ["poetry-core"]\n\n'
        "[tool.mypy]\nstrict = true\n"
    )
    added = add_twice(split, "poetry", "redis>=5")
    assert added == split.replace('fastapi = "^0.115"\n', 'fastapi = "^0.115"\nredis = ">=5"\n')
