"""A clause of a sentence, the command read in it, and the word classes the reader tells apart.

Tier one (``_chunks``) gives phrases; the sets below say which of them start a
project, review, name a place, refer back ("it"), and so on. They are the
reader's vocabulary beside the grammar's phrase classes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from fastprod.language._chunks import NAMING_WORDS, Chunk
from fastprod.language._text import _Pattern

# Concepts that name a feature only when nothing stronger is in the clause:
# "cache the database queries" is caching, "optimise the database" is not.
_WEAK = frozenset(
    {
        "database",
        "databases",
        "db",
        "sql",
        "sqlalchemy",
        "postgres",
        "postgresql",
        "orm",
        "queries",
        "query",
        "secure",
        "protect",
        "protected",
        "pool",
        "compose",
        "container",
        "health",
        "log",
        "errors",
        "error",
        "production",
        "prod",
    }
)


def ends_sentence(sentence: str, before: Chunk, after: Chunk) -> bool:
    """Whether a sentence of the message ends between two chunks: "... JWT? Add
    it ...", "... the repo. Unbelievable.", not the "." of "3.12" or "e.g."."""
    gap = sentence[before.position + len(before.text) : after.position]
    return _SENTENCE_END.compiled().search(gap) is not None


_SENTENCE_END = _Pattern(r"[.!?](?:\s|$)")
# What assesses readiness rather than brings it: "a production readiness
# report", "production readiness audit".
_ASSESSING = frozenset(
    {"audit", "score", "scorecard", "check", "review", "assessment", "report", "evaluation"}
    | {"grade"}
)
# Readiness asked of a verb that makes things is deployment, asked as a
# question it is the audit.
_READINESS = frozenset(
    {
        "productionready",
        "prodready",
        "readyforproduction",
        "readyforprod",
        "deployable",
        "readytodeploy",
        "readytoship",
        "readyforlaunch",
        "readytogolive",
    }
)


_MAKING = frozenset({"make", "get", "prepare", "turn"})


# Verbs that ask for a review when no feature is named ("check my API").
_REVIEWING = frozenset(
    {
        "check",
        "review",
        "assess",
        "evaluate",
        "inspect",
        "scan",
        "score",
        "rate",
        "grade",
        "analyse",
        "analyze",
        "audit",
        "lookat",
        "lookover",
        "lookinto",
    }
)


_CREATING = frozenset(
    {
        "add",
        "create",
        "make",
        "build",
        "setup",
        "set-up",
        "generate",
        "scaffold",
        "start",
        "bootstrap",
        "init",
        "initialise",
        "initialize",
        "spinup",
        "kickoff",
        "give",
        "write",
        "implement",
        "expose",
        "need",
        "want",
        "wouldlike",
    }
)


# Verbs that start a project ("create a FastAPI app", "bootstrap a backend").
_STARTING = frozenset(
    {
        "create",
        "build",
        "setup",
        "set-up",
        "generate",
        "scaffold",
        "start",
        "bootstrap",
        "init",
        "initialise",
        "initialize",
        "spinup",
        "kickoff",
        "make",
    }
)


_APP_NOUNS = frozenset(
    {
        "api",
        "apis",
        "app",
        "apps",
        "application",
        "project",
        "backend",
        "codebase",
        "code",
        "repo",
        "repository",
        "server",
        "microservice",
        "service",
        "services",
        "svc",
        "proj",
        "fastapi",
        "system",
    }
)


_RESOURCE_NOUNS = frozenset(
    {
        "endpointset",
        "endpointsets",
        "routeset",
        "apiset",
        "setofendpoints",
        "setofroutes",
        "endpoints",
        "routes",
        "api",
        "apis",
        "resource",
        "resources",
        "module",
        "modules",
        "model",
        "models",
        "entity",
        "entities",
        "table",
        "tables",
        "router",
        "routers",
    }
)


