"""Bringing the files another recipe wrote in step with what a recipe changes."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from fastprod.core._changes import ChangeSet, FileChange
from fastprod.core._errors import RecipeError

if TYPE_CHECKING:
    from fastprod.project._project import Project
    from fastprod.project._recipe import Context

# What marks the Dockerfile as deploy's (its build stage's comment).
_DEPLOY_DOCKERFILE = "into a virtualenv the final stage copies."


def deployment_in_step(project: Project, planned: ChangeSet, ctx: Context | None) -> ChangeSet:
    """``planned``, then deploy planned again when it prepared the project before.

    A recipe that brings Redis or a database to a project with deploy's files
    (its Dockerfile) calls this last: deploy then adds the service to its compose
    file and CI job and has ``/ready`` check the database, where they are as it
    wrote them (unedited since), as when deploy runs after that recipe. Only its
    changes to files already there are kept; the project ends the same whichever
    of the two ran first.
    """
    if ctx is None or not _prepared(project):
        return planned
    followed = _follow_up(project, planned, ctx, "deploy")
    if followed is None:
        return planned
    view, deployment = followed
    kept = tuple(change for change in _unedited(deployment, view) if change.before is not None)
    if not kept:
        return planned
    paths = ", ".join(sorted(str(change.path) for change in kept))
    said = f"{paths}: deploy's files brought in step (the services and checks the app now uses)"
    return planned.merge(ChangeSet(kept, (said,)))


def _prepared(project: Project) -> bool:
    """deploy's Dockerfile is at the top, or beside the manifest (``backend/``)."""
    folders = {PurePosixPath(".")}
    if project.manifest is not None:
        folders.add(project.manifest.path.parent)
    return any(
        _DEPLOY_DOCKERFILE in (project.read_text(folder / "Dockerfile") or "") for folder in folders
    )


# An engine made in a module: what a new database layer holds.
_ENGINE = re.compile(r"\bcreate_(?:async_)?engine\(")


def pool_in_step(project: Project, planned: ChangeSet, ctx: Context | None) -> ChangeSet:
    """``planned``, its new database layer's engine tuned as optimize_db tunes one.

    A recipe that starts a database layer (crud, auth) calls this: where the
    project has settings, the new engine takes its connection-pool options
    from them (``engine_pool_options()``, new ``db_pool_*`` settings and their
    ``.env.example`` lines), as when "optimize my database queries" runs after
    it. So the two reach the same project in either order. Only those changes
    are kept: optimize_db's findings and other fixes stay its own.
    """
    created = {
        change.path
        for change in planned.changes
        if change.before is None and change.after is not None and _ENGINE.search(change.after)
    }
    if ctx is None or not created:
        return planned
    followed = _follow_up(project, planned, ctx, "optimize_db")
    if followed is None:
        return planned
    view, tuned = followed
    if not any(change.path in created for change in tuned.changes):
        return planned
    kept = tuple(
        change
        for change in _unedited(tuned, view)
        if change.after is not None
        and (
            change.path in created
            or (
                "db_pool_" in change.after.lower()
                and "db_pool_" not in (change.before or "").lower()
            )
        )
    )
    if not kept:
        return planned
    paths = ", ".join(sorted(str(path) for path in created))
    said = (
        f"{paths}: the new engine takes its pool settings (pool_pre_ping, pool_recycle, and "
        "pool_size, max_overflow, pool_timeout on a server database) from the settings"
    )
    return planned.merge(ChangeSet(kept, (said,)))


# What marks a test module as write_tests' (its docstring).
_WRITTEN_TESTS = "Written by fastprod from the routes"


def tests_in_step(project: Project, planned: ChangeSet, ctx: Context | None) -> ChangeSet:
    """``planned``, then "write tests for the whole API" planned again when it ran before.

    A recipe that adds routes or a database layer (crud, auth, deploy,
    websocket) calls this: where every group of the project's routes has tests
    and some were written by write_tests (so the whole API was tested), the
    routes it adds get theirs, and write_tests' client fixture takes the new
    database, as when write_tests runs after that recipe. Only changes to files
    as they are (unedited since) and new files are kept; the project ends the
    same whichever of the two ran first.
    """
    if ctx is None or not _tests_written(project):
        return planned
    try:
        earlier = ctx.follow("write_tests", project, target="api")
    except RecipeError:
        return planned
    if any(change.before != change.after for change in earlier.changes):
        # Some routes had no tests before this step: the whole API was not tested.
        return planned
    followed = _follow_up(project, planned, ctx, "write_tests", target="api")
    if followed is None:
        return planned
    view, tests = followed
    kept = tuple(_unedited(tests, view))
    if not kept:
        return planned
    paths = ", ".join(sorted(str(change.path) for change in kept))
    said = (
        f"{paths}: the whole API's tests kept whole (tests for the routes added, and the "
        "client fixture on the test database where a database was added)"
    )
    return planned.merge(ChangeSet(kept, (said,)))


def _tests_written(project: Project) -> bool:
    """Some test module (``test_*_api.py``) is one write_tests wrote."""
    return any(
        path.name.startswith("test_")
        and path.name.endswith("_api.py")
        and _WRITTEN_TESTS in (project.read_text(path) or "")
        for path in project.python_files
    )


def _follow_up(
    project: Project, planned: ChangeSet, ctx: Context, intent: str, **params: str
) -> tuple[Project, ChangeSet] | None:
    """The view holding ``planned``, and ``intent`` planned again on it; None
    when that recipe refuses the view."""
    view = project.with_changes(planned)
    try:
        return view, ctx.follow(intent, view, **params)
    except RecipeError:
        return None


def _unedited(followed: ChangeSet, view: Project) -> list[FileChange]:
    """The changes that start from the file as the view has it and change it."""
    return [
        change
        for change in followed.changes
        if change.before == view.read_text(change.path) and change.before != change.after
    ]
