"""Bringing the files another recipe wrote in step with what a recipe changes."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from fastprod.core._changes import ChangeSet
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
    view = project.with_changes(planned)
    try:
        deployment = ctx.follow("deploy", view)
    except RecipeError:
        return planned
    kept = tuple(
        change
        for change in deployment.changes
        if change.before is not None
        and change.before == view.read_text(change.path)
        and change.before != change.after
    )
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
