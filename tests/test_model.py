"""The project model: one source set per run, module names, symbols and readings."""

from __future__ import annotations

import collections
import dataclasses
import time
from pathlib import Path, PurePosixPath

import pytest
from generated_app import generate
from helpers import copy_fixture

from fastprod import Project
from fastprod.core._changes import ChangeSet, FileChange
from fastprod.engine._engine import Options, run
from fastprod.project._model import _sources
from fastprod.project._model._readings import Alembic, DbLayer, Place, RoleCheck, RouteReading
from fastprod.project._model._sources import SourceSet

P = PurePosixPath
THREE_INTENTS = "set up error handling, audit my project and review my API security"


class _Counted:
    """Every source set made during a test, and which file each parse was for."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.sets: list[SourceSet] = []
        self.parsed: collections.Counter[str] = collections.Counter()
        made, parse = SourceSet.__init__, SourceSet._parse

        def init(source_set: SourceSet, root: Path) -> None:
            made(source_set, root)
            self.sets.append(source_set)

        def counted(source_set: SourceSet, text: str, filename: str) -> object:
            self.parsed[filename] += 1
            return parse(source_set, text, filename)

        monkeypatch.setattr(_sources.SourceSet, "__init__", init)
        monkeypatch.setattr(_sources.SourceSet, "_parse", counted)


@pytest.mark.parametrize("fixture", ["audit_src_factory", "bigger_app", "src_factory"])
def test_three_intents_list_once_and_parse_each_file_once(
    fixture: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = copy_fixture(fixture, tmp_path)
    counted = _Counted(monkeypatch)
    outcome = run(THREE_INTENTS, Options(path=root, dry_run=True))
    assert [s.intent.name for s in outcome.steps] == ["error_handling", "audit", "security_review"]
    [source_set] = counted.sets
    assert source_set.listings == 1
    assert source_set.parses == sum(counted.parsed.values())
    edited = {str(c.path) for c in outcome.changes if c.before is not None}
    python = {str(p) for p in Project(root).python_files} | {str(c.path) for c in outcome.changes}
    assert set(counted.parsed) == {p for p in python if p.endswith(".py")}
    # A file an earlier step edits is parsed as it was and as planned; every other once.
    assert {p: n for p, n in counted.parsed.items() if n != 1} == {
        p: 2 for p in edited if p.endswith(".py")
    }


def test_a_view_after_a_step_shares_the_source_set_and_rereads_only_changed_paths(
    tmp_path: Path,
) -> None:
    root = copy_fixture("bigger_app", tmp_path)
    project = Project(root)
    files = project.python_files
    trees = {p: project.sources.parse(project.read_text(p) or "", str(p)) for p in files}
    edited = P("app/main.py")
    text = (project.read_text(edited) or "") + "\nVERSION = 2\n"
    change = FileChange(edited, project.read_text(edited), text)
    later = project.with_changes(ChangeSet((change,)))
    assert later.sources is project.sources
    assert later.python_files == files
    assert project.sources.listings == 1
    parses = project.sources.parses
    for path in files:
        tree = later.sources.parse(later.read_text(path) or "", str(path))
        assert (tree is trees[path]) is (path != edited)
    assert project.sources.parses == parses + 1


def test_src_layout_modules_are_named_from_the_import_root(tmp_path: Path) -> None:
    root = copy_fixture("src_factory", tmp_path)
    project = Project(root)
    assert project.module_name(P("src/bookshop/main.py")) == ("bookshop.main", P("src"))
    assert project.module_name(P("src/bookshop/__init__.py")) == ("bookshop", P("src"))
    assert project.app.module == "bookshop.main"


def test_a_folder_without_init_inside_a_package_is_part_of_it(tmp_path: Path) -> None:
    # app/auth/ has no __init__.py, yet "from app.auth.models import User" works
    # (a namespace portion): its modules are named as the app imports them, and a
    # name imported from there resolves to its class.
    root = _write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
            "app/auth/models.py": "class User:\n    email: str\n",
            "app/auth/views.py": "from app.auth.models import User\n",
            "scripts/seed.py": "print('seed')\n",
        },
    )
    project = Project(root)
    assert project.module_name(P("app/auth/models.py")) == ("app.auth.models", P("."))
    # A folder beside the package, not inside one, is still its own root.
    assert project.module_name(P("scripts/seed.py")) == ("seed", P("scripts"))
    index = project.readings.index
    qualified = index.symbols.resolve("app.auth.views", "User")
    assert qualified == "app.auth.models.User"
    assert index.class_named(qualified) is not None


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


_RESOLVING = {
    "app/__init__.py": "",
    "app/db.py": "def get_db():\n    yield None\n",
    "app/deps/__init__.py": "from .auth import get_current_user\n",
    "app/deps/auth.py": (
        "import jwt\nfrom fastapi import Depends\nfrom fastapi.security import HTTPBearer\n\n"
        "scheme = HTTPBearer()\n\n\n"
        "def get_current_user(token=Depends(scheme)):\n"
        "    return jwt.decode(token.credentials, 'k', algorithms=['HS256'])\n"
    ),
    # Same names, other behaviour: a bare-name lookup would mix these in.
    "app/admin.py": (
        "import jwt\n\n\ndef get_db():\n    return jwt.decode('t', 'k', algorithms=['HS256'])\n\n\n"
        "def get_current_user():\n    return None\n"
    ),
    "app/routes.py": (
        "from fastapi import APIRouter, Depends\n\n"
        "from . import deps\nfrom .db import get_db\nfrom .db import get_db as session\n"
        "from app.deps import get_current_user\n\n"
        "router = APIRouter()\n\n\n"
        "@router.get('/items')\n"
        "def items(db=Depends(get_db), user=Depends(deps.get_current_user)):\n"
        "    return []\n\n\n"
        "@router.get('/me')\n"
        "def me(user=Depends(get_current_user)):\n    return user\n"
    ),
    "app/main.py": (
        "from fastapi import FastAPI\n\nfrom .routes import router\n\n"
        "app = FastAPI()\napp.include_router(router, prefix='/api')\n"
    ),
}


def test_resolve_follows_from_imports_aliases_relative_imports_and_reexports(
    tmp_path: Path,
) -> None:
    from fastprod.scorecards._run import analyse

    symbols = analyse(Project(_write(tmp_path, _RESOLVING))).derived.index.symbols
    assert symbols.resolve("app.routes", "session") == "app.db.get_db"
    assert symbols.resolve("app.routes", "deps.get_current_user") == (
        "app.deps.auth.get_current_user"
    )
    assert symbols.resolve("app.routes", "get_current_user") == "app.deps.auth.get_current_user"
    assert symbols.resolve("app.routes", "router") == "app.routes.router"
    assert symbols.resolve("app.routes", "Depends") == "fastapi.Depends"
    assert symbols.resolve("app.routes", "nowhere") is None
    assert symbols.canonical("app.deps.get_current_user") == "app.deps.auth.get_current_user"


def test_the_audit_judges_a_dependency_by_the_one_function_it_names(tmp_path: Path) -> None:
    from fastprod.scorecards._run import analyse

    index = analyse(Project(_write(tmp_path, _RESOLVING))).derived.index
    views = {v.path: v for v in index.route_views()}
    assert sorted(views) == ["/api/items", "/api/me"]
    by_target = {ref.target: ref for ref in views["/api/items"].deps}
    # app.db.get_db decodes nothing; app.admin.get_db, also called get_db, does.
    assert "jwt" not in index.dep_kinds(by_target["get_db"])
    assert index.dep_kinds(by_target["get_current_user"]) >= {"jwt", "scheme"}
    [me] = views["/api/me"].deps
    assert index.dep_kinds(me) >= {"jwt", "scheme"}


def test_discovery_and_the_audit_name_src_layout_modules_alike(tmp_path: Path) -> None:
    from fastprod.scorecards._run import analyse

    root = copy_fixture("src_factory", tmp_path)
    project = Project(root)
    names = {m.path: m.module for m in analyse(project).derived.index.modules}
    assert names["src/bookshop/main.py"] == "bookshop.main" == project.app.module
    assert names["src/bookshop/routes/books.py"] == "bookshop.routes.books"


_SETTINGS = {
    "app/__init__.py": "",
    "app/base.py": (
        "from pydantic_settings import BaseSettings\n\n\n"
        "class SharedSettings(BaseSettings):\n    debug: bool = False\n"
    ),
    "app/config.py": (
        "from .base import SharedSettings\n\n\n"
        "class RedisConfig:\n    host: str = 'localhost'\n    port: int = 6379\n\n\n"
        "class Settings(SharedSettings):\n    secret_key: str\n"
    ),
    "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
}


def test_a_plain_class_is_not_settings_for_discovery_nor_for_the_audit(tmp_path: Path) -> None:
    from fastprod.scorecards._run import analyse

    project = Project(_write(tmp_path, _SETTINGS))
    assert project.settings is not None
    assert (project.settings.path, project.settings.class_name) == (P("app/config.py"), "Settings")
    index = analyse(project).derived.index
    verdicts = {cls.name: index.is_settings(cls) for cls in index.all_classes()}
    assert verdicts == {"SharedSettings": True, "RedisConfig": False, "Settings": True}
    assert "host" not in index.settings_fields
    assert set(index.settings_fields) == {"debug", "secret_key"}


def _audit_seconds(root: Path) -> float:
    from fastprod.scorecards import run_audit

    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        run_audit(Project(root))
        best = min(best, time.perf_counter() - start)
    return best


def test_the_audit_costs_time_linear_in_the_project(tmp_path: Path) -> None:
    # 4x the modules must cost about 4x the time; a cost quadratic in the
    # number of modules, routes or same-named dependencies gives 16x.
    small = _audit_seconds(generate(tmp_path / "small", 100))
    large = _audit_seconds(generate(tmp_path / "large", 400))
    assert large / small < 6, f"100 modules: {small:.2f}s, 400 modules: {large:.2f}s"


def _routes(fixture: str, tmp_path: Path) -> dict[str, RouteReading]:
    project = Project(copy_fixture(fixture, tmp_path))
    return {f"{r.method} {r.path}": r for r in project.readings.routes}


def test_routes_reading_single_file(tmp_path: Path) -> None:
    routes = _routes("single_file", tmp_path)
    assert sorted(routes) == ["GET /todos", "GET /todos/{todo_id}", "POST /todos"]
    created = routes["POST /todos"]
    assert created.handler == Place(P("main.py"), 29, "main.create_todo")
    assert created.request_model == "main.TodoIn"
    # A plain annotation (``todo_id: int``) is not a dependency.
    assert routes["GET /todos/{todo_id}"].dependencies == ()


def test_routes_reading_bigger_app_has_full_paths_and_resolved_dependencies(
    tmp_path: Path,
) -> None:
    routes = _routes("bigger_app", tmp_path)
    assert sorted(routes) == [
        "GET /",
        "GET /items/",
        "GET /items/{sku}",
        "GET /users/",
        "GET /users/me",
        "POST /admin/reindex",
    ]
    assert routes["POST /admin/reindex"].dependencies == ("app.dependencies.require_api_key",)
    assert routes["GET /items/"].dependencies == ("app.dependencies.pagination",)


def test_routes_reading_follows_an_include_by_keyword_and_collects_the_tags(
    tmp_path: Path,
) -> None:
    # ``include_router(router=child, prefix=...)`` inside an app factory's ``/api`` include.
    routes = _routes("caching_routes", tmp_path)
    assert "GET /api/posts/{slug}" in routes
    assert "GET /api/status" in routes
    assert routes["GET /api/account/cart"].tags == ("Account",)
    assert routes["GET /api/posts/feed"].dependencies == ("blog.api.deps.get_current_user",)
    shelf = _routes("feature_names", tmp_path)
    assert shelf["GET /feedback"].tags == ("Reviews",)
    assert shelf["GET /articles/{slug}"].tags == ("Articles",)
    assert shelf["POST /api/v1/products/"].tags == ("Products",)


def test_routes_reading_src_layout_names_from_the_import_root(tmp_path: Path) -> None:
    routes = _routes("audit_src_factory", tmp_path)
    orders = routes["POST /api/orders/"]
    assert orders.handler.qualified == "shop.features.orders.router.place_order"
    assert orders.request_model == "shop.features.orders.schemas.OrderCreate"
    assert orders.dependencies == (
        "shop.features.auth.dependencies.get_current_user",
        "shop.features.orders.router.get_service",
    )
    assert routes["GET /ready"].dependencies == ("shop.core.database.get_session",)


def test_routes_reading_names_the_response_model(tmp_path: Path) -> None:
    routes = _routes("audit_settings_traps", tmp_path)
    assert routes["POST /api/v1/recipes/"].response_model == "app.api.schemas.RecipeOut"


def test_routes_reading_gives_parameters_status_and_returned_model(tmp_path: Path) -> None:
    routes = _routes("single_file", tmp_path)
    created = routes["POST /todos"]
    assert (created.status_code, created.returns, created.returns_many) == (
        201,
        "main.Todo",
        False,
    )
    (done,) = routes["GET /todos"].params
    assert (done.source, done.field.type, done.field.required, done.field.nullable) == (
        "query",
        "bool",
        False,
        True,
    )
    assert routes["GET /todos"].returns_many
    (todo_id,) = routes["GET /todos/{todo_id}"].params
    assert (todo_id.source, todo_id.field.type, todo_id.field.required) == ("path", "int", True)


def test_a_dependencys_query_parameters_are_the_routes(tmp_path: Path) -> None:
    routes = _routes("bigger_app", tmp_path)
    params = {
        p.field.name: (p.source, p.field.type, p.field.required)
        for p in routes["GET /items/"].params
    }
    assert params == {"offset": ("query", "int", False), "limit": ("query", "int", False)}
    assert routes["POST /admin/reindex"].auth == ("header",)
    assert routes["GET /users/me"].auth == ()


def test_constraints_resolve_through_aliases_and_other_modules(tmp_path: Path) -> None:
    project = Project(copy_fixture("tests_async_orm", tmp_path))
    model = project.readings.model("notes.schemas.NoteCreate")
    assert model is not None
    fields = {f.name: f for f in model.fields}
    assert fields["title"].constraints == (("min_length", 1), ("max_length", 80))
    # ``Priority = Annotated[int, Field(ge=limits.PRIORITY_MIN, ...)]``, limits in another module.
    assert fields["priority"].constraints == (("ge", 1), ("le", 5))
    assert (fields["priority"].type, fields["priority"].required) == ("int", False)
    assert (fields["body"].type, fields["body"].required) == ("str", True)
    read = project.readings.model("notes.schemas.NoteRead")
    assert read is not None
    # Inherited fields first, then its own.
    assert [f.name for f in read.fields] == ["title", "slug", "body", "priority", "pinned", "id"]
    patch = project.readings.model("notes.schemas.NotePatch")
    assert patch is not None
    assert all(f.nullable and not f.required for f in patch.fields)
    assert project.readings.model("notes.models.Note") is None
    # ``Slug = Annotated[str, Field(..., pattern=limits.SLUG_PATTERN)]``: the pattern folds too.
    assert fields["slug"].constraint("pattern") == r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def test_unique_columns_are_read(tmp_path: Path) -> None:
    root = copy_fixture("tests_async_orm", tmp_path, commit=False)
    (note,) = Project(root).readings.orm_models
    assert [c.name for c in note.columns if c.unique] == ["slug"]
    source = "from sqlalchemy import UniqueConstraint\n\n\nclass Tag(Base):\n"
    source += '    __tablename__ = "tags"\n'
    source += '    __table_args__ = (UniqueConstraint("label"), UniqueConstraint("a", "b"))\n'
    source += "    label: Mapped[str] = mapped_column(String(20))\n"
    source += "    a: Mapped[str] = mapped_column(String(20))\n"
    source += "    b: Mapped[str] = mapped_column(String(20))\n"
    (root / "notes/tags.py").write_text(source)
    tag = next(m for m in Project(root).readings.orm_models if m.name == "Tag")
    # Two columns unique together may each repeat alone.
    assert [c.name for c in tag.columns if c.unique] == ["label"]


def test_a_path_alias_in_another_module_gives_its_bounds(tmp_path: Path) -> None:
    routes = _routes("tests_no_db", tmp_path)
    (code,) = routes["GET /stations/{code}"].params
    assert code.field.constraints == (("min_length", 4), ("max_length", 4))
    (_, limit) = routes["GET /stations/{code}/readings"].params
    assert (limit.source, limit.field.constraints) == ("query", (("ge", 1), ("le", 100)))


def test_a_role_check_names_the_caller_dependency_and_the_attribute(tmp_path: Path) -> None:
    routes = _routes("tests_no_db", tmp_path)
    route = routes["DELETE /admin/stations/{code}"]
    # A bearer scheme whose dependency decodes the token: JWT, verified, behind a role check.
    assert route.auth == ("jwt", "rbac", "scheme", "verify")
    assert route.role_check == RoleCheck(
        "weather.security.require_role", "weather.security.current_caller", "role", ("admin",)
    )
    assert routes["GET /stations/{code}"].role_check is None


def test_db_layer_sync(tmp_path: Path) -> None:
    project = Project(copy_fixture("audit_sync_orm", tmp_path))
    where = P("backend/app/database.py")
    assert project.readings.db_layer == DbLayer(
        base=Place(where, 10, "app.database.Base"),
        engine=Place(where, 6, "app.database.engine"),
        session_factory=Place(where, 7, "app.database.SessionLocal"),
        session_dependency=Place(where, 14, "app.database.get_session"),
        is_async=False,
    )
    assert project.readings.alembic == Alembic(revisions=("a1b2c3",), heads=("a1b2c3",))


def test_db_layer_async_in_a_src_layout(tmp_path: Path) -> None:
    project = Project(copy_fixture("audit_src_factory", tmp_path))
    layer = project.readings.db_layer
    assert layer is not None
    assert layer.is_async
    assert layer.base is not None and layer.base.qualified == "shop.core.database.Base"
    assert layer.engine is not None and layer.engine.qualified == "shop.core.database.engine"
    assert layer.session_dependency == Place(
        P("src/shop/core/database.py"), 26, "shop.core.database.get_session"
    )
    assert project.readings.alembic == Alembic(revisions=("0001",), heads=("0001",))


def test_an_engine_made_by_a_function_of_the_project_is_async_when_that_function_is(
    tmp_path: Path,
) -> None:
    # new_project's factory: ``engine = create_engine(settings)``, its own wrapper.
    database = (
        "from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine\n"
        "from sqlalchemy.orm import DeclarativeBase\n\n\n"
        "class Base(DeclarativeBase):\n    pass\n\n\n"
        "def create_engine(url: str) -> AsyncEngine:\n"
        "    return create_async_engine(url)\n"
    )
    main = (
        "from fastapi import FastAPI\n\nfrom app.database import create_engine\n\n"
        "app = FastAPI()\nengine = create_engine('sqlite+aiosqlite://')\n"
    )
    files = {"app/__init__.py": "", "app/database.py": database, "app/main.py": main}
    root = _write(tmp_path, files)
    layer = Project(root).readings.db_layer
    assert layer is not None and layer.engine is not None
    assert layer.engine.qualified == "app.main.engine"
    assert layer.is_async
    sync = database.replace("create_async_engine(url)", "url")
    (root / "app/database.py").write_text(sync)
    layer = Project(root).readings.db_layer
    assert layer is not None and not layer.is_async


@pytest.mark.parametrize("fixture", ["single_file", "bigger_app", "src_factory"])
def test_no_db_layer_and_no_alembic_where_there_is_none(fixture: str, tmp_path: Path) -> None:
    project = Project(copy_fixture(fixture, tmp_path))
    assert project.readings.db_layer is None
    assert project.readings.alembic is None


def test_alembic_heads_follow_down_revisions(tmp_path: Path) -> None:
    revision = "revision = {!r}\ndown_revision = {!r}\n\n\ndef upgrade():\n    pass\n"
    root = _write(
        tmp_path,
        {
            "migrations/versions/a.py": revision.format("a", None),
            "migrations/versions/b.py": revision.format("b", "a"),
            "migrations/versions/c.py": revision.format("c", "a"),
            "migrations/versions/d.py": revision.format("d", ("b", "c")),
            "migrations/versions/e.py": revision.format("e", "a"),
        },
    )
    alembic = Project(root).readings.alembic
    assert alembic == Alembic(revisions=("a", "b", "c", "d", "e"), heads=("d", "e"))


def test_readings_are_frozen(tmp_path: Path) -> None:
    project = Project(copy_fixture("audit_sync_orm", tmp_path))
    layer = project.readings.db_layer
    assert layer is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        layer.is_async = True  # type: ignore[misc]
    assert isinstance(project.readings.routes, tuple)


def test_a_namespace_package_app_still_links_its_routers(tmp_path: Path) -> None:
    # No __init__.py anywhere: ``app.routers.users`` is imported from above ``app/``.
    root = _write(
        tmp_path,
        {
            "app/main.py": (
                "from fastapi import FastAPI\n\nfrom app.routers import users\n\n"
                "app = FastAPI()\napp.include_router(users.router, prefix='/users')\n"
            ),
            "app/routers/users.py": (
                "from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n"
                "@router.get('/me')\ndef me():\n    return {}\n"
            ),
        },
    )
    [route] = Project(root).readings.routes
    assert (route.method, route.path) == ("GET", "/users/me")


def test_a_view_gives_each_file_tree_once_per_content(tmp_path: Path) -> None:
    project = Project(copy_fixture("src_factory", tmp_path))
    main = P("src/bookshop/main.py")
    tree = project.tree(main)
    assert tree is not None and project.tree(str(main)) is tree
    assert project.tree("absent.py") is None
    assert project.sources.parses == 1
