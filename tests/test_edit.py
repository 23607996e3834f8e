"""The shared source edits recipes make to existing Python files (``fastprod.edit``)."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path, PurePosixPath

import libcst as cst
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fastprod import AppLocation, ProjectError, RecipeError, edit

MODULE_APP = AppLocation(PurePosixPath("main.py"), "main", "app", None, PurePosixPath("."), None)
FACTORY_APP = AppLocation(
    PurePosixPath("src/shop/main.py"),
    "shop.main",
    "app",
    "create_app",
    PurePosixPath("src"),
    PurePosixPath("src/shop"),
)


def assert_idempotent(edit_once: Callable[[str], str], before: str) -> str:
    """Apply an edit, check a second application returns the very same string."""
    after = edit_once(before)
    again = edit_once(after)
    assert again is after or again == after
    assert edit_once(after) == after
    return after


def unpack(args: tuple[str | None, ...]) -> tuple[str, str | None, str | None]:
    """``(module, name, alias)`` from a shorter tuple; missing parts are ``None``."""
    module, name, alias = (*args, None, None)[:3]
    assert module is not None
    return module, name, alias


# --- ensure_import: adding ------------------------------------------------------------


ADDED_IMPORTS = [
    pytest.param(
        "app = FastAPI()\n",
        ("fastapi", "FastAPI"),
        "from fastapi import FastAPI\n\napp = FastAPI()\n",
        id="empty-header",
    ),
    pytest.param(
        '"""The API."""\n\napp = FastAPI()\n',
        ("fastapi", "FastAPI"),
        '"""The API."""\n\nfrom fastapi import FastAPI\n\napp = FastAPI()\n',
        id="after-docstring",
    ),
    pytest.param(
        '"""The API."""\nfrom __future__ import annotations\n\n\ndef main() -> None:\n    pass\n',
        ("os",),
        '"""The API."""\nfrom __future__ import annotations\n\nimport os\n\n\n'
        "def main() -> None:\n    pass\n",
        id="after-future",
    ),
    pytest.param(
        "import os\nfrom pathlib import Path\n\nROOT = Path(os.getcwd())\n",
        ("logging",),
        "import logging\nimport os\nfrom pathlib import Path\n\nROOT = Path(os.getcwd())\n",
        id="sorted-into-its-section",
    ),
    pytest.param(
        "from fastapi import FastAPI\n\napp = FastAPI()\n",
        ("fastapi", "Request"),
        "from fastapi import FastAPI, Request\n\napp = FastAPI()\n",
        id="joins-same-module",
    ),
    pytest.param(
        "from fastapi import FastAPI, Request\n",
        ("fastapi", "Depends"),
        "from fastapi import Depends, FastAPI, Request\n",
        id="sorted-position",
    ),
    pytest.param(
        "from fastapi import Request, FastAPI\n",
        ("fastapi", "Depends"),
        "from fastapi import Request, FastAPI, Depends\n",
        id="unsorted-appends",
    ),
    pytest.param(
        "from fastapi import (\n    FastAPI,\n    Request,  # the request\n)\n",
        ("fastapi", "status"),
        "from fastapi import (\n    FastAPI,\n    Request,  # the request\n    status,\n)\n",
        id="parenthesized-multiline",
    ),
    pytest.param(
        "from fastapi import (\n    FastAPI,\n)\n",
        ("fastapi", "Depends"),
        "from fastapi import (\n    Depends,\n    FastAPI,\n)\n",
        id="multiline-one-name",
    ),
    pytest.param(
        "from fastapi import (\n    FastAPI\n)\n",
        ("fastapi", "status"),
        "from fastapi import (\n    FastAPI,\n    status\n)\n",
        id="multiline-no-trailing-comma",
    ),
    pytest.param(
        "import fastapi\n",
        ("fastapi", "FastAPI"),
        "import fastapi\nfrom fastapi import FastAPI\n",
        id="plain-import-is-not-from-import",
    ),
    pytest.param(
        "from fastapi import Request as Req\n",
        ("fastapi", "Request"),
        "from fastapi import Request\nfrom fastapi import Request as Req\n",
        id="other-alias-does-not-count",
    ),
    pytest.param(
        "from app.realtime import router as realtime_router\n",
        ("app.realtime", "realtime_lifespan"),
        "from app.realtime import realtime_lifespan\n"
        "from app.realtime import router as realtime_router\n",
        id="a-line-with-an-alias-is-not-merged-into",
    ),
    pytest.param(
        "import os\n",
        ("os.path",),
        "import os\nimport os.path\n",
        id="submodule",
    ),
    pytest.param(
        "import numpy\n",
        ("numpy", None, "np"),
        "import numpy\nimport numpy as np\n",
        id="module-alias",
    ),
    pytest.param(
        '"""The API."""\nimport os\n',
        ("__future__", "annotations"),
        '"""The API."""\n\nfrom __future__ import annotations\n\nimport os\n',
        id="future-goes-first",
    ),
    pytest.param(
        "from __future__ import division\n\nimport os\n",
        ("__future__", "annotations"),
        "from __future__ import annotations, division\n\nimport os\n",
        id="future-joins-future",
    ),
]


@pytest.mark.parametrize(("before", "args", "after"), ADDED_IMPORTS)
def test_ensure_import_adds(before: str, args: tuple[str | None, ...], after: str) -> None:
    module, name, alias = unpack(args)
    result = assert_idempotent(
        lambda text: edit.ensure_import(text, module, name, alias=alias), before
    )
    assert result == after


def test_ensure_import_relative() -> None:
    before = "from fastapi import FastAPI\n\nfrom .config import settings\n"
    result = assert_idempotent(
        lambda text: edit.ensure_import(text, "errors", "register_error_handlers", relative=1),
        before,
    )
    assert result == (
        "from fastapi import FastAPI\n\nfrom .config import settings\n"
        "from .errors import register_error_handlers\n"
    )


def test_ensure_import_from_package_itself() -> None:
    result = edit.ensure_import("from .config import settings\n", "", "models", relative=1)
    assert result == "from . import models\nfrom .config import settings\n"


def test_relative_and_absolute_are_told_apart() -> None:
    before = "from .errors import setup\n"
    # Absolute imports form a section before relative ones; ``..`` sorts before ``.``.
    assert edit.ensure_import(before, "errors", "setup") == (
        "from errors import setup\n\nfrom .errors import setup\n"
    )
    assert edit.ensure_import(before, "errors", "setup", relative=2) == (
        "from ..errors import setup\nfrom .errors import setup\n"
    )


# --- ensure_import: already present -----------------------------------------------------


PRESENT_IMPORTS = [
    pytest.param("from fastapi import FastAPI\n", ("fastapi", "FastAPI"), id="same"),
    pytest.param(
        "from fastapi import (\n    Depends,\n    FastAPI,\n)\n",
        ("fastapi", "FastAPI"),
        id="parenthesized",
    ),
    pytest.param("from fastapi import Depends, FastAPI\n", ("fastapi", "FastAPI"), id="one-of"),
    pytest.param("import os.path\n", ("os",), id="dotted-binds-top"),
    pytest.param("import numpy as np\n", ("numpy", None, "np"), id="module-alias"),
    pytest.param("from a import b as c\n", ("a", "b", "c"), id="from-alias"),
    pytest.param("import os; import sys\n", ("sys",), id="semicolons"),
    pytest.param(
        "try:\n    import ujson as json\nexcept ImportError:\n    import json\n",
        ("ujson", None, "json"),
        id="try-body",
    ),
    pytest.param(
        "import os\n\napp = 1\n\nfrom late import thing\n",
        ("late", "thing"),
        id="duplicate-further-down",
    ),
]


@pytest.mark.parametrize(("source", "args"), PRESENT_IMPORTS)
def test_ensure_import_is_a_noop_when_present(source: str, args: tuple[str | None, ...]) -> None:
    module, name, alias = unpack(args)
    assert edit.ensure_import(source, module, name, alias=alias) is source


def test_type_checking_import_is_not_present_at_run_time() -> None:
    before = (
        "from typing import TYPE_CHECKING\n\n"
        "if TYPE_CHECKING:\n    from fastapi import Request\n\n\n"
        "def handler(request: Request) -> None:\n    pass\n"
    )
    result = assert_idempotent(lambda text: edit.ensure_import(text, "fastapi", "Request"), before)
    assert result == (
        "from typing import TYPE_CHECKING\n\nfrom fastapi import Request\n\n"
        "if TYPE_CHECKING:\n    from fastapi import Request\n\n\n"
        "def handler(request: Request) -> None:\n    pass\n"
    )


def test_import_inside_function_is_not_present() -> None:
    before = "def f():\n    import json\n    return json\n"
    assert edit.ensure_import(before, "json") == (
        "import json\n\n\ndef f():\n    import json\n    return json\n"
    )


def test_star_import_does_not_count_and_is_left_alone() -> None:
    before = "from fastapi import *\n"
    assert edit.ensure_import(before, "fastapi", "FastAPI") == (
        "from fastapi import *\nfrom fastapi import FastAPI\n"
    )


def test_import_added_after_first_use_lands_at_the_top() -> None:
    # libcst's AddImportsVisitor puts it after the last import, here after the use.
    before = (
        '"""Entry point."""\n\nfrom fastapi import FastAPI\n\n'
        "app = FastAPI()\napp.add_middleware(GZipMiddleware)\n\n"
        "from . import routes  # noqa: E402\n"
    )
    result = edit.ensure_import(before, "fastapi.middleware.gzip", "GZipMiddleware")
    assert result == (
        '"""Entry point."""\n\nfrom fastapi import FastAPI\n'
        "from fastapi.middleware.gzip import GZipMiddleware\n\n"
        "app = FastAPI()\napp.add_middleware(GZipMiddleware)\n\n"
        "from . import routes  # noqa: E402\n"
    )


def test_late_from_import_of_same_module_is_not_merged_into() -> None:
    before = "import os\n\nx = 1\nfrom fastapi import FastAPI\n"
    assert edit.ensure_import(before, "fastapi", "Request") == (
        "import os\n\nfrom fastapi import Request\n\nx = 1\nfrom fastapi import FastAPI\n"
    )


def test_import_follows_the_set_up_its_section_waits_for() -> None:
    # The project imports its own code after loading the environment; so does the new import.
    before = (
        "from dotenv import load_dotenv\nfrom fastapi import FastAPI\n\nload_dotenv()\n\n"
        "from shop.routes import books\n\napp = FastAPI()\n"
    )
    result = assert_idempotent(
        lambda text: edit.ensure_import(text, "shop.errors", "setup", first_party={"shop"}),
        before,
    )
    assert result == (
        "from dotenv import load_dotenv\nfrom fastapi import FastAPI\n\nload_dotenv()\n\n"
        "from shop.errors import setup\nfrom shop.routes import books\n\napp = FastAPI()\n"
    )


def test_import_after_set_up_takes_the_shared_noqa() -> None:
    before = (
        "import sys\n\nif ROOT not in sys.path:\n    sys.path.insert(0, ROOT)\n"
        "\nfrom shop.config import settings  # noqa: E402\n"
        "from shop.routes import books  # noqa: E402\n"
    )
    result = edit.ensure_import(before, "shop.errors", "setup", first_party={"shop"})
    assert result == (
        "import sys\n\nif ROOT not in sys.path:\n    sys.path.insert(0, ROOT)\n"
        "\nfrom shop.config import settings  # noqa: E402\n"
        "from shop.errors import setup  # noqa: E402\n"
        "from shop.routes import books  # noqa: E402\n"
    )


def test_import_of_a_section_the_header_has_stays_in_the_header() -> None:
    before = "import os\n\nload_dotenv()\n\nimport sys\n"
    assert edit.ensure_import(before, "logging") == (
        "import logging\nimport os\n\nload_dotenv()\n\nimport sys\n"
    )


def test_import_goes_before_conditional_import_blocks() -> None:
    before = (
        "import os\ntry:\n    import ujson as json\nexcept ImportError:\n    import json\n"
        "import sys\n\nx = 1\n"
    )
    assert edit.ensure_import(before, "logging") == (
        "import logging\nimport os\ntry:\n    import ujson as json\nexcept ImportError:\n"
        "    import json\nimport sys\n\nx = 1\n"
    )


def test_optional_import_with_a_fallback_value_is_part_of_the_header() -> None:
    before = (
        "try:\n    import ujson\nexcept ImportError:\n    ujson = None\n"
        "from fastapi import FastAPI\n\napp = FastAPI()\n"
    )
    assert edit.ensure_import(before, "shop.errors", "setup", first_party={"shop"}) == (
        "try:\n    import ujson\nexcept ImportError:\n    ujson = None\n"
        "from fastapi import FastAPI\n\nfrom shop.errors import setup\n\napp = FastAPI()\n"
    )


def test_first_party_import_joins_its_section_in_sorted_place() -> None:
    before = (
        "from fastapi import FastAPI\n\nfrom shop.config import get_settings\n"
        "from shop.routes import books\n"
    )
    result = edit.ensure_import(before, "shop.errors", "setup", first_party={"shop"})
    assert result == (
        "from fastapi import FastAPI\n\nfrom shop.config import get_settings\n"
        "from shop.errors import setup\nfrom shop.routes import books\n"
    )


def test_first_party_import_starts_its_own_section() -> None:
    before = "from fastapi import FastAPI\nfrom pydantic import BaseModel\n\napp = FastAPI()\n"
    result = edit.ensure_import(before, "errors", "setup", first_party={"errors"})
    assert result == (
        "from fastapi import FastAPI\nfrom pydantic import BaseModel\n\n"
        "from errors import setup\n\napp = FastAPI()\n"
    )


def test_stdlib_import_goes_before_third_party_section() -> None:
    before = '"""Doc."""\n\nfrom fastapi import FastAPI\n\napp = FastAPI()\n'
    assert edit.ensure_import(before, "logging") == (
        '"""Doc."""\n\nimport logging\n\nfrom fastapi import FastAPI\n\napp = FastAPI()\n'
    )


def test_unsorted_section_gets_the_import_at_its_end() -> None:
    before = "import sys\nimport os\n\nx = 1\n"
    assert edit.ensure_import(before, "json") == "import sys\nimport os\nimport json\n\nx = 1\n"


def test_comment_header_stays_first() -> None:
    before = "# Copyright header.\n\napp = 1\n"
    assert edit.ensure_import(before, "os") == "# Copyright header.\n\nimport os\n\napp = 1\n"


def test_empty_module() -> None:
    assert_idempotent(lambda text: edit.ensure_import(text, "os"), "")
    assert edit.ensure_import("", "os") == "import os\n"


def test_ensure_import_keeps_crlf() -> None:
    before = '"""Doc."""\r\n\r\nimport os\r\n\r\napp = 1\r\n'
    result = assert_idempotent(lambda text: edit.ensure_import(text, "sys"), before)
    assert result == '"""Doc."""\r\n\r\nimport os\r\nimport sys\r\n\r\napp = 1\r\n'


def test_ensure_import_keeps_crlf_in_parenthesized_names() -> None:
    before = "from fastapi import (\r\n    FastAPI,\r\n)\r\n"
    result = edit.ensure_import(before, "fastapi", "Request")
    assert result == "from fastapi import (\r\n    FastAPI,\r\n    Request,\r\n)\r\n"


def test_ensure_import_keeps_tabs() -> None:
    before = "def f():\n\treturn 1\n"
    result = assert_idempotent(lambda text: edit.ensure_import(text, "os"), before)
    assert result == "import os\n\n\ndef f():\n\treturn 1\n"


def test_ensure_import_bad_source_names_path_and_line() -> None:
    with pytest.raises(ProjectError, match=r"^app/main\.py:3: "):
        edit.ensure_import("import os\n\ndef f(:\n    pass\n", "sys", path="app/main.py")


@pytest.mark.parametrize(
    ("module", "name", "relative"),
    [("", None, 0), ("os", "not an identifier", 0), ("x", None, 1), ("a..b", None, 0)],
)
def test_ensure_import_rejects_invalid_requests(
    module: str, name: str | None, relative: int
) -> None:
    with pytest.raises(ValueError):
        edit.ensure_import("", module, name, relative=relative)


# --- ensure_import: any valid module ----------------------------------------------------

_LINES = [
    '"""Docstring."""',
    "from __future__ import annotations",
    "import os",
    "import os.path as osp",
    "from fastapi import FastAPI",
    "from fastapi import (\n    Depends,\n    Request,\n)",
    "from fastapi import *",
    "from . import models",
    "from .config import settings",
    "try:\n    import ujson as json\nexcept ImportError:\n    import json",
    "if TYPE_CHECKING:\n    from fastapi import Request",
    "# a comment",
    "",
    "app = FastAPI()",
    "x: int = 1; y = 2",
    "def f(a, b=1):\n    import sys\n    return a",
    "class C:\n    '''Doc.'''\n\n    x = 1",
    "@app.get('/')\nasync def root():\n    return {}",
]
_REQUESTS = [
    ("os", None, None, 0),
    ("sys", None, None, 0),
    ("os.path", None, "osp", 0),
    ("fastapi", "Request", None, 0),
    ("fastapi", "FastAPI", "App", 0),
    ("__future__", "annotations", None, 0),
    ("config", "settings", None, 1),
    ("", "models", None, 1),
    ("json", None, None, 0),
]


@st.composite
def modules(draw: st.DrawFn) -> str:
    """Modules made of lines a real FastAPI module has, in any order, any newline/indent."""
    lines = draw(st.lists(st.sampled_from(_LINES), max_size=10))
    # A docstring or a future import is only valid (or meaningful) at the top.
    body = [line for line in lines if line != '"""Docstring."""' and "__future__" not in line]
    head = [line for line in lines[:2] if line == '"""Docstring."""' or "__future__" in line]
    text = "\n".join(head[:1] + body) + ("\n" if lines else "")
    if draw(st.booleans()):
        text = text.replace("    ", "\t")
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return text


@settings(max_examples=300, deadline=None)
@given(source=modules(), request=st.sampled_from(_REQUESTS))
def test_ensure_import_on_any_valid_module(
    source: str, request: tuple[str, str | None, str | None, int]
) -> None:
    module, name, alias, relative = request
    cst.parse_module(source)  # the generator only makes valid modules

    def once(text: str) -> str:
        return edit.ensure_import(text, module, name, alias=alias, relative=relative)

    result = assert_idempotent(once, source)
    tree = ast.parse(result)
    if result != source:
        assert _bound_before_code(tree, alias or name or module.split(".")[0])


def _bound_before_code(tree: ast.Module, bound: str) -> bool:
    """True when a top-level import binds ``bound`` before any other kind of statement."""
    for statement in tree.body:
        if isinstance(statement, ast.Import | ast.ImportFrom):
            names = [a.asname or a.name.split(".")[0] for a in statement.names]
            if bound in names:
                return True
        elif not isinstance(statement, ast.Expr | ast.Try | ast.If):
            return False
    return False


# --- add_app_statement ------------------------------------------------------------------


def test_statement_goes_right_after_module_level_app() -> None:
    before = (
        "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n"
        '@app.get("/")\ndef root() -> dict[str, str]:\n    return {}\n'
    )
    result = assert_idempotent(
        lambda text: edit.add_app_statement(text, MODULE_APP, "register_error_handlers({app})"),
        before,
    )
    assert result == (
        "from fastapi import FastAPI\n\napp = FastAPI()\nregister_error_handlers(app)\n\n\n"
        '@app.get("/")\ndef root() -> dict[str, str]:\n    return {}\n'
    )


def test_statement_goes_after_existing_configuration() -> None:
    before = (
        'app: FastAPI = FastAPI(title="Shop")\n'
        "app.add_middleware(GZipMiddleware)\n"
        "app.state.started = False\n"
        "setup_tracing(app)\n"
        "\n"
        "settings = get_settings()\n"
    )
    result = edit.add_app_statement(before, MODULE_APP, "{app}.include_router(items.router)")
    assert result == (
        'app: FastAPI = FastAPI(title="Shop")\n'
        "app.add_middleware(GZipMiddleware)\n"
        "app.state.started = False\n"
        "setup_tracing(app)\n"
        "app.include_router(items.router)\n"
        "\n"
        "settings = get_settings()\n"
    )


def test_successive_statements_keep_the_order_they_were_added() -> None:
    text = "app = FastAPI()\n"
    for statement in ("first({app})", "second({app})", "third({app})"):
        text = edit.add_app_statement(text, MODULE_APP, statement)
    assert text == "app = FastAPI()\nfirst(app)\nsecond(app)\nthird(app)\n"


def test_statement_before_factory_return_uses_local_name() -> None:
    before = (
        "def create_app() -> FastAPI:\n"
        "    application = FastAPI()\n"
        "    application.include_router(items.router)\n"
        "\n"
        "    return application\n"
        "\n\n"
        "app = create_app()\n"
    )
    result = assert_idempotent(
        lambda text: edit.add_app_statement(text, FACTORY_APP, "register_error_handlers({app})"),
        before,
    )
    assert result == (
        "def create_app() -> FastAPI:\n"
        "    application = FastAPI()\n"
        "    application.include_router(items.router)\n"
        "    register_error_handlers(application)\n"
        "\n"
        "    return application\n"
        "\n\n"
        "app = create_app()\n"
    )


def test_factory_returning_the_constructor_gets_a_local() -> None:
    before = (
        "def create_app() -> FastAPI:\n"
        "    settings = get_settings()\n"
        "    return FastAPI(title=settings.app_name)\n"
    )
    result = assert_idempotent(
        lambda text: edit.add_app_statement(text, FACTORY_APP, "register_error_handlers({app})"),
        before,
    )
    assert result == (
        "def create_app() -> FastAPI:\n"
        "    settings = get_settings()\n"
        "    app = FastAPI(title=settings.app_name)\n"
        "    register_error_handlers(app)\n"
        "    return app\n"
    )


def test_factory_local_avoids_names_in_use() -> None:
    before = "def create_app(app: str) -> FastAPI:\n    return FastAPI(title=app)\n"
    result = edit.add_app_statement(before, FACTORY_APP, "setup({app})")
    assert result == (
        "def create_app(app: str) -> FastAPI:\n"
        "    application = FastAPI(title=app)\n"
        "    setup(application)\n"
        "    return application\n"
    )


def test_equal_statement_in_other_formatting_is_a_noop() -> None:
    source = (
        "app = FastAPI()\napp.add_middleware(\n    CORSMiddleware,\n    allow_origins=['*'],\n)\n"
    )
    statement = '{app}.add_middleware(CORSMiddleware, allow_origins=["*"])'
    assert edit.add_app_statement(source, MODULE_APP, statement) is source


def test_equal_statement_in_a_nested_block_is_a_noop() -> None:
    source = (
        "def create_app():\n    app = FastAPI()\n    if settings.debug:\n"
        "        app.debug = True\n    return app\n"
    )
    assert edit.add_app_statement(source, FACTORY_APP, "{app}.debug = True") is source


def test_equal_statement_in_another_scope_is_not_present() -> None:
    before = "def configure(app):\n    setup(app)\n\n\napp = FastAPI()\n"
    assert edit.add_app_statement(before, MODULE_APP, "setup({app})") == (
        "def configure(app):\n    setup(app)\n\n\napp = FastAPI()\nsetup(app)\n"
    )


def test_statement_keeps_its_comment_but_not_blank_lines() -> None:
    before = "app = FastAPI()\n\nx = 1\n"
    statement = "\n# Errors answer with the JSON envelope.\nregister_error_handlers({app})\n"
    result = assert_idempotent(
        lambda text: edit.add_app_statement(text, MODULE_APP, statement), before
    )
    assert result == (
        "app = FastAPI()\n# Errors answer with the JSON envelope.\n"
        "register_error_handlers(app)\n\nx = 1\n"
    )


def test_equal_statement_in_an_except_clause_is_a_noop() -> None:
    source = (
        "app = FastAPI()\ntry:\n    import sentry_sdk\nexcept ImportError:\n"
        "    pass\nelse:\n    setup_sentry(app)\n"
    )
    assert edit.add_app_statement(source, MODULE_APP, "setup_sentry({app})") is source


def test_statement_without_placeholder() -> None:
    before = "app = FastAPI()\n"
    result = edit.add_app_statement(before, MODULE_APP, "logging.basicConfig()")
    assert result == "app = FastAPI()\nlogging.basicConfig()\n"


def test_compound_statement() -> None:
    before = "def create_app():\n    app = FastAPI()\n    return app\n"
    statement = "if settings.debug:\n    {app}.debug = True\n"
    result = assert_idempotent(
        lambda text: edit.add_app_statement(text, FACTORY_APP, statement), before
    )
    assert result == (
        "def create_app():\n    app = FastAPI()\n"
        "    if settings.debug:\n        app.debug = True\n    return app\n"
    )


def test_statement_takes_the_module_quotes() -> None:
    before = "app = FastAPI(title='Shop')\n"
    result = edit.add_app_statement(before, MODULE_APP, '{app}.state.name = "shop"')
    assert result == "app = FastAPI(title='Shop')\napp.state.name = 'shop'\n"


def test_statement_keeps_crlf_and_tabs() -> None:
    before = "def create_app():\r\n\tapp = FastAPI()\r\n\treturn app\r\n"
    statement = "if settings.debug:\n    {app}.debug = True\n"
    result = assert_idempotent(
        lambda text: edit.add_app_statement(text, FACTORY_APP, statement), before
    )
    assert result == (
        "def create_app():\r\n\tapp = FastAPI()\r\n"
        "\tif settings.debug:\r\n\t\tapp.debug = True\r\n\treturn app\r\n"
    )


def test_async_factory() -> None:
    before = "async def create_app():\n    app = FastAPI()\n    return app\n"
    assert edit.add_app_statement(before, FACTORY_APP, "setup({app})") == (
        "async def create_app():\n    app = FastAPI()\n    setup(app)\n    return app\n"
    )


def test_factory_returning_from_a_nested_block() -> None:
    # Every path runs the lines right after the creation; not every path reaches a return.
    before = (
        "def create_app(settings: Settings) -> FastAPI:\n"
        "    application = FastAPI(title=settings.name)\n"
        "    application.include_router(router)\n"
        "\n"
        "    if settings.docs:\n"
        "        application.include_router(docs_router)\n"
        "\n"
        "        return application\n"
    )
    result = assert_idempotent(
        lambda text: edit.add_app_statement(text, FACTORY_APP, "register_error_handlers({app})"),
        before,
    )
    assert result == (
        "def create_app(settings: Settings) -> FastAPI:\n"
        "    application = FastAPI(title=settings.name)\n"
        "    application.include_router(router)\n"
        "    register_error_handlers(application)\n"
        "\n"
        "    if settings.docs:\n"
        "        application.include_router(docs_router)\n"
        "\n"
        "        return application\n"
    )


def test_factory_building_the_app_in_branches() -> None:
    before = (
        "def create_app() -> FastAPI:\n"
        "    if settings.debug:\n"
        "        app = FastAPI(debug=True)\n"
        "    else:\n"
        "        app = FastAPI()\n"
        "    return app\n"
    )
    result = assert_idempotent(
        lambda text: edit.add_app_statement(text, FACTORY_APP, "setup({app})"), before
    )
    assert result == before.replace("    return app\n", "\n    setup(app)\n    return app\n")
    with pytest.raises(RecipeError, match="built in more than one place"):
        edit.ensure_app_argument(before, FACTORY_APP, "lifespan", "lifespan")


def test_statement_follows_a_module_level_block_building_the_app() -> None:
    before = (
        "if settings.debug:\n    app = FastAPI(debug=True)\nelse:\n    app = FastAPI()\n"
        "app.include_router(router)\n\n\n@app.get('/')\ndef root():\n    return {}\n"
    )
    result = assert_idempotent(
        lambda text: edit.add_app_statement(text, MODULE_APP, "setup({app})"), before
    )
    assert result == (
        "if settings.debug:\n    app = FastAPI(debug=True)\nelse:\n    app = FastAPI()\n"
        "app.include_router(router)\nsetup(app)\n\n\n@app.get('/')\ndef root():\n    return {}\n"
    )


def test_app_built_only_under_the_main_guard_is_not_the_module_app() -> None:
    source = "if __name__ == '__main__':\n    app = FastAPI()\n    uvicorn.run(app)\n"
    with pytest.raises(RecipeError, match=re.escape("no module-level `app = ...`")):
        edit.add_app_statement(source, MODULE_APP, "setup({app})")


def test_statement_goes_before_the_server_is_run() -> None:
    before = "app = FastAPI()\napp.include_router(router)\nuvicorn.run(app, port=8000)\n"
    result = edit.add_app_statement(before, MODULE_APP, "setup({app})")
    assert result == (
        "app = FastAPI()\napp.include_router(router)\nsetup(app)\nuvicorn.run(app, port=8000)\n"
    )


@pytest.mark.parametrize(
    ("app", "source", "message"),
    [
        (MODULE_APP, "application = FastAPI()\n", "no module-level `app = ...`"),
        (MODULE_APP, "def make():\n    app = FastAPI()\n", "no module-level `app = ...`"),
        (FACTORY_APP, "app = FastAPI()\n", "`create_app()` was not found"),
        (FACTORY_APP, "def create_app():\n    app = FastAPI()\n", "does not end with"),
        (FACTORY_APP, "def create_app():\n    return wrap", "returns something other"),
        (FACTORY_APP, "def create_app(): return FastAPI()\n", "does not end with"),
        (
            FACTORY_APP,
            "def create_app():\n    if x:\n        app = FastAPI()\n        return app\n",
            "does not end with",
        ),
    ],
)
def test_app_not_found_is_a_recipe_error(app: AppLocation, source: str, message: str) -> None:
    with pytest.raises(RecipeError, match=re.escape(message)) as caught:
        edit.add_app_statement(source, app, "setup({app})", path="src/shop/main.py")
    assert caught.value.message.startswith("src/shop/main.py: ")


def test_add_app_statement_bad_source_is_a_project_error() -> None:
    with pytest.raises(ProjectError, match=r"^main\.py:1: "):
        edit.add_app_statement("app = FastAPI(\n", MODULE_APP, "setup({app})", path="main.py")


def test_add_app_statement_rejects_a_bad_snippet() -> None:
    with pytest.raises(ValueError, match="not a single Python statement"):
        edit.add_app_statement("app = FastAPI()\n", MODULE_APP, "setup({app}")


# --- add_middleware ---------------------------------------------------------------------


def test_add_middleware_with_options() -> None:
    before = "app = FastAPI()\n"
    result = assert_idempotent(
        lambda text: edit.add_middleware(
            text, MODULE_APP, "CORSMiddleware", allow_origins="settings.cors_origins"
        ),
        before,
    )
    assert result == (
        "app = FastAPI()\napp.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins)\n"
    )


def test_add_middleware_in_factory() -> None:
    before = "def create_app():\n    application = FastAPI()\n\n    return application\n"
    result = assert_idempotent(
        lambda text: edit.add_middleware(text, FACTORY_APP, "RequestIDMiddleware"), before
    )
    assert result == (
        "def create_app():\n    application = FastAPI()\n"
        "    application.add_middleware(RequestIDMiddleware)\n\n    return application\n"
    )


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            "app = FastAPI()\napp.add_middleware(\n    GZipMiddleware,\n    minimum_size=500,\n)\n",
            id="other-options-other-layout",
        ),
        pytest.param(
            "app = FastAPI()\napp.add_middleware(middleware_class=GZipMiddleware)\n",
            id="by-keyword",
        ),
        pytest.param(
            "app = FastAPI(middleware=[Middleware(GZipMiddleware, minimum_size=500)])\n",
            id="constructor-list",
        ),
        pytest.param(
            "def setup(app):\n    app.add_middleware(GZipMiddleware)\n\n\napp = FastAPI()\n",
            id="in-a-helper",
        ),
    ],
)
def test_add_middleware_already_registered(source: str) -> None:
    result = edit.add_middleware(source, MODULE_APP, "GZipMiddleware", minimum_size="1000")
    assert result is source


def test_add_middleware_another_class_is_added() -> None:
    before = "app = FastAPI()\napp.add_middleware(GZipMiddleware)\n"
    assert edit.add_middleware(before, MODULE_APP, "TrustedHostMiddleware") == (
        "app = FastAPI()\napp.add_middleware(GZipMiddleware)\n"
        "app.add_middleware(TrustedHostMiddleware)\n"
    )


def test_add_middleware_keeps_module_quotes() -> None:
    before = "app = FastAPI(title='Shop')\n"
    result = edit.add_middleware(before, MODULE_APP, "M", header_name='"X-Request-ID"')
    assert (
        result == "app = FastAPI(title='Shop')\napp.add_middleware(M, header_name='X-Request-ID')\n"
    )


# --- add_exception_handler --------------------------------------------------------------


def test_add_exception_handler() -> None:
    before = "app = FastAPI()\n"
    result = assert_idempotent(
        lambda text: edit.add_exception_handler(text, MODULE_APP, "AppError", "app_error_handler"),
        before,
    )
    assert result == "app = FastAPI()\napp.add_exception_handler(AppError, app_error_handler)\n"


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            "app = FastAPI()\napp.add_exception_handler(AppError, handle)\n", id="other-handler"
        ),
        pytest.param(
            "app = FastAPI()\n\n\n@app.exception_handler(AppError)\n"
            "async def handle(request, exc):\n    pass\n",
            id="decorator",
        ),
        pytest.param(
            "app = FastAPI(exception_handlers={AppError: handle})\n", id="constructor-map"
        ),
    ],
)
def test_add_exception_handler_already_registered(source: str) -> None:
    assert edit.add_exception_handler(source, MODULE_APP, "AppError", "app_error_handler") is (
        source
    )


def test_add_exception_handler_for_a_status_code() -> None:
    before = "app = FastAPI()\napp.add_exception_handler(500, crash)\n"
    assert edit.add_exception_handler(before, MODULE_APP, "404", "not_found") == (
        "app = FastAPI()\napp.add_exception_handler(500, crash)\n"
        "app.add_exception_handler(404, not_found)\n"
    )


# --- include_router ---------------------------------------------------------------------


def test_include_router_with_prefix_and_tags() -> None:
    before = "app = FastAPI()\napp.include_router(health.router)\n"
    result = assert_idempotent(
        lambda text: edit.include_router(
            text, MODULE_APP, "items.router", prefix="/items", tags=["items"]
        ),
        before,
    )
    assert result == (
        "app = FastAPI()\napp.include_router(health.router)\n"
        'app.include_router(items.router, prefix="/items", tags=["items"])\n'
    )


def test_include_router_plain() -> None:
    before = "def create_app():\n\tapp = FastAPI()\n\treturn app\n"
    assert edit.include_router(before, FACTORY_APP, "auth_router") == (
        "def create_app():\n\tapp = FastAPI()\n\tapp.include_router(auth_router)\n\treturn app\n"
    )


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            "app = FastAPI()\napp.include_router(items.router, prefix='/v1/items')\n",
            id="other-prefix",
        ),
        pytest.param(
            "app = FastAPI()\napi = APIRouter()\napi.include_router(router=items.router)\n"
            "app.include_router(api)\n",
            id="through-another-router",
        ),
    ],
)
def test_include_router_already_included(source: str) -> None:
    assert edit.include_router(source, MODULE_APP, "items.router", prefix="/items") is source


def test_registration_of_invalid_expression_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="not a Python expression"):
        edit.include_router("app = FastAPI()\n", MODULE_APP, "items.")


# --- ensure_app_argument ----------------------------------------------------------------


def test_ensure_app_argument_in_empty_call() -> None:
    before = "app = FastAPI()\n"
    result = assert_idempotent(
        lambda text: edit.ensure_app_argument(text, MODULE_APP, "lifespan", "lifespan"), before
    )
    assert result == "app = FastAPI(lifespan=lifespan)\n"


def test_ensure_app_argument_keeps_one_argument_a_line() -> None:
    before = "app = FastAPI(\n    title='Shop',\n    version='1.0',\n)\n"
    result = edit.ensure_app_argument(before, MODULE_APP, "docs_url", '"/api/docs"')
    assert result == (
        "app = FastAPI(\n    title='Shop',\n    version='1.0',\n    docs_url='/api/docs',\n)\n"
    )


def test_ensure_app_argument_on_one_line() -> None:
    before = 'app: FastAPI = FastAPI(title="Shop")\n'
    assert edit.ensure_app_argument(before, MODULE_APP, "lifespan", "lifespan") == (
        'app: FastAPI = FastAPI(title="Shop", lifespan=lifespan)\n'
    )


def test_ensure_app_argument_keeps_an_existing_value() -> None:
    source = "app = FastAPI(lifespan=my_lifespan)\n"
    assert edit.ensure_app_argument(source, MODULE_APP, "lifespan", "lifespan") is source


def test_ensure_app_argument_in_factory() -> None:
    before = (
        "def create_app():\n    application = FastAPI(\n        title='x'\n    )\n"
        "    return application\n"
    )
    result = assert_idempotent(
        lambda text: edit.ensure_app_argument(text, FACTORY_APP, "lifespan", "lifespan"), before
    )
    assert result == (
        "def create_app():\n    application = FastAPI(\n        title='x',\n"
        "        lifespan=lifespan\n    )\n    return application\n"
    )


def test_ensure_app_argument_when_factory_returns_the_call() -> None:
    before = "def create_app():\n    return FastAPI()\n"
    assert edit.ensure_app_argument(before, FACTORY_APP, "lifespan", "lifespan") == (
        "def create_app():\n    app = FastAPI(lifespan=lifespan)\n    return app\n"
    )


def test_ensure_app_argument_needs_a_call() -> None:
    with pytest.raises(RecipeError, match="not created by a call"):
        edit.ensure_app_argument("app = other_app\n", MODULE_APP, "lifespan", "lifespan")


# --- add_settings_field -----------------------------------------------------------------

SETTINGS = '''\
class Settings(BaseSettings):
    """Configuration from the environment."""

    model_config = SettingsConfigDict(env_file=".env")

    app_name: str = "Shop"
    # Database
    database_url: SecretStr

    @field_validator("app_name")
    @classmethod
    def strip(cls, value: str) -> str:
        return value.strip()
'''


def test_add_settings_field_after_last_field() -> None:
    result = assert_idempotent(
        lambda text: edit.add_settings_field(
            text, "Settings", "redis_url", "str", '"redis://localhost:6379/0"'
        ),
        SETTINGS,
    )
    assert result == SETTINGS.replace(
        "    database_url: SecretStr\n",
        '    database_url: SecretStr\n    redis_url: str = "redis://localhost:6379/0"\n',
    )


def test_add_required_settings_field() -> None:
    result = edit.add_settings_field(SETTINGS, "Settings", "jwt_secret", "SecretStr")
    assert result == SETTINGS.replace(
        "    database_url: SecretStr\n", "    database_url: SecretStr\n    jwt_secret: SecretStr\n"
    )


@pytest.mark.parametrize("name", ["app_name", "database_url", "model_config"])
def test_add_settings_field_already_declared(name: str) -> None:
    assert edit.add_settings_field(SETTINGS, "Settings", name, "int", "1") is SETTINGS


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            'class Settings(BaseSettings):\n    """Doc."""\n',
            'class Settings(BaseSettings):\n    """Doc."""\n\n    debug: bool = False\n',
            id="only-docstring",
        ),
        pytest.param(
            "class Settings(BaseSettings):\n    pass\n",
            "class Settings(BaseSettings):\n    debug: bool = False\n",
            id="pass",
        ),
        pytest.param(
            "class Settings(BaseSettings): ...\n",
            "class Settings(BaseSettings):\n    debug: bool = False\n",
            id="one-line-ellipsis",
        ),
        pytest.param(
            "class Settings(BaseSettings):\n    def url(self) -> str:\n        return ''\n",
            "class Settings(BaseSettings):\n    debug: bool = False\n\n"
            "    def url(self) -> str:\n        return ''\n",
            id="only-methods",
        ),
        pytest.param(
            "class Settings(BaseSettings):\r\n\tname: str = 'x'\r\n",
            "class Settings(BaseSettings):\r\n\tname: str = 'x'\r\n\tdebug: bool = False\r\n",
            id="crlf-tabs",
        ),
    ],
)
def test_add_settings_field_shapes(before: str, after: str) -> None:
    result = assert_idempotent(
        lambda text: edit.add_settings_field(text, "Settings", "debug", "bool", "False"), before
    )
    assert result == after


def test_add_settings_field_takes_module_quotes() -> None:
    before = "class Settings(BaseSettings):\n    name: str = 'shop'\n"
    assert edit.add_settings_field(before, "Settings", "env", "str", '"dev"') == (
        "class Settings(BaseSettings):\n    name: str = 'shop'\n    env: str = 'dev'\n"
    )


def test_add_settings_field_class_not_found() -> None:
    with pytest.raises(RecipeError, match=r"^config\.py: no module-level class `Settings`"):
        edit.add_settings_field("x = 1\n", "Settings", "a", "int", path="config.py")


# --- every helper keeps CRLF newlines and tab indentation -------------------------------

CRLF_TABS = (
    '"""Shop."""\r\n\r\nfrom fastapi import FastAPI\r\n\r\n\r\n'
    "class Settings(BaseSettings):\r\n\tname: str = 'shop'\r\n\r\n\r\n"
    "def create_app() -> FastAPI:\r\n\tapp = FastAPI(\r\n\t\ttitle='Shop',\r\n\t)\r\n"
    "\tif settings.debug:\r\n\t\tapp.debug = True\r\n\treturn app\r\n"
)

EDITS: list[tuple[str, Callable[[str], str]]] = [
    ("ensure_import", lambda text: edit.ensure_import(text, "fastapi", "Request")),
    ("ensure_import_new_line", lambda text: edit.ensure_import(text, "logging")),
    (
        "add_app_statement",
        lambda text: edit.add_app_statement(
            text, FACTORY_APP, "if settings.trace:\n    setup_tracing({app})\n"
        ),
    ),
    ("add_middleware", lambda text: edit.add_middleware(text, FACTORY_APP, "GZipMiddleware")),
    (
        "add_exception_handler",
        lambda text: edit.add_exception_handler(text, FACTORY_APP, "AppError", "handle"),
    ),
    ("include_router", lambda text: edit.include_router(text, FACTORY_APP, "items.router")),
    (
        "ensure_app_argument",
        lambda text: edit.ensure_app_argument(text, FACTORY_APP, "lifespan", "lifespan"),
    ),
    (
        "add_settings_field",
        lambda text: edit.add_settings_field(text, "Settings", "debug", "bool", '"no"'),
    ),
]


@pytest.mark.parametrize(("name", "edit_once"), EDITS, ids=[name for name, _ in EDITS])
def test_every_helper_keeps_crlf_and_tabs(name: str, edit_once: Callable[[str], str]) -> None:
    result = assert_idempotent(edit_once, CRLF_TABS)
    assert result != CRLF_TABS
    assert re.search(r"(?<!\r)\n", result) is None, "a bare LF was written"
    assert "    " not in result, "spaces were used to indent"
    assert '"' not in result.replace('"""Shop."""', ""), "double quotes in a single-quote module"
    ast.parse(result)


@pytest.mark.parametrize(("name", "edit_once"), EDITS, ids=[name for name, _ in EDITS])
def test_every_helper_keeps_a_byte_order_mark(name: str, edit_once: Callable[[str], str]) -> None:
    before = "\ufeff" + CRLF_TABS
    result = assert_idempotent(edit_once, before)
    assert result.startswith("\ufeff") and result.count("\ufeff") == 1
    assert result[1:] == edit_once(CRLF_TABS)
    assert edit_once(result) is result


def test_statement_after_a_nested_def_in_a_factory_is_set_apart() -> None:
    before = (
        "from fastapi import FastAPI\n\n\n"
        "def create_app() -> FastAPI:\n"
        "    app = FastAPI()\n\n"
        '    @app.get("/health")\n'
        "    async def health() -> dict[str, str]:\n"
        '        return {"status": "ok"}\n\n'
        "    return app\n"
    )
    location = AppLocation(
        PurePosixPath("main.py"), "main", "app", "create_app", PurePosixPath("."), None
    )
    result = edit.add_app_statement(before, location, "setup({app})")
    assert result.endswith('        return {"status": "ok"}\n\n    setup(app)\n\n    return app\n')


# ---- before_app, and the outermost middleware kept last ----------------------------


FACTORY_WITH_MIDDLEWARE = (
    "from fastapi import FastAPI\n"
    "\n"
    "\n"
    "def create_app() -> FastAPI:\n"
    "    settings = get_settings()\n"
    "    app = FastAPI()\n"
    "    app.add_middleware(GZipMiddleware)\n"
    "    app.include_router(router)\n"
    "    return app\n"
)


def test_before_app_goes_just_before_the_creation() -> None:
    after = edit.add_app_statement(
        FACTORY_WITH_MIDDLEWARE, FACTORY_APP, "setup_logging(settings.level)", before_app=True
    )
    expected = (
        "    settings = get_settings()\n    setup_logging(settings.level)\n    app = FastAPI()\n"
    )
    assert expected in after
    again = edit.add_app_statement(
        after, FACTORY_APP, "setup_logging(settings.level)", before_app=True
    )
    assert again is after


def test_before_app_takes_the_blank_lines_above_a_module_level_app() -> None:
    source = "from fastapi import FastAPI\n\napp = FastAPI()\n"
    after = edit.add_app_statement(source, MODULE_APP, 'setup_logging("INFO")', before_app=True)
    assert after == 'from fastapi import FastAPI\n\nsetup_logging("INFO")\napp = FastAPI()\n'


def test_after_app_goes_just_after_the_creation() -> None:
    after = edit.add_app_statement(
        FACTORY_WITH_MIDDLEWARE, FACTORY_APP, "setup_tracing({app})", after_app=True
    )
    assert "    app = FastAPI()\n    setup_tracing(app)\n    app.add_middleware(" in after
    again = edit.add_app_statement(after, FACTORY_APP, "setup_tracing({app})", after_app=True)
    assert again is after


@pytest.mark.parametrize("first", ["after_app", "statement"])
def test_an_after_app_statement_takes_the_same_place_in_either_order(first: str) -> None:
    def after_app(text: str) -> str:
        return edit.add_app_statement(text, MODULE_APP, "setup_tracing({app})", after_app=True)

    def statement(text: str) -> str:
        return edit.add_app_statement(text, MODULE_APP, "register_error_handlers({app})")

    steps = [after_app, statement] if first == "after_app" else [statement, after_app]
    text = "from fastapi import FastAPI\n\napp = FastAPI()\n\napp.include_router(router)\n"
    for step in steps:
        text = step(text)
    assert text == (
        "from fastapi import FastAPI\n\napp = FastAPI()\n\napp.include_router(router)\n"
        "setup_tracing(app)\nregister_error_handlers(app)\n"
    )


@pytest.mark.parametrize("first", ["after_app", "router"])
def test_an_after_app_statement_and_a_first_router_agree_in_either_order(first: str) -> None:
    def after_app(text: str) -> str:
        return edit.add_app_statement(text, MODULE_APP, "setup_tracing({app})", after_app=True)

    def router(text: str) -> str:
        return edit.include_router(text, MODULE_APP, "health_router")

    steps = [after_app, router] if first == "after_app" else [router, after_app]
    text = "from fastapi import FastAPI\n\napp = FastAPI()\n"
    for step in steps:
        text = step(text)
    assert text.endswith("app = FastAPI()\napp.include_router(health_router)\nsetup_tracing(app)\n")


@pytest.mark.parametrize("first", ["middleware", "statement"])
def test_the_request_id_middleware_stays_outermost_in_either_order(first: str) -> None:
    def middleware(text: str) -> str:
        return edit.add_middleware(text, FACTORY_APP, "RequestIDMiddleware")

    def statement(text: str) -> str:
        return edit.add_app_statement(text, FACTORY_APP, "register_error_handlers({app})")

    steps = [middleware, statement] if first == "middleware" else [statement, middleware]
    text = FACTORY_WITH_MIDDLEWARE
    for step in steps:
        text = step(text)
    assert text.endswith(
        "    app.include_router(router)\n"
        "    register_error_handlers(app)\n"
        "    app.add_middleware(RequestIDMiddleware)\n"
        "    return app\n"
    )


# ---- prints_to_logs ------------------------------------------------------------------


PRINTS_FIXTURE = Path(__file__).parent / "fixtures" / "prints_app"


def test_prints_become_log_calls_structured_where_mechanical() -> None:
    source = (PRINTS_FIXTURE / "app/orders.py").read_text()
    after, replaced = edit.prints_to_logs(source, first_party={"app"})
    assert [(r.line, r.after) for r in replaced] == [
        (9, 'logger.info(f"stock check: {sku!r} x{quantity}")'),
        (10, 'logger.info("%s %s %s", "placing", sku, quantity)'),
        (11, 'logger.info("placed of", quantity=quantity, sku=sku, next_id=_next_id)'),
    ]
    assert after.startswith(
        "import sys\n\nimport structlog\n\nlogger = structlog.stdlib.get_logger(__name__)\n"
    )
    # Written to a file on purpose: kept.
    assert 'print("warning: low stock", file=sys.stderr)' in after
    assert edit.prints_to_logs(after, first_party={"app"}) == (after, [])
    compile(after, "orders.py", "exec")


def test_prints_keep_a_module_with_its_own_logger_or_run_as_a_script() -> None:
    own = "import logging\n\nlogger = logging.getLogger(__name__)\nprint('x')\n"
    script = "def main() -> None:\n    print('x')\n\n\nif __name__ == \"__main__\":\n    main()\n"
    for source in (own, script, "x = 1\n"):
        after, replaced = edit.prints_to_logs(source)
        assert after is source
        assert replaced == []


def test_an_attribute_value_gets_a_key_of_its_own() -> None:
    after, replaced = edit.prints_to_logs('def f(user):\n    print(f"saved {user.id}")\n')
    assert replaced[0].after == 'logger.info("saved", user_id=user.id)'
    assert "logger = structlog.stdlib.get_logger(__name__)\n" in after
