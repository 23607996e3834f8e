"""Discovery on repositories fastprod did not write: the app, settings, manifest, versions."""

from __future__ import annotations

import shutil
import textwrap
import time
from pathlib import Path, PurePosixPath

import pytest
from helpers import FIXTURES, copy_fixture, git

from fastprod import AppLocation, Manifest, Project, ProjectError, SettingsLocation, Versions
from fastprod.project._discovery import (
    check_supported,
    find_app,
    find_manifest,
    find_settings,
    find_versions,
    list_python_files,
)

P = PurePosixPath
ROOT = P(".")


def copy(name: str, tmp_path: Path) -> Path:
    """Copy a fixture project, without making it a git repository."""
    root = tmp_path / name
    shutil.copytree(FIXTURES / name, root)
    return root


def write(root: Path, files: dict[str, str]) -> Path:
    """Write a small tree of files under ``root``."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def commit_all(root: Path) -> None:
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init")


def app_of(root: Path, hint: str | None = None) -> AppLocation:
    return find_app(Project(root, app_hint=hint))


def refusal(root: Path, hint: str | None = None) -> str:
    with pytest.raises(ProjectError) as caught:
        app_of(root, hint)
    return caught.value.message


APP = """
from fastapi import FastAPI

app = FastAPI()


@app.get("/")
async def index() -> dict[str, str]:
    return {}
