"""The shared source edits recipes make to existing Python files (``fastprod.edit``)."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import PurePosixPath

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
        "import os\nfrom pathlib import Path\nimport logging\n\nROOT = Path(os.getcwd())\n",
        id="end-of-import-block",
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
        "from fastapi import Request, Request as Req\n",
        id="other-alias-does-not-count",
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
    assert result == "from .config import settings\nfrom . import models\n"


def test_relative_and_absolute_are_told_apart() -> None:
    before = "from .errors import setup\n"
    assert edit.ensure_import(before, "errors", "setup") == (
        "from .errors import setup\nfrom errors import setup\n"
    )
    assert edit.ensure_import(before, "errors", "setup", relative=2) == (
        "from .errors import setup\nfrom ..errors import setup\n"
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
        "from typing import TYPE_CHECKING\nfrom fastapi import Request\n\n"
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
        "import os\nfrom fastapi import Request\n\nx = 1\nfrom fastapi import FastAPI\n"
    )


def test_import_goes_before_conditional_import_blocks() -> None:
    before = (
        "import os\ntry:\n    import ujson as json\nexcept ImportError:\n    import json\n"
        "import sys\n\nx = 1\n"
    )
    assert edit.ensure_import(before, "logging") == (
        "import os\ntry:\n    import ujson as json\nexcept ImportError:\n    import json\n"
        "import sys\nimport logging\n\nx = 1\n"
    )


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


@pytest.mark.parametrize(
    ("app", "source", "message"),
    [
        (MODULE_APP, "application = FastAPI()\n", "no module-level `app = ...`"),
        (MODULE_APP, "def make():\n    app = FastAPI()\n", "no module-level `app = ...`"),
        (FACTORY_APP, "app = FastAPI()\n", "`create_app()` was not found"),
        (FACTORY_APP, "def create_app():\n    app = FastAPI()\n", "does not end with"),
        (FACTORY_APP, "def create_app():\n    return wrap", "returns something other"),
        (FACTORY_APP, "def create_app(): return FastAPI()\n", "does not end with"),
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