_CACHE_PLACES = frozenset(
    {
        "feature",
        "features",
        "module",
        "modules",
        "list",
        "endpoint",
        "endpoints",
        "route",
        "routes",
        "page",
        "pages",
        "api",
        "apis",
        "views",
        "view",
        "handlers",
        "handler",
        "router",
        "routers",
        "response",
        "responses",
        "interface",
        "interfaces",
    }
)


# Feature words that are also the verb ("deploy the app", "cache it").
_VERBLIKE = frozenset(
    {
        "deploy",
        "cache",
        "audit",
        "log",
        "test",
        "secure",
        "protect",
        "dockerize",
        "dockerise",
        "containerize",
        "containerise",
        "authenticate",
    }
)


# "I need users to log in": what follows a wish is not the feature asked for.
_WISHING = frozenset({"need", "want", "love", "wouldlike", "help", "like"})


_PRONOUNS = frozenset({"it", "them", "this", "that", "these", "those"})

# How what a pronoun stands for is to be: "make them consistent".
_MANNER = frozenset(
    {
        "consistent",
        "strict",
        "uniform",
        "standard",
        "structured",
        "proper",
        "same",
        "coherent",
        "predictable",
        "machine-readable",
        "readable",
        "searchable",
    }
)


_NAMING = NAMING_WORDS | {"name", "callit", "nameit"}


_DETERMINERS = frozenset({"the", "a", "an", "my", "our", "your", "this", "that", "some", "its"})


@dataclass(slots=True)
class _Command:
    name: str
    params: dict[str, Any] = field(default_factory=dict)
    verbless: bool = False
    # The slot as written, for "it" in a later clause.
    slot_words: tuple[str, ...] = ()
    # A deploy whose CI runs tests ("a workflow that runs ruff and pytest").
    runs_tests: bool = False
    # Tests for the whole app only because no feature was named ("write tests").
    unplaced: bool = False
    # A resource wanted before its CRUD is asked ("we need to manage patients").
    wanted: bool = False
    # Tests that come with a feature ("invoice CRUD + tests"), not a list of targets.
    with_feature: bool = False
    # The feature's word as read ("whatiswrong", "beforelaunch").
    said: str = ""


class _Clause:
    """One clause's chunks and which of them were used."""

    def __init__(self, items: Sequence[Chunk]) -> None:
        self.items = list(items)
        self.used: set[int] = set()
        # A clause that names no feature and nothing before it to extend
        # ("the products endpoints recompute the same data"): read only when
        # the next clause refers to it ("cache them").
        self.pending = False
        self.consumed = False
        # A pending clause that states a problem ("responses are slow", "stop
        # running uvicorn on bare metal"): the command after it is its fix.
        self.problem = False
        # The clause before, when it is pending: what "them" may mean.
        self.described: _Clause | None = None
        self.previous: _Command | None = None
        # The clause after this one, and the one before, as said.
        self.following: _Clause | None = None
        self.preceding: _Clause | None = None
        # Part of a sentence before the request that only remarks on how
        # things are ("Customers in Asia see old prices forever.").
        self.remark = False
        # The clause opens a new sentence of the message (after ".", "!", "?").
        self.new_sentence = False

    def kinds(self, *kinds: str) -> list[int]:
        return [i for i, c in enumerate(self.items) if c.kind in kinds]

    def texts(self, kind: str) -> list[str]:
        return [c.text.lower() for c in self.items if c.kind == kind]

    def at(self, index: int) -> Chunk | None:
        return self.items[index] if 0 <= index < len(self.items) else None

    def kinds_between(self, start: int, end: int, *kinds: str) -> list[int]:
        return [i for i in self.kinds(*kinds) if start < i < end]

    def skip(self, index: int, *kinds: str) -> int:
        while (chunk := self.at(index)) is not None and chunk.kind in kinds:
            index += 1
        return index


_PLACE_NOUNS = frozenset({"module", "modules", "feature", "features", "resource", "resources"})