"""


# --------------------------------------------------------------------------- fixtures


def test_single_file_app(tmp_path: Path) -> None:
    root = copy("single_file", tmp_path)
    project = Project(root)
    assert find_app(project) == AppLocation(
        path=P("main.py"),
        module="main",
        attr="app",
        factory=None,
        import_root=ROOT,
        package=None,
        factory_path=None,
    )
    assert find_manifest(project) == Manifest(P("requirements.txt"), "requirements")
    assert find_versions(project) == Versions(python=None, fastapi=(0, 115, 6), pydantic=(2, 10, 3))
    assert find_settings(project) is None
    check_supported(project)


def test_bigger_application_package(tmp_path: Path) -> None:
    root = copy("bigger_app", tmp_path)
    project = Project(root)
    app = find_app(project)
    assert app.path == P("app/main.py")
    assert app.module == "app.main"
    assert app.attr == "app"
    assert app.factory is None
    assert app.import_root == ROOT
    assert app.package == P("app")
    assert app.factory_path is None
    assert app.target == "app.main:app"
    assert find_manifest(project) == Manifest(P("pyproject.toml"), "pep621")
    assert find_versions(project) == Versions(python=(3, 11), fastapi=(0, 110, 0), pydantic=(2, 6))


def test_src_layout_with_factory(tmp_path: Path) -> None:
    root = copy("src_factory", tmp_path)
    project = Project(root)
    app = find_app(project)
    assert app.path == P("src/bookshop/main.py")
    assert app.module == "bookshop.main"
    assert app.attr == "app"
    assert app.factory == "create_app"
    assert app.import_root == P("src")
    assert app.package == P("src/bookshop")
    assert app.factory_path == P("src/bookshop/main.py")
    assert find_settings(project) == SettingsLocation(P("src/bookshop/config.py"), "Settings")
    assert find_manifest(project) == Manifest(P("pyproject.toml"), "poetry")
    assert find_versions(project) == Versions(python=(3, 11), fastapi=(0, 115, 0), pydantic=(2, 9))
    check_supported(project)


def test_aliased_import_and_annotated_assignment(tmp_path: Path) -> None:
    app = app_of(copy("alias_import", tmp_path))
    assert (app.path, app.module, app.attr, app.factory) == (P("main.py"), "main", "api", None)
    assert (app.import_root, app.package) == (ROOT, None)


def test_application_code_beats_tests_scripts_venvs_and_build_output(tmp_path: Path) -> None:
    app = app_of(copy("app_in_tests_too", tmp_path))
    assert app == AppLocation(P("app/main.py"), "app.main", "app", None, ROOT, P("app"))


def test_same_choice_in_a_git_work_tree(tmp_path: Path) -> None:
    root = copy_fixture("app_in_tests_too", tmp_path)
    assert app_of(root).path == P("app/main.py")


def test_python_files_skip_venvs_and_build_output(tmp_path: Path) -> None:
    expected = (
        P("app/__init__.py"),
        P("app/main.py"),
        P("app/routes.py"),
        P("scripts/mock_upstream.py"),
        P("tests/conftest.py"),
        P("tests/test_notes.py"),
        P("tests/test_timing_header.py"),
    )
    walked = copy("app_in_tests_too", tmp_path / "walk")
    assert list_python_files(Project(walked)) == expected
    tracked = copy_fixture("app_in_tests_too", tmp_path / "git")
    assert list_python_files(Project(tracked)) == expected


# --------------------------------------------------------------------------- refusals


def test_no_app_says_where_it_looked(tmp_path: Path) -> None:
    root = copy("no_app", tmp_path)
    message = refusal(root)
    assert message.startswith(f"no FastAPI application found in {root}")
    assert "2 Python files" in message
    assert "main.py, app/main.py and src/<pkg>/main.py" in message
    assert "git-ignored" in message
    assert "--app module:attr" in message


def test_two_equally_likely_apps_are_listed(tmp_path: Path) -> None:
    message = refusal(copy("two_apps", tmp_path))
    assert "several FastAPI applications are equally likely" in message
    assert "billing.main:app (billing/main.py:3)" in message
    assert "orders.main:app (orders/main.py:3)" in message
    assert "pass --app module:attr" in message


def test_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    message = refusal(copy("syntax_error", tmp_path))
    assert message.startswith("main.py:3: '(' was never closed")
    assert "--app" in message


def test_syntax_error_notes_the_python_its_service_declares(tmp_path: Path) -> None:
    root = write(
        tmp_path, {"api/pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.99"\n'}
    )
    shutil.copy(FIXTURES / "syntax_error" / "main.py", root / "api" / "main.py")
    assert "the project declares >=3.99" in refusal(root)


def test_syntax_error_notes_a_newer_declared_python(tmp_path: Path) -> None:
    root = copy("syntax_error", tmp_path)
    (root / "pyproject.toml").write_text('[project]\nname = "x"\nrequires-python = ">=3.99"\n')
    message = refusal(root)
    assert "the project declares >=3.99" in message
    assert "Run fastprod under Python 3.99 or newer" in message
    assert "Fix it" not in message


def test_app_in_a_file_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    (tmp_path / "main.py").write_bytes(b"# caf\xe9\nfrom fastapi import FastAPI\napp = FastAPI()\n")
    message = refusal(tmp_path)
    assert "main.py could not be read as UTF-8" in message
    assert "save it as UTF-8 and run again" in message


def test_module_with_a_byte_order_mark(tmp_path: Path) -> None:
    root = write(tmp_path, {"main.py": "\ufeff" + textwrap.dedent(APP).lstrip("\n")})
    assert app_of(root).path == P("main.py")


def test_unreadable_module_that_only_names_fastapi_is_passed_over(tmp_path: Path) -> None:
    # As a module written for a newer Python looks to this one: it names FastAPI in a
    # signature, and cannot build the app.
    helper = """
    from fastapi import FastAPI

    def describe(app: FastAPI) -> str
        return app.title
    """
    root = write(tmp_path, {"main.py": APP, "kit/__init__.py": "", "kit/describe.py": helper})
    assert app_of(root).path == P("main.py")


def test_unreadable_test_module_is_passed_over(tmp_path: Path) -> None:
    conftest = "from fastapi import FastAPI\n\napp = FastAPI({{ options }})\n{% if db %}\n"
    root = write(tmp_path, {"main.py": APP, "tests/conftest.py": conftest})
    assert app_of(root).path == P("main.py")


@pytest.mark.parametrize(
    "builder",
    [
        "app = FastAPI(title='x'",
        "def create_app() -> FastAPI\n    return make()",
        "class Api(FastAPI)\n    pass",
        "from fastapi import FastAPI as Api\napp = Api(",
    ],
)
def test_unreadable_module_that_may_build_the_app_stops_discovery(
    tmp_path: Path, builder: str
) -> None:
    root = write(
        tmp_path, {"main.py": APP, "service.py": f"from fastapi import FastAPI\n{builder}\n"}
    )
    assert refusal(root).startswith("service.py:")


def test_hint_skips_a_broken_module_elsewhere(tmp_path: Path) -> None:
    root = copy("syntax_error", tmp_path)
    write(root, {"service.py": APP})
    assert app_of(root, "service:app").path == P("service.py")


def test_app_built_only_when_run_as_a_script(tmp_path: Path) -> None:
    script = """
    import uvicorn
    from fastapi import FastAPI

    if __name__ == "__main__":
        app = FastAPI(title="Cities")
        uvicorn.run(app)
    """
    message = refusal(write(tmp_path, {"serve.py": script}))
    assert 'serve.py:5 builds one only under `if __name__ == "__main__":`' in message
    assert "move `app = FastAPI(...)` to module level" in message


def test_app_built_in_a_module_level_branch(tmp_path: Path) -> None:
    main = """
    from fastapi import FastAPI

    from shop.config import settings

    if settings.production:
        app = FastAPI(docs_url=None)
    else:
        app = FastAPI()
    """
    root = write(tmp_path, {"shop/__init__.py": "", "shop/main.py": main, "shop/config.py": ""})
    app = app_of(root)
    assert (app.path, app.attr, app.factory) == (P("shop/main.py"), "app", None)
    assert app_of(root, "shop.main:app").path == P("shop/main.py")


def test_only_test_code_builds_an_app(tmp_path: Path) -> None:
    root = write(tmp_path, {"src_lib/__init__.py": "", "tests/test_routes.py": APP})
    message = refusal(root)
    assert "no FastAPI application found" in message
    assert "only test code builds one" in message
    assert "test_routes:app (tests/test_routes.py:3)" in message


# --------------------------------------------------------------------------- --app


def test_hint_chooses_among_equals(tmp_path: Path) -> None:
    root = copy("two_apps", tmp_path)
    app = app_of(root, "orders.main:app")
    assert app == AppLocation(P("orders/main.py"), "orders.main", "app", None, ROOT, P("orders"))


def test_hint_by_path_when_module_names_collide(tmp_path: Path) -> None:
    root = write(tmp_path, {"service_a/main.py": APP, "service_b/main.py": APP})
    message = refusal(root)
    assert "service_a.main:app (service_a/main.py:3)" in message
    assert "service_b.main:app (service_b/main.py:3)" in message
    app = app_of(root, "service_b.main:app")
    assert (app.path, app.module, app.import_root, app.package) == (
        P("service_b/main.py"),
        "main",
        P("service_b"),
        None,
    )
    assert "could be service_a/main.py, service_b/main.py" in refusal(root, "main:app")


def test_hint_by_file_path_when_directories_are_not_identifiers(tmp_path: Path) -> None:
    files = {"part-1/app/__init__.py": "", "part-1/app/main.py": APP}
    files |= {"part-2/app/__init__.py": "", "part-2/app/main.py": APP}
    root = write(tmp_path, files)
    message = refusal(root)
    assert "part-1/app/main.py:app (part-1/app/main.py:3)" in message
    assert "part-2/app/main.py:app (part-2/app/main.py:3)" in message
    for hint in ("part-2/app/main.py:app", "./part-2/app/main.py:app"):
        app = app_of(root, hint)
        assert (app.path, app.module, app.import_root) == (
            P("part-2/app/main.py"),
            "app.main",
            P("part-2"),
        )
    assert "such as part-1/app/main.py:app" in refusal(root, "app.main:app")
    assert "no Python file part-3/app/main.py" in refusal(root, "part-3/app/main.py:app")
    assert "no module 'serve.py' nor file serve.py" in refusal(root, "serve.py:app")


def test_hint_to_a_factory_and_to_an_unrecognised_builder(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "main.py": APP,
            "factory.py": """
                from fastapi import FastAPI

                def build() -> FastAPI:
                    return FastAPI()
                """,
            "legacy.py": """
                from platform_kit import make_service

                service = make_service("legacy")
                """,
        },
    )
    assert app_of(root, "factory:build").factory == "build"
    legacy = app_of(root, "legacy:service")
    assert (legacy.path, legacy.attr, legacy.factory) == (P("legacy.py"), "service", None)


def test_hint_that_does_not_resolve(tmp_path: Path) -> None:
    root = copy("single_file", tmp_path)
    assert "no module 'server'" in refusal(root, "server:app")
    assert "main.py defines no module-level 'application'" in refusal(root, "main:application")
    assert "expects module:attr" in refusal(root, "main.py")


# --------------------------------------------------------------------------- forms


def test_module_attribute_forms(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "main.py": """
                import fastapi

                app = fastapi.FastAPI(title="plain")
                """,
            "other/api.py": """
                import fastapi as fa

                api = fa.FastAPI()
                """,
        },
    )
    assert app_of(root).attr == "app"
    assert app_of(root, "api:api").import_root == P("other")


def test_factory_without_module_level_app(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/main.py": """
                from fastapi import FastAPI

                def create_app() -> FastAPI:
                    application = FastAPI()
                    application.include_router(object())
                    return application
                """,
        },
    )
    app = app_of(root)
    assert (app.attr, app.factory, app.factory_path) == ("create_app", "create_app", app.path)


def test_factory_called_from_another_module(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "shop/__init__.py": """
                from fastapi import FastAPI

                def create_app() -> FastAPI:
                    app = FastAPI()
                    return app
                """,
            "asgi.py": """
                from shop import create_app

                app = create_app()
                """,
        },
    )
    app = app_of(root)
    assert (app.path, app.module, app.attr) == (P("asgi.py"), "asgi", "app")
    assert (app.factory, app.factory_path) == ("create_app", P("shop/__init__.py"))
    assert app_of(root, "asgi:app") == app


def test_hint_to_an_app_built_by_a_factory_called_in_its_own_module(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "shop/__init__.py": """
                from fastapi import FastAPI

                def create_app() -> FastAPI:
                    return FastAPI()

                app = create_app()
                """,
            "asgi.py": """
                from shop import create_app

                application = create_app()
                """,
        },
    )
    app = app_of(root, "asgi:application")
    assert (app.path, app.attr) == (P("asgi.py"), "application")
    assert (app.factory, app.factory_path) == ("create_app", P("shop/__init__.py"))


def test_factory_called_by_tests_only_stays_the_factory(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "src/shop/__init__.py": "",
            "src/shop/main.py": """
                from fastapi import FastAPI

                def create_app() -> FastAPI:
                    app = FastAPI()

                    @app.get("/health")
                    async def health() -> dict[str, str]:
                        return {"status": "ok"}

                    return app
                """,
            "tests/conftest.py": """
                from shop.main import create_app

                app = create_app()
                """,
            "scripts/dev.py": """
                import uvicorn

                from shop.main import create_app

                app = create_app()
                uvicorn.run(app)
                """,
        },
    )
    app = app_of(root)
    assert (app.path, app.module, app.attr) == (P("src/shop/main.py"), "shop.main", "create_app")
    assert (app.factory, app.factory_path, app.package) == ("create_app", app.path, P("src/shop"))


def test_getter_is_not_a_factory(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "server.py": """
                from fastapi import FastAPI

                app = FastAPI()

                def get_app() -> FastAPI:
                    return app
                """,
        },
    )
    assert (app_of(root).attr, app_of(root).factory) == ("app", None)


def test_local_subclass_of_fastapi(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "main.py": """
                from fastapi import FastAPI

                class Api(FastAPI):
                    pass

                api = Api()
                """,
        },
    )
    assert app_of(root).attr == "api"


# --------------------------------------------------------------------------- ranking


def test_gitignored_files_are_skipped(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {".gitignore": "sandbox/\n", "service.py": APP, "sandbox/main.py": APP},
    )
    commit_all(root)
    assert app_of(root).path == P("service.py")
    assert P("sandbox/main.py") not in list_python_files(Project(root))


def test_node_modules_and_dist_are_skipped(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "service.py": APP,
            "node_modules/pyodide/main.py": APP,
            "dist/main.py": APP,
            "pkg.egg-info/main.py": APP,
        },
    )
    assert list_python_files(Project(root)) == (P("service.py"),)


def test_imported_module_beats_a_stray_script(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "api/__init__.py": "",
            "api/server.py": APP,
            "playground.py": APP,
            "tests/test_api.py": "from api.server import app\n",
        },
    )
    assert app_of(root).path == P("api/server.py")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("Dockerfile", 'CMD ["uvicorn", "api:app", "--host", "0.0.0.0"]\n'),
        ("Procfile", "web: gunicorn -k uvicorn.workers.UvicornWorker api:app\n"),
        ("Makefile", "serve:\n\tfastapi run api.py\n"),
        ("run.py", 'import uvicorn\n\nuvicorn.run("api:app", reload=True)\n'),
    ],
)
def test_run_configuration_names_the_app(tmp_path: Path, name: str, text: str) -> None:
    root = write(tmp_path, {"api.py": APP, "worker_api.py": APP, name: text})
    assert app_of(root).path == P("api.py")
    (root / name).unlink()
    assert "equally likely" in refusal(root)


def test_mounted_sub_application_is_not_the_app(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "dashboard.py": APP.replace("app", "dashboard"),
            "server.py": """
                from fastapi import FastAPI

                from dashboard import dashboard

                app = FastAPI()
                app.mount("/dashboard", dashboard)
                """,
        },
    )
    assert app_of(root).path == P("server.py")


def test_script_app_is_used_when_nothing_better_exists(tmp_path: Path) -> None:
    root = write(tmp_path, {"scripts/serve.py": APP, "tests/test_x.py": APP})
    assert app_of(root).path == P("scripts/serve.py")


def test_served_object_beats_factory_in_one_module(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "main.py": """
                from fastapi import FastAPI

                def make_test_app() -> FastAPI:
                    return FastAPI()

                app = FastAPI()
                """,
        },
    )
    assert (app_of(root).attr, app_of(root).factory) == ("app", None)


def test_name_app_breaks_a_tie_in_one_module(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {"main.py": "import fastapi\n\nadmin = fastapi.FastAPI()\napp = fastapi.FastAPI()\n"},
    )
    assert app_of(root).attr == "app"


def test_planned_files_are_seen(tmp_path: Path) -> None:
    project = Project(tmp_path, overlay={P("src/app/main.py"): APP, P("src/app/__init__.py"): ""})
    assert project.python_files == (P("src/app/__init__.py"), P("src/app/main.py"))
    app = project.app
    assert (app.module, app.import_root, app.package) == ("app.main", P("src"), P("src/app"))


def test_undecodable_file_elsewhere_does_not_stop_discovery(tmp_path: Path) -> None:
    root = copy("single_file", tmp_path)
    (root / "legacy.py").write_bytes(b"# caf\xe9\nx = 1\n")
    assert app_of(root).path == P("main.py")


# --------------------------------------------------------------------------- settings


def test_settings_through_a_local_base(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "main.py": APP,
            "core/__init__.py": "",
            "core/base.py": """
                from pydantic_settings import BaseSettings as _Base

                class ServiceSettings(_Base):
                    debug: bool = False
                """,
            "core/config.py": """
                from core.base import ServiceSettings

                class Settings(ServiceSettings):
                    name: str = "svc"
                """,
        },
    )
    assert find_settings(Project(root)) == SettingsLocation(P("core/config.py"), "Settings")


def test_settings_per_environment_share_their_base(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/main.py": APP,
            "app/core/__init__.py": "",
            "app/core/settings/__init__.py": "",
            "app/core/settings/base.py": """
                from pydantic_settings import BaseSettings

                class BaseAppSettings(BaseSettings):
                    env: str = "dev"
                """,
            "app/core/settings/app.py": """
                from app.core.settings.base import BaseAppSettings

                class AppSettings(BaseAppSettings):
                    title: str = "API"
                """,
            "app/core/settings/development.py": """
                from app.core.settings.app import AppSettings

                class DevAppSettings(AppSettings):
                    debug: bool = True
                """,
            "app/core/settings/production.py": """
                from app.core.settings.app import AppSettings

                class ProdAppSettings(AppSettings):
                    debug: bool = False
                """,
        },
    )
    found = find_settings(Project(root))
    assert found == SettingsLocation(P("app/core/settings/app.py"), "AppSettings")


def test_settings_chain_in_one_module(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "settings.py": """
                import pydantic_settings

                class Common(pydantic_settings.BaseSettings):
                    debug: bool = False

                class AppConfig(Common):
                    name: str = "svc"
                """,
        },
    )
    assert find_settings(Project(root)) == SettingsLocation(P("settings.py"), "AppConfig")


# --------------------------------------------------------------------------- manifest and versions


def test_manifest_falls_back_to_requirement_files(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "pyproject.toml": "[tool.ruff]\nline-length = 100\n",
            "requirements/base.txt": "fastapi[standard]>=0.111.0  # web\npydantic>=2.7\n",
            "requirements/prod.txt": "-r base.txt\ngunicorn\n",
        },
    )
    project = Project(root)
    assert find_manifest(project) == Manifest(P("requirements/base.txt"), "requirements")
    assert find_versions(project) == Versions(python=None, fastapi=(0, 111, 0), pydantic=(2, 7))


def test_no_manifest(tmp_path: Path) -> None:
    assert find_manifest(Project(write(tmp_path, {"main.py": APP}))) is None


def test_manifest_of_a_service_when_the_root_has_none(tmp_path: Path) -> None:
    poetry = """
    [tool.poetry.dependencies]
    python = "^3.9"
    pydantic = "^1.10"
    """
    files = {"backend/app/__init__.py": "", "backend/app/main.py": APP}
    files |= {"backend/pyproject.toml": poetry, "frontend/package.json": "{}"}
    files["pyproject.toml"] = "[tool.ruff]\nline-length = 100\n"
    project = Project(write(tmp_path, files))
    assert find_manifest(project) == Manifest(P("backend/pyproject.toml"), "poetry")
    assert find_versions(project) == Versions(python=(3, 9), fastapi=None, pydantic=(1, 10))
    with pytest.raises(ProjectError, match=r"backend/pyproject\.toml \[tool\.poetry"):
        check_supported(project)


def test_requirements_of_a_service_when_the_root_has_none(tmp_path: Path) -> None:
    files = {"services/api/main.py": APP, "services/api/requirements.txt": "fastapi>=0.110\n"}
    project = Project(write(tmp_path, files))
    assert find_manifest(project) == Manifest(P("services/api/requirements.txt"), "requirements")
    assert find_versions(project).fastapi == (0, 110)


def test_requirement_lines_people_write(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "requirements.txt": """
                # web
                -e .
                --index-url https://pypi.org/simple
                -r requirements-base.txt
                uvicorn[standard] @ https://example.com/uvicorn.whl
                pydantic >= 2.5, < 3 ; python_version >= "3.10"
                """,
            "requirements-base.txt": "FastAPI==0.112.2 \\\n    --hash=sha256:00\n",
            ".python-version": "3.12.4\n",
        },
    )
    assert find_versions(Project(root)) == Versions((3, 12), (0, 112, 2), (2, 5))


def test_poetry_constraints(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "pyproject.toml": """
                [tool.poetry.dependencies]
                python = ">=3.10,<3.14"
                fastapi = { version = "~0.115.2", extras = ["standard"] }
                pydantic = "^2.8 || ^3.0"
                """,
        },
    )
    assert find_versions(Project(root)) == Versions((3, 10), (0, 115, 2), (2, 8))


def test_invalid_pyproject_is_a_clear_error(tmp_path: Path) -> None:
    root = write(tmp_path, {"pyproject.toml": "[project\nname = 'x'\n"})
    with pytest.raises(ProjectError, match=r"pyproject\.toml is not valid TOML"):
        find_manifest(Project(root))


# --------------------------------------------------------------------------- support


def test_old_python_is_refused(tmp_path: Path) -> None:
    project = Project(copy("old_python", tmp_path))
    assert find_versions(project).python == (3, 8)
    with pytest.raises(ProjectError) as caught:
        check_supported(project)
    message = caught.value.message
    assert "Python >=3.8" in message
    assert "pyproject.toml [project] requires-python" in message
    assert "3.10 or newer" in message


def test_python_version_file_is_read(tmp_path: Path) -> None:
    root = write(tmp_path, {"main.py": APP, ".python-version": "3.9.18\n"})
    with pytest.raises(ProjectError, match=r"Python 3\.9 \(\.python-version\)"):
        check_supported(Project(root))


def test_pydantic_1_is_refused_with_its_evidence(tmp_path: Path) -> None:
    project = Project(copy("pydantic_v1", tmp_path))
    assert find_versions(project).pydantic == (1, 10, 13)
    with pytest.raises(ProjectError) as caught:
        check_supported(project)
    message = caught.value.message
    assert message.startswith("this project is on Pydantic 1")
    assert "requirements.txt allows only pydantic==1.10.13" in message
    assert "requirements.txt pins fastapi==0.95.2" in message
    assert "config.py:1 imports BaseSettings from pydantic" in message
    assert "Pydantic 2" in message


def test_unreadable_settings_module_does_not_stop_the_version_check(tmp_path: Path) -> None:
    settings = """
    from pydantic import Field
    from pydantic_settings import BaseSettings

    class Settings(BaseSettings)
        name: str = Field("shop")
    """
    root = write(tmp_path, {"main.py": APP, "config.py": settings})
    check_supported(Project(root))


def test_pydantic_1_fallback_import_is_not_pydantic_1(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "config.py": """
                try:
                    from pydantic_settings import BaseSettings
                except ImportError:
                    from pydantic import BaseSettings

                class Settings(BaseSettings):
                    debug: bool = False
                """,
            "requirements.txt": "pydantic>=2.4\npydantic-settings>=2\n",
        },
    )
    check_supported(Project(root))
    (root / "config.py").write_text("from pydantic import BaseSettings\n")
    with pytest.raises(ProjectError, match=r"config\.py:1 imports BaseSettings from pydantic"):
        check_supported(Project(root))


@pytest.mark.parametrize(
    ("pins", "refused"),
    [
        ('pydantic = "^1.10"', True),
        ('pydantic = "<2.0"', True),
        ('fastapi = "~0.99"', True),
        ('pydantic = "^2.0"', False),
        ('pydantic = ">=1.10"', False),
        ('fastapi = ">=0.95"', False),
        # SQLModel before 0.0.14 needs Pydantic 1, whatever FastAPI allows.
        ('fastapi = "0.100.0"\nsqlmodel = "0.0.8"', True),
        ('sqlmodel = "<0.0.14"', True),
        ('sqlmodel = "^0.0.14"', False),
        ('sqlmodel = ">=0.0.8"', False),
    ],
)
def test_pydantic_1_pins(tmp_path: Path, pins: str, refused: bool) -> None:
    root = write(tmp_path, {"pyproject.toml": f"[tool.poetry.dependencies]\n{pins}\n"})
    if refused:
        with pytest.raises(ProjectError, match="Pydantic 1"):
            check_supported(Project(root))
    else:
        check_supported(Project(root))


def test_class_config_with_loose_pins_is_pydantic_1(tmp_path: Path) -> None:
    settings = """
        from pydantic_settings import BaseSettings

        class Settings(BaseSettings):
            debug: bool = False

            class Config:
                env_file = ".env"
        """
    loose = write(
        tmp_path / "loose", {"config.py": settings, "requirements.txt": "pydantic>=1.9\n"}
    )
    with pytest.raises(ProjectError, match=r"config.py:6 configures Settings with 'class Config'"):
        check_supported(Project(loose))
    strict = write(
        tmp_path / "strict", {"config.py": settings, "requirements.txt": "pydantic>=2\n"}
    )
    check_supported(Project(strict))


# --------------------------------------------------------------------------- speed


def _big_tree(root: Path, count: int) -> None:
    files = {
        "app/__init__.py": "",
        "app/main.py": APP,
        "app/config.py": (
            "from pydantic_settings import BaseSettings\n\n"
            "class Settings(BaseSettings):\n    debug: bool = False\n"
        ),
        "tests/test_main.py": "from app.main import app\n",
        "pyproject.toml": '[project]\nname = "big"\ndependencies = ["fastapi>=0.110"]\n',
    }
    for n in range(count - len(files)):
        package = f"app/features/f{n // 20}"
        files.setdefault(f"{package}/__init__.py", "")
        files[f"{package}/m{n}.py"] = f"from app.core import db\n\n\ndef handler_{n}() -> int:\n"
        files[f"{package}/m{n}.py"] += f"    return {n}\n" * 20
    for n in range(5):
        files[f"scripts/tool{n}.py"] = APP
    write(root, dict(list(files.items())[:count]))


@pytest.mark.parametrize("tracked", [False, True], ids=["walk", "git"])
def test_discovery_on_2000_files_takes_under_a_second(tmp_path: Path, tracked: bool) -> None:
    _big_tree(tmp_path, 2000)
    if tracked:
        commit_all(tmp_path)
    started = time.perf_counter()
    project = Project(tmp_path)
    assert len(project.python_files) >= 1990
    assert project.app.path == P("app/main.py")
    assert project.settings == SettingsLocation(P("app/config.py"), "Settings")
    assert project.versions.fastapi == (0, 110)
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0, f"discovery took {elapsed:.2f}s"
