"""Reading one clause into commands.

A clause names features (concept words), or implies one (a store alone is
caching, "new" before an app noun a project, a verb of making before
resource nouns CRUD, a verb of reviewing an audit); a clause that names none
continues the command before it (more fields, a store, a name, the same
request again) or describes a problem a later clause refers to.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from fastprod.core._intents import Intent
from fastprod.core._registry import SPECS
from fastprod.language._chunks import Chunk, concept_key, concept_table
from fastprod.language._clause import (
    _APP_NOUNS,
    _ASSESSING,
    _CREATING,
    _MAKING,
    _MANNER,
    _NAMING,
    _PRONOUNS,
    _READINESS,
    _RESOURCE_NOUNS,
    _REVIEWING,
    _STARTING,
    _VERBLIKE,
    _WEAK,
    _Clause,
    _Command,
)
from fastprod.language._failure import Failure
from fastprod.language._guards import (
    _PEOPLE,
    _PERSONS,
    _free,
    _people,
    _refuse_leftovers,
    _refuse_unknown_object,
)
from fastprod.language._lists import _refers
from fastprod.language._slots import (
    _KEEPING,
    _after_naming,
    _attach_extras,
    _name_after,
    _name_before,
    _place_name,
    _project_name,
    _read_project_name,
    _read_resource,
    _read_target,
    _resolve_pronouns,
    _set_resource,
    _take_fields,
    _test_target,
    uniform_for_every_error,
)
from fastprod.language._text import _Pattern


def _described(
    clause: _Clause, read_here: list[_Command], before: list[_Command]
) -> _Clause | None:
    # The description a later clause may refer to; one left unread before
    # this clause is refused here.
    described = clause.described
    fixed = bool(described is not None and (described.problem or _heading(described)) and read_here)
    # "so ops can track incidents, scaffold an incidents feature": a clause
    # that asks for nothing is what the request is for.
    goes_on = bool(read_here) or clause.consumed
    fixed = fixed or (
        goes_on and described is not None and (not _asks(described) or described.remark)
    )
    handling = [c for c in read_here if c.name == "error_handling"]
    if described is not None and handling and _strict_said(described):
        # "make it strict, envelope only": how the envelope said next is.
        handling[0].params["strict"] = True
        described.used.update(range(len(described.items)))
    if described is not None and not described.consumed and not fixed:
        _refuse_leftovers(described, read_here)
    if not clause.pending or read_here or before:
        return None
    # "..., same answer for everyone. cache it": a remark names nothing that
    # "it" could mean; the description before still stands.
    remark = not any(c.kind in ("WORD", "NOUN", "CONCEPT", "PATH") for c in clause.items)
    return described if remark else clause


def _past(word: str) -> bool:
    return word in _PAST or (word.endswith("ed") and not word.endswith("eed") and len(word) > 4)


def _copula_after(clause: _Clause, index: int) -> bool:
    following = clause.at(index + 1)
    return following is not None and following.key in _AUXILIARIES


_ASKING_YOU = (["can", "you"], ["could", "you"], ["would", "you"], ["will", "you"])


def _weak_statement(clause: _Clause) -> bool:
    """A statement whose only feature words are weak: "prod is slow"."""
    concepts = [clause.items[i] for i in clause.kinds("CONCEPT")]
    if not concepts or any(c.key not in _WEAK for c in concepts):
        return False
    if any(c.kind in ("STORE", "DURATION", "TTL", "NEW") for c in clause.items):
        return False
    if any(c.key in ("should", "must") for c in clause.items):
        return False  # "the errors should be consistent": how it is wanted
    keys = [c.key for c in clause.items[clause.skip(0, "SEP", "THEN") :][:3]]
    if keys in (["is", "it", "possible"], ["would", "it", "be"]) or keys[:2] in _ASKING_YOU:
        return False  # "Is it possible to optimize the queries of the database": asked
    # "users get an html page": a verb said of a subject, not asked.
    if any(c.kind == "VERB" and not _said_of(clause, i) for i, c in enumerate(clause.items)):
        return False
    return not _asks(clause)


def _subject_concept(clause: _Clause) -> str | None:
    """The feature whose word is only the subject of a statement: logging in
    "our logs show random IPs calling DELETE without credentials"."""
    first = clause.skip(0, "FUNCTION", "SEP", "THEN")
    lead, following = clause.at(first), clause.at(first + 1)
    after = clause.at(first + 2)
    if following is not None and following.kind == "CONCEPT" and after and after.key in _SHOWING:
        # "our error logs show ...": the subject is the last of its words.
        first += 1
        lead, following = following, after
    if lead is None or lead.kind != "CONCEPT" or following is None:
        return None
    others = [clause.items[i] for i in clause.kinds("CONCEPT") if i != first]
    # "logs show hundreds of queries per request": no determiner, but what
    # they show is named after them.
    owned = any(c.key in ("our", "the", "my", "their") for c in clause.items[:first])
    if not owned and not (others and following.key in _SHOWING - _RETURNED):
        return None
    if following.key not in _SHOWING:
        return None
    if any(c.kind in ("STORE", "DURATION", "TTL", "FIELDS", "ROLES") for c in clause.items):
        return None
    if any(c.intent == lead.intent for c in others):
        return None
    return lead.intent


# Verbs said of a subject: "our logs show", "the cache returns".
_SHOWING = frozenset({"show", "shows", "say", "says", "return", "returns", "contain", "contains"})
_RETURNED = frozenset({"return", "returns", "contain", "contains"})


def _reviews_it_again(clause: _Clause, previous: _Command) -> bool:
    # "is our API secure? review it": the review just asked, asked again.
    if previous.name not in ("audit", "security_review"):
        return False
    kinds = {c.kind for c in clause.items}
    verbs = [c for c in clause.items if c.kind == "VERB"]
    if not verbs or not kinds <= {"VERB", "FUNCTION", "THEN"} or not _refers(clause.items):
        return False
    if all(c.key in _REVIEWING for c in verbs):
        clause.used.update(range(len(clause.items)))
        return True
    return False


def _heading(clause: _Clause) -> bool:
    # "Invoicing module", "Spec for the warehouse module", "Deliverables:":
    # the title of a ticket before its request, named by a heading noun or
    # ended by a colon.
    kinds = {"WORD", "NOUN", "FUNCTION", "OPEN", "COLON"}
    if not clause.items or any(c.kind not in kinds for c in clause.items):
        return False
    last = clause.items[-1]
    # "Ward management - CRUD for wards": what the ticket is about.
    managed = last.key in _MANAGED and len(clause.items) > 1
    return last.kind == "COLON" or (last.kind == "NOUN" and last.key in _HEADINGS) or managed


_HEADINGS = frozenset({"module", "modules", "feature", "features", "service", "services"})
_MANAGED = frozenset({"management", "administration"})


def _read_clause(
    clause: _Clause, before: list[_Command], described: _Clause | None = None
) -> list[_Command]:
    previous = before[-1] if before else None
    clause.described = described
    clause.previous = previous
    if previous is not None and _more_for_ci(clause, previous):
        return []
    if previous is not None and _reviews_it_again(clause, previous):
        return []
    verbs = {c.key for c in clause.items if c.kind == "VERB"}
    project = _new_project(clause, verbs)
    if project is None or "name" not in project.params:
        project = _new_project(clause, verbs, made=True) or project
    if project is not None:
        # "a project named inventory with crud for items": the features
        # named beside the project follow it.
        named = _named_commands(clause)
        given = [c for c in named if c.name == "new_project" and "name" in c.params]
        if "name" not in project.params and given:
            # "for our new microservice 'notifications' please create the
            # project": the project named is the one created.
            project = given[0]
        others = [c for c in named if c.name != "new_project"]
        commands = [project, *others]
    else:
        commands = _named_commands(clause) or _implied_commands(clause)
    if not commands:
        return _continue(clause, previous)
    if previous is not None and previous.name == "write_tests":
        commands = _as_test_targets(clause, commands, previous)
    commands = _with_its_tests(clause, commands, verbs)
    commands = _tested_feature(clause, commands)
    commands = _untested_subject(clause, commands)
    for command in commands:
        _attach_extras(command, clause)
    _refuse_unknown_object(clause)
    _resolve_pronouns(commands, previous, described)
    return commands


def _with_its_tests(clause: _Clause, commands: list[_Command], verbs: set[str]) -> list[_Command]:
    # "add an invoice resource with tests", "auth w/ tests": tests that come
    # with a feature are its tests, unless they name their own target.
    tests = [c for c in commands if c.name == "write_tests"]
    if len(tests) != 1 or not _tests_come_with(clause):
        return commands
    crud = next((c for c in commands if c.name == "crud"), None)
    opening = clause.at(clause.skip(0, "FUNCTION", "SEP", "THEN"))
    # "for the billing module please write tests": the place of the tests.
    placed = opening is not None and opening.kind == "OPEN" and opening.key in ("for", "in", "on")
    if (
        crud is None
        and not placed
        and not any(c.name not in ("write_tests", "crud") for c in commands)
    ):
        # A resource named by a noun, with or without a verb ("shipment
        # resource w/ tests").
        asked = verbs if clause.kinds("VERB") else verbs | {"add"}
        crud = _crud_by_nouns(clause, asked)
        if crud is not None:
            _take_fields(crud, clause)
            commands = [crud, *commands]
    target = tests[0].params.get("target")
    if crud is not None and target in (None, "api", crud.params["resource"]):
        tests[0].params["target"] = crud.params["plural"]
        tests[0].slot_words = (crud.params["plural"],)
        tests[0].with_feature = True
        return commands
    features = [c for c in commands if c.name != "write_tests" and SPECS[c.name].testable]
    if len(features) == 1 and target in (None, "api"):
        tests[0].params["target"] = features[0].name
    return commands


def _managed(clause: _Clause, verbs: set[str]) -> _Command | None:
    # "we need to manage patients", "a way to track vendor payouts": what is
    # to be kept through the API is a resource to build.
    # "Marketing needs to manage campaigns": a team's need is wanting too.
    wanted = bool(verbs & _WANTING) or any(
        c.key in ("way", "ways", "needs", "wants") for c in clause.items
    )
    # "The system shall maintain purchase order records ...": a requirement.
    wanted = wanted or any(c.kind == "FUNCTION" and c.key.endswith("shall") for c in clause.items)
    if not wanted:
        return None
    for index, chunk in enumerate(clause.items):
        if chunk.key not in _KEEPING_OF:
            continue
        words = _name_after(clause, index + 1)
        if not words:
            return None
        stored = chunk.key == "store"
        if stored and any(w.key in _NOT_RECORDS or w.key.endswith("ly") for w in words):
            return None  # "we need to store passwords securely"
        after = clause.items.index(words[-1]) + 1
        if after in clause.used:
            after += 1  # "manage case files electronically": how it is done
        end = clause.skip(after, "FUNCTION")
        listed = clause.at(clause.skip(after, "COLON", "OPEN", "LPAR"))
        if listed is not None and listed.kind == "FIELDS":
            # "manage vendor accounts (name, contact_email) via the API"
            after = clause.skip(clause.items.index(listed) + 1, "RPAR")
            clause.used.update(range(end, after))
            end = clause.skip(after, "FUNCTION")
        api = clause.skip(after, "FUNCTION", "OPEN")
        noun = clause.at(api)
        through = {c.key for c in clause.items[after:api]} & _THROUGH
        if noun is not None and noun.key in _APP_NOUNS and through:
            # "... through the api": where, not more of the name.
            clause.used.update(range(after, api + 1))
            end = clause.skip(api + 1, "FUNCTION")
        listed = clause.at(clause.skip(end, "COLON", "OPEN"))
        if listed is not None and listed.kind == "FIELDS":
            # "we need to manage patients: first_name, last_name, dob"
            clause.used.update(range(end, clause.items.index(listed)))
            end = clause.items.index(listed) + 1
        if end < len(clause.items):
            return None  # "manage patients in three clinics": more than a name
        clause.used.update(range(index + 1))
        command = _Command("crud", wanted=True)
        _set_resource(command, words)
        return command
    return None


_THROUGH = frozenset({"through", "thru", "via", "in", "from", "using"})
_KEEPING_OF = frozenset(
    {"manage", "tomanage", "track", "totrack", "register", "toregister", "keeptrackof", "store"}
    | {"maintain"}
)
# What is stored without being a resource: "store passwords securely".
_NOT_RECORDS = frozenset(
    {"password", "passwords", "secret", "secrets", "token", "tokens", "file", "files", "log"}
    | {"logs", "session", "sessions", "image", "images", "cache", "data", "it", "them"}
)


def _tests_come_with(clause: _Clause) -> bool:
    for index in clause.kinds("CONCEPT"):
        opener = clause.at(index - 1)
        if clause.items[index].intent == "write_tests" and opener is not None:
            return opener.kind == "OPEN" and opener.key in _ALONG
    return False


_ALONG = frozenset({"with", "w/", "w", "including", "incl", "incl.", "plus"})


def _more_for_ci(clause: _Clause, previous: _Command) -> bool:
    # "a workflow that runs ruff and pytest": the tool after "and" is more of
    # what the CI runs; "a compose file with postgres and redis": a service
    # of the compose file, not a cache asked for (reported as not used).
    verbs = clause.kinds("VERB", "THEN")
    verbless = all(clause.items[i].key in _RUNNING for i in verbs)
    concepts = [clause.items[i] for i in clause.kinds("CONCEPT")]
    if previous.name == "crud" and _layers_only(clause):
        return True
    if not verbless or previous.name != "deploy":
        return False
    # "a CI workflow that builds the image and runs the test suite": the
    # clause after "and" says what the CI runs when it starts with running.
    runs = previous.runs_tests or _run_by_ci(clause)
    if runs and concepts and all(c.intent == "write_tests" for c in concepts):
        clause.used.update(clause.kinds("CONCEPT", "WORD"))
        clause.used.update(verbs)
        return all(c.kind in ("CONCEPT", "WORD", "FUNCTION", "OPEN", "VERB") for c in clause.items)
    return bool(clause.kinds("STORE")) and all(
        c.kind in ("STORE", "FUNCTION", "ENGINE") for c in clause.items
    )


def _layers_only(clause: _Clause) -> bool:
    # "a 'driver' entity: router, service, repository, schemas": the layers
    # listed after a CRUD feature are that feature's, not a second one.
    layers = [i for i in clause.kinds("CONCEPT") if clause.items[i].intent == "crud"]
    rest = [c for c in clause.items if c.kind not in ("CONCEPT", "FUNCTION")]
    if len(layers) != 1 or rest or not _LAYER.search(clause.items[layers[0]].text):
        return False
    clause.used.update(layers)
    return True


_LAYER = re.compile(r"[,/&]|\band\b")


_UNASKED = re.compile(r"(?:no|without|w/o|instead\s+of)\s", re.IGNORECASE)


def _named_commands(clause: _Clause) -> list[_Command]:
    concepts = clause.kinds("CONCEPT")
    # "no polling" alone says what is not wanted, not what is: nothing read.
    if all(_UNASKED.match(clause.items[i].text) for i in concepts) and all(
        c.kind in ("CONCEPT", "FUNCTION") for c in clause.items
    ):
        concepts = []
    strong = [i for i in concepts if clause.items[i].key not in _WEAK]
    # "secure my API with JWT": the security word is the verb of the auth.
    chosen = strong or concepts
    # "CI that runs the tests on every push": the tests are what CI runs.
    ci_runs = any(clause.items[i].intent == "deploy" for i in concepts) and _run_by_ci(clause)
    if ci_runs:
        chosen = [i for i in chosen if clause.items[i].intent != "write_tests"]
    commands: list[_Command] = []
    for index in chosen:
        if index in clause.used:
            continue
        clause.used.add(index)
        command = _command_at(clause, index)
        if command is not None and not any(c.name == command.name for c in commands):
            commands.append(command)
    for index in concepts:
        clause.used.add(index)
    # "audit my API security", "logging following best practices": the
    # generic review word qualifies the feature named beside it.
    if len(commands) > 1:
        commands = [c for c in commands if c.name != "audit"]
    for command in commands if ci_runs else []:
        command.runs_tests = command.name == "deploy"
    if any(c.name == "security_review" for c in commands):
        commands = _reviewed(clause, commands)
    if _asks_if_safe(clause) and any(c.name == "auth" for c in commands):
        # "is my JWT secret strong enough?": a question about how safe a
        # feature is, the security review's.
        kept = [c for c in commands if c.name not in ("auth", "security_review")]
        commands = [_Command("security_review"), *kept]
    return commands


_RUNNING = frozenset({"run", "runs", "running", "execute", "executes", "executing"})


def _run_by_ci(clause: _Clause) -> bool:
    for index, chunk in enumerate(clause.items):
        if chunk.key not in _RUNNING:
            continue
        after = clause.items[index + 1 : index + 4]
        if any(c.intent == "write_tests" or c.kind == "WORD" for c in after):
            return True
    return False


def _reviewed(clause: _Clause, commands: list[_Command]) -> list[_Command]:
    # "review the security of the login endpoint", "security check of auth":
    # the feature after "of" is what is reviewed, not one more to add.
    review = next((i for i, c in enumerate(clause.items) if c.intent == "security_review"), None)
    if review is None:
        return commands  # "review our auth setup": auth read as the review itself
    verb = clause.at(clause.skip(0, "FUNCTION"))
    if verb is not None and verb.kind == "VERB" and verb.key in _REVIEWING:
        # "review the auth code for security problems": what the verb takes
        # is what is reviewed.
        looked = {c.intent for c in clause.items[:review] if c.kind == "CONCEPT"}
        commands = [c for c in commands if c.name == "security_review" or c.name not in looked]
    opened = any(c.kind == "OPEN" and c.key in _OF for c in clause.items[review + 1 :])
    if not opened:
        return commands
    later = {c.intent for c in clause.items[review + 1 :] if c.kind == "CONCEPT"}
    return [c for c in commands if c.name == "security_review" or c.name not in later]


_OF = frozenset({"of", "for", "on", "around", "in"})


_ASKING = frozenset({"is", "are", "does", "do", "how", "can", "could", "should", "am"})
_SAFETY = frozenset(
    {
        "strong",
        "weak",
        "enough",
        "safe",
        "unsafe",
        "leaked",
        "leaking",
        "exposed",
        "hardcoded",
        "hard-coded",
        "rotated",
        "guessable",
        "brute-forced",
        "bruteforced",
        "crackable",
    }
)


def _asks_if_safe(clause: _Clause) -> bool:
    first = clause.at(0)
    return (
        first is not None
        and first.key in _ASKING
        and any(c.key in _SAFETY or c.intent == "security_review" for c in clause.items)
    )


def _auth_reviewed(clause: _Clause, index: int) -> bool:
    lead = clause.at(clause.skip(0, "FUNCTION", "SEP", "THEN"))
    if lead is not None and lead.kind == "VERB" and lead.key in _REVIEWING:
        return True
    # "review our CORS and auth setup": listed after what a review looks at,
    # with no verb of its own ("setup" right after it is a noun).
    after = clause.at(index + 1)
    own = [
        i
        for i in clause.kinds("VERB")
        if not (i == index + 1 and after is not None and after.key in ("setup", "set up"))
    ]
    previous = clause.previous
    reviewed = previous is not None and previous.name == "security_review"
    return lead is clause.items[index] and not own and reviewed


def _command_at(clause: _Clause, index: int) -> _Command | None:
    chunk = clause.items[index]
    name = chunk.intent or ""
    # "make it production ready" is deployment; "make an audit of the project
    # if it is ready for production" is the audit it makes.
    # "make a full check of my project if it is ready for production" too.
    audited = any(
        c.key in ("audit", "if", "whether") or (c.kind == "VERB" and c.key in _REVIEWING)
        for c in clause.items[:index]
    )
    # "Make a production readiness report": the report is made, not the readiness.
    audited = audited or any(c.key in _ASSESSING for c in clause.items[index + 1 : index + 3])
    if (
        chunk.key in _READINESS
        and any(v.replace(" ", "") in _MAKING for v in clause.texts("VERB"))
        and not audited
    ):
        name = "deploy"
    if name == "audit" and (_health_route(clause, index) or _health_deployed(clause, index)):
        name = "deploy"
    reviewing = {c.key for c in clause.items if c.kind == "VERB"} & _REVIEWING
    if name == "deploy" and chunk.key in ("production", "prod") and reviewing:
        name = "audit"  # "grade it against what production apps should have"
    if name == "auth" and _auth_reviewed(clause, index):
        # "review our auth setup for holes": auth is what the review looks at.
        name = "security_review"
    verbless = not clause.kinds("VERB")
    command = _Command(name, verbless=verbless, said=chunk.key)
    slot = SPECS[name].slot
    if slot == "resource":
        _read_resource(command, clause, index)
    elif slot == "target":
        _read_target(command, clause, index)
    elif slot == "name":
        _read_project_name(command, clause, index)
    return command


# Health words that name a route when a route noun follows ("a health check
# endpoint", "a readiness probe"): deploy adds /health and /ready.
_HEALTH = frozenset({"health", "healthcheck", "readiness", "liveness", "healthy"})
_ROUTE_NOUNS = frozenset(
    {"endpoint", "endpoints", "route", "routes", "probe", "probes", "check", "checks", "url"}
)
_HEALTH_PATH = re.compile(r"/(?:health|healthz|ready|readyz|readiness|live|livez|liveness)/?$")


def _health_route(clause: _Clause, index: int) -> bool:
    chunk = clause.items[index]
    if chunk.key not in _HEALTH and not chunk.key.startswith("health"):
        return False
    # "liveness/readiness health checks": health words joined, then the noun.
    noun_at = index + 1
    while (joined := clause.at(noun_at)) is not None and (
        joined.text == "/" or joined.key in _HEALTH or joined.key.startswith("health")
    ):
        noun_at += 1
    following = clause.at(noun_at)
    if following is None or following.key not in _ROUTE_NOUNS:
        return False
    verbs = {c.key for c in clause.items if c.kind == "VERB"}
    reviewed = chunk.key == "readiness" and following.key == "check"
    if reviewed and not verbs & (_CREATING - _WISHING):
        # "a proper readiness check on the project": a review of readiness,
        # unless something is made ("add a readiness check") or a route
        # noun names it ("a readiness check endpoint").
        after = clause.at(noun_at + 1)
        if after is None or after.key not in _ROUTE_NOUNS:
            return False
    clause.used.update(range(index + 1, noun_at + 1))
    return True


_WISHING = frozenset({"need", "want", "wouldlike", "give"})


def _health_deployed(clause: _Clause, index: int) -> bool:
    # "a deployment config with a dockerfile and a healthcheck", "docker +
    # health check": a health check made beside deployment files is theirs
    # (the image's HEALTHCHECK and /health), not a review.
    chunk = clause.items[index]
    if concept_key(chunk.text) not in ("healthcheck", "healthchecks"):
        return False
    verbs = {c.key for c in clause.items if c.kind == "VERB"}
    if verbs & _REVIEWING or (verbs and not verbs & _CREATING):
        return False
    if any(c.intent == "deploy" for c in clause.items):
        return True
    # "add a health check, a dockerfile and CI": listed before them, the next
    # clause theirs with no verb or step of its own.
    following = clause.following
    if following is not None and not following.kinds("VERB", "THEN"):
        # "... and there is no Dockerfile": the next clause's lack is deploy's too.
        lead = following.at(following.skip(0, "FUNCTION", "SEP", "NEGATION"))
        if lead is not None and lead.intent == "deploy":
            return True
    # "a dockerfile and a healthcheck": listed after them, with no verb or
    # step of its own.
    previous = clause.previous
    listed = not verbs and not clause.kinds("THEN")
    return listed and previous is not None and previous.name == "deploy"


def _health_paths(clause: _Clause) -> bool:
    paths = clause.kinds("PATH")
    if paths and all(_HEALTH_PATH.search(clause.items[i].text.lower()) for i in paths):
        clause.used.update(paths)
        clause.used.update(i for i in clause.kinds("NOUN") if clause.items[i].key in _ROUTE_NOUNS)
        return True
    return False


def _only_health_paths(clause: _Clause) -> bool:
    kinds = ("PATH", "NOUN", "FUNCTION", "THEN")
    return all(c.kind in kinds for c in clause.items) and _health_paths(clause)


def _implied_commands(clause: _Clause) -> list[_Command]:
    # No feature word: a store alone is caching, "new" before an app noun a
    # new project, a verb of making before resource nouns CRUD, a verb of
    # reviewing before the app an audit.
    verbs = {c.key for c in clause.items if c.kind == "VERB"}
    if clause.kinds("STORE"):
        cached = _Command("caching")
        start = clause.skip(0, "FUNCTION", "SEP", "THEN")
        end = start
        while (word := clause.at(end)) is not None and word.kind == "WORD":
            end += 1
        stored = clause.at(clause.skip(end, "OPEN"))
        placed = all(c.key not in _STORING for c in clause.items[start:end])
        if (
            end > start
            and placed
            and stored is not None
            and stored.kind in ("STORE", "DURATION", "TTL")
        ):
            # "..., forecasts in redis 1 hour": one more place cached.
            clause.used.update(range(start, end))
            cached.params["target"] = _place_name(clause.items[start:end])
        return [cached]
    if clause.kinds("ROLES", "ROLES_WORD"):
        return [_Command("auth")]
    covered = clause.at(clause.skip(clause.kinds("VERB")[0] + 1, "FUNCTION")) if verbs else None
    if "cover" in verbs and covered is not None and covered.kind == "WHOLE":
        # "cover everything", "cover the whole api": tests for all of it.
        clause.used.update(range(len(clause.items)))
        return [_Command("write_tests", {"target": "api"})]
    if verbs & _CREATING and _socket_route(clause):
        # "add a /ws route": the route names the socket.
        return [_Command("websocket")]
    if verbs & _CREATING and _health_paths(clause):
        # "add /health and /ready endpoints"
        return [_Command("deploy")]
    crud = _crud_by_nouns(clause, verbs) or _managed(clause, verbs)
    if crud is not None:
        _take_fields(crud, clause)
        return [crud]
    project = _new_project(clause, verbs, made=True)
    if project is not None:
        return [project]
    asks_how = clause.items[0].key == "how" and {c.key for c in clause.items} & _APP_NOUNS
    if asks_how and not clause.kinds("WORD", "VAGUE", "UNSUPPORTED"):
        # "how is my API doing?", "how does the app look": its state, an audit.
        clause.used.update(clause.kinds("NOUN"))
        return [_Command("audit")]
    # "could you look at it?": a pronoun is no project to review.
    pronoun_only = not clause.kinds("NOUN", "CONCEPT", "WHOLE") and any(
        c.key in ("it", "this", "that") for c in clause.items
    )
    if verbs & _REVIEWING and not clause.kinds("WORD", "VAGUE", "UNSUPPORTED") and not pronoun_only:
        clause.used.update(clause.kinds("VERB", "NOUN", "WHOLE"))
        return [_Command("audit")]
    return []


def _socket_route(clause: _Clause) -> bool:
    for index in clause.kinds("PATH"):
        first = clause.items[index].text.split("/")[1]
        if concept_table().get(concept_key(first)) == "websocket":
            return True
    return False


def _new_project(clause: _Clause, verbs: set[str], *, made: bool = False) -> _Command | None:
    # "a new FastAPI app called notes", "a brand new production-ready API",
    # "create a FastAPI project named shop": the words between "new" and the
    # app noun describe the project. Named twice ("for the new billing
    # service: create project ledger"), the one that gives a name is read.
    if clause.kinds("VAGUE") and not clause.kinds("NEW"):
        return None  # "make system more good": a wish, not a project to start
    unnamed = None
    for index, chunk in enumerate(clause.items):
        noun_at = clause.skip(index + 1, "NOUN", "FUNCTION", "NEW", "CONCEPT", "WORD")
        while noun_at > index + 1 and clause.items[noun_at - 1].kind != "NOUN":
            noun_at -= 1
        nouns = {c.key for c in clause.items[index + 1 : noun_at] if c.kind == "NOUN"}
        is_new = chunk.kind == "NEW"
        before = clause.at(index - 1)
        made_here = (
            made and before is not None and before.kind == "VERB" and before.key in _STARTING
        )
        is_made = made_here and chunk.kind == "FUNCTION" and chunk.key in ("a", "an")
        if made_here and chunk.key == "the" and before is not None and before.key in _CREATE:
            is_made = True  # "create the project 'zeiterfassung'", never "make the app nicer"
        if made_here and chunk.kind == "NOUN":
            # "create project shop": the noun right after the verb, then a name.
            noun_at, is_made = index + 1, True
            nouns = {chunk.key}
        opener = clause.at(noun_at)
        named_after = clause.at(noun_at + 1)
        with_name = (
            opener is not None
            and opener.key == "with"
            and named_after is not None
            and named_after.key in _NAMING
        )
        # "create a FastAPI project for my databases course": whose, or what
        # for; its name, if any, is said after.
        owner = clause.at(noun_at + 1)
        purpose = (
            opener is not None
            and opener.key == "for"
            and owner is not None
            and owner.key in ("my", "our", "his", "her", "their")
        )
        if (
            is_made
            and opener is not None
            and opener.kind == "OPEN"
            and opener.key not in _NAMING
            and not with_name
            and not purpose
        ):
            continue  # "create an API for books" is CRUD, "add caching to a FastAPI app" not new
        described = clause.items[index + 1 : noun_at]
        if is_made and any(
            c.kind == "WORD" or (c.kind == "CONCEPT" and c.key not in _READINESS) for c in described
        ):
            continue  # "add an auth system" is auth; without "new", "an iOS app" is not ours
        if is_new and index == 1 and before is not None and before.key in ("fastapi", "project"):
            # "fastapi new weather_service": a scaffolding tool's command.
            nouns, noun_at = {"project"}, index + 1
        # "an onboarding checklist for new services": services in general.
        plural = nouns & {"services", "apps", "apis"} and before is not None and before.key == "for"
        if (is_new or is_made) and nouns & _APP_NOUNS and not plural:
            if purpose:
                # The name comes after its naming word or colon, past the purpose.
                naming = next(
                    (
                        at
                        for at in range(noun_at, len(clause.items))
                        if clause.items[at].kind == "COLON"
                        or (clause.items[at].kind == "OPEN" and clause.items[at].key in _NAMING)
                    ),
                    None,
                )
                clause.used.update(range(noun_at, naming or len(clause.items)))
                named = _after_naming(clause, naming) if naming else None
            else:
                named = _after_naming(clause, noun_at)
            command = _Command("new_project")
            clause.used.update(range(index, noun_at))
            if named and named[-1].key in _GROUPS:
                # "new repo needed for the challenges squad": who it is for.
                clause.used.update(clause.items.index(c) for c in named)
                named = None
            if named:
                command.params["name"] = _project_name(named)
                return command
            unnamed = unnamed or command
    return unnamed


# Who a new project is for, not its name: "new repo needed for the challenges squad".
_GROUPS = frozenset(
    {"team", "squad", "group", "department", "dept", "class", "crew", "club", "folks", "people"}
)
_CREATE = frozenset({"create", "generate", "scaffold", "bootstrap", "initialize", "initialise"})
_SERVICE_TAILS = frozenset({"service", "svc", "api", "app", "backend", "server", "microservice"})


def _crud_by_nouns(clause: _Clause, verbs: set[str]) -> _Command | None:
    # "new resource: warehouse": "new" before a resource noun makes one too;
    # so does its field list in a heading with no verb ("Vendor model (name,
    # vat_id)").
    made = bool(verbs & _CREATING or "scaffold" in verbs or clause.kinds("NEW"))
    # "we need a cart_item resource", "could we get a document resource":
    # a resource wanted is one to build.
    made = made or bool(verbs & _WANTING) or any(c.key in _WANTS for c in clause.items)
    # "an endpoint set for leave_requests with employee_id uuid, ... would be
    # great": a resource given typed fields is one to build.
    made = made or bool(clause.kinds("FIELDS"))
    # "Ticket: Customers resource.": a ticket titled by a resource asks for it.
    first, second = clause.at(0), clause.at(1)
    titled = first is not None and first.key in ("ticket", "story", "task", "title")
    made = made or (titled and second is not None and second.kind == "COLON")
    if not made and not _specified(clause):
        return None
    if clause.kinds("VAGUE") and not clause.kinds("FIELDS"):
        return None  # "make the loot tables more fun": a wish about them
    # "add a customer feature with fields ...": a feature given its fields
    # is a resource.
    nouns = _RESOURCE_NOUNS | _FEATURE_NOUNS if clause.kinds("FIELDS") else _RESOURCE_NOUNS
    for index, chunk in enumerate(clause.items):
        if chunk.kind == "NOUN" and chunk.key in nouns:
            opener = clause.at(index + 1)
            after = opener is not None and opener.kind in ("OPEN", "COLON")
            colon = after and opener is not None and opener.kind == "COLON"
            # "a tasks resource with title, done": "with" opens fields, not a name.
            after = after and opener is not None and opener.key not in _FIELD_OPENERS
            words = _name_after(clause, index + 1 + colon) if after else []
            if not words and chunk.key in _SINGLE_RESOURCE:
                words = _name_right_after(clause, index)
            if not words and (chunk.key not in ("api", "apis") or clause.kinds("FIELDS")):
                # "invoice endpoints"; "a REST API" names no resource, "an
                # orders api with fields ..." does.
                words = _name_before(clause, index)
            moved = clause.at(clause.items.index(words[0]) - 1) if words else None
            while moved is not None and moved.kind == "FUNCTION":
                moved = clause.at(clause.items.index(moved) - 1)
            if moved is not None and moved.key in _MOVING:
                # "split the ingestion endpoints out of the monolith": existing
                # endpoints moved, not a resource to build.
                return None
            if words and any(c.kind == "UNSUPPORTED" for c in words):
                return None  # "connect the api to whatsapp": a service fastprod lacks
            if words and any(_TECHNOLOGY.compiled().fullmatch(c.text) for c in words):
                # "add GraphQL endpoints": a technology fastprod lacks, not a
                # resource named after it.
                return None
            if words:
                command = _Command("crud", said=chunk.key)
                clause.used.add(index)
                _set_resource(command, words)
                return command
    if "scaffold" in verbs:
        verb = clause.kinds("VERB")[0]
        words = _name_after(clause, verb + 1) or _titled(clause, verb + 1)
        spelled = words[0].text.lower().replace("-", "_") if len(words) == 1 else ""
        kebab = len(words) == 1 and "-" in words[0].text and words[0].code
        if kebab or (spelled.rpartition("_")[2] in _SERVICE_TAILS and "_" in spelled):
            # "Scaffold notification-service", "scaffold billing_api": a service's
            # name, not a resource.
            command = _Command("new_project")
            command.params["name"] = _project_name(words)
            return command
        if words:
            command = _Command("crud")
            _set_resource(command, words)
            return command
    words = _kept_heading(clause)
    if words:
        # "I'll build shifts: shift_date (date), ...", "I want to log harvests:
        # crop (str), ...": a resource named before a colon and its fields; a
        # CRUD asked for after it is this one.
        command = _Command("crud", verbless=True)
        _set_resource(command, words)
        return command
    start = 0
    while (article := clause.at(start)) is not None and article.key in _ARTICLES:
        start += 1  # "a shift has a label string, ...": the article first
    if _specified(clause) and (words := _titled(clause, start)):
        # "blog posts: title str, body text": a heading of the resource and
        # its fields; a CRUD asked for after it is this one.
        command = _Command("crud", verbless=True)
        _set_resource(command, words)
        return command
    return None


def _kept_heading(clause: _Clause) -> list[Chunk]:
    # A verb of keeping or making, the resource's name, a colon and its field
    # list, and nothing else: "I'll add measurements: customer_name str, ...".
    fields = next(iter(clause.kinds("FIELDS")), None)
    if fields is None or fields < 2:
        return []
    end = fields - 1 if clause.items[fields - 1].kind == "COLON" else fields
    if any(c.kind != "SEP" or c.text != "." for c in clause.items[fields + 1 :]):
        return []
    had = _having(clause.items[:end])
    if had:
        # "Wines get: name, vintage (int), ...": what each one has.
        clause.used.update(range(fields))
        return had
    start = end
    while start > 0 and clause.items[start - 1].kind == "WORD" and end - start < 3:
        start -= 1
    while start < end - 1 and clause.items[start].key in _MAKING_VERBS:
        start += 1  # "to log harvests:": the verb read as a word
    named = end
    if named - start > 1 and clause.items[named - 1].key in _KEPT:
        named -= 1  # "I want vehicles tracked:": what is kept, then how
    lead = clause.items[:start]
    # "to record deliveries:": "record" read as a noun is the verb here.
    verbal = ("VERB", "WORD", "NOUN")
    if start == end or not any(c.kind in verbal and c.key in _MAKING_VERBS for c in lead):
        return []
    if any(c.kind not in ("FUNCTION", "VERB", "OPEN", "SEP", "WORD", "NOUN") for c in lead):
        return []
    if any(c.kind in ("WORD", "NOUN") and c.key not in _MAKING_VERBS for c in lead):
        return []
    if any(c.kind != "SEP" or c.text != "." for c in clause.items[fields + 1 :]):
        return []
    clause.used.update(range(start, fields))
    return [Chunk("WORD", c.text, c.position) for c in clause.items[start:named]]


_KEPT = frozenset(
    {"tracked", "recorded", "stored", "managed", "kept", "listed", "logged", "saved", "added"}
)


def _having(lead: list[Chunk]) -> list[Chunk]:
    # "Wines get", "each booking has": the resource, then a verb of having.
    if len(lead) < 2 or lead[-1].key not in _HAVING:
        return []
    words = [c for c in lead[:-1] if not (c.kind == "FUNCTION" and c.key in _EACH)]
    if not words or len(words) > 3 or any(c.kind != "WORD" for c in words):
        return []
    return [Chunk("WORD", c.text, c.position) for c in words]


_HAVING = frozenset({"get", "gets", "have", "has", "need", "needs", "hold", "holds"})
_EACH = frozenset({"each", "every", "a", "an", "the"})


_MAKING_VERBS = frozenset(
    {"add", "build", "create", "make", "setup", "manage", "track", "record", "keep", "store"}
    | {"log", "want", "need", "get", "have", "do", "implement", "scaffold", "generate"}
    | {"register"}
)


def _titled(clause: _Clause, start: int) -> list[Chunk]:
    # The words before a colon and a field list ("support tickets: subject:str
    # ..."), a verb's word among them ("support") when a free word ends them.
    fields = next(iter(clause.kinds("FIELDS")), None)
    if fields is None:
        return []
    end = fields - 1 if clause.items[fields - 1].kind == "COLON" else fields
    words = clause.items[start:end]
    if not words or words[-1].kind != "WORD":
        return []
    if any(c.kind not in ("WORD", "VERB") for c in words):
        return []
    if any(c.key in _NOTATION for c in words):
        return []  # "pydantic style: name: str": how the fields are written
    clause.used.update(range(start, end + (end < fields)))
    return [Chunk("WORD", c.text, c.position) for c in words]


_MOVING = frozenset(
    {"split", "move", "extract", "migrate", "port", "rename", "merge", "separate", "refactor"}
)
_NOTATION = frozenset({"style", "format", "notation", "syntax", "schema", "types", "like"})


def _specified(clause: _Clause) -> bool:
    # A heading of a resource and its fields, nothing said about it: "Feature:
    # Vendor model (name, vat_id)", "warehouse entity with code and city".
    return bool(clause.kinds("FIELDS")) and all(
        c.kind in _HEADING or (c.kind == "FUNCTION" and c.key in _ARTICLES) for c in clause.items
    )


_HEADING = frozenset({"NOUN", "COLON", "WORD", "FIELDS", "OPEN", "SEP", "THEN"})
_ARTICLES = frozenset({"a", "an", "the", "one"})


_TECHNOLOGY = _Pattern(
    r"graphql|grpc|machine\s+learning|ml|ai|llm|blockchain|kafka|celery|rabbitmq|sse"
    r"|elasticsearch|soap|xml|sso|saml|ldap|mongo(?:db)?|terraform|pulumi|helm|ansible",
    re.IGNORECASE,
)


_FIELD_OPENERS = frozenset(
    {"with", "having", "containing", "including", "capturing", "storing", "tracking", "recording"}
)
_WANTING = frozenset({"need", "want", "wouldlike", "love", "get", "require"})
_FEATURE_NOUNS = frozenset({"feature", "features"})
# "a model Ticket", "an entity Invoice": a name right after the noun.
_SINGLE_RESOURCE = frozenset({"model", "entity", "table", "resource"})


def _name_right_after(clause: _Clause, index: int) -> list[Chunk]:
    named = clause.at(index + 1)
    after = clause.at(index + 2)
    if named is None or named.kind != "WORD":
        return []
    if after is not None and after.kind not in ("OPEN", "FIELDS", "SEP", "THEN", "COLON", "LPAR"):
        return []
    clause.used.add(index + 1)
    return [named]


_RETURNING = frozenset({"return", "use", "uses", "give", "gives", "send", "sends", "answer"})
_GOING_ON = frozenset(
    {
        "keeps",
        "keep",
        "breaks",
        "fails",
        "crashes",
        "stays",
        "remains",
        "seems",
        "looks",
        "goes",
        "takes",
        "times",
        "hangs",
        "leaks",
        "returns",
    }
)


def _strict_said(clause: _Clause) -> bool:
    if uniform_for_every_error(clause):
        return True
    keys = [c.key for c in clause.items if c.kind != "SEP"]
    strict = any(k in ("strict", "strictly") for k in keys)
    return strict and all(k in _STRICT_WORDS for k in keys)


_STRICT_WORDS = frozenset(
    {
        "strict",
        "strictly",
        "use",
        "the",
        "a",
        "mode",
        "version",
        "variant",
        "format",
        "envelope",
        "only",
        "make",
        "it",
        "them",
        "please",
        "pls",
        "and",
        "be",
        "should",
        "unify",
        "standardize",
        "standardise",
        "consistent",
        # "same strict format everywhere"
        "same",
        "everywhere",
        "always",
        "single",
        "one",
        "uniform",
    }
)


def replacing_said(clause: _Clause) -> bool:
    """True for "replace the current format", "replacing whatever we have now":
    said after error handling, the envelope replaces the shapes there (strict)."""
    keys = [c.key for c in clause.items if c.kind not in ("SEP", "THEN")]
    return bool(keys) and keys[0] in _REPLACING and all(k in _REPLACED for k in keys[1:])


_REPLACING = frozenset(
    {"replace", "replacing", "replaces", "supersede", "superseding"}
    # "rip out the old ad-hoc formats": the shapes the envelope replaces.
    | {"ripout", "remove", "drop", "getridof", "kill", "ditch", "axe", "nuke", "scrap", "delete"}
)
_REPLACED = frozenset(
    {
        "every",
        "all",
        "body",
        "bodies",
        "response",
        "responses",
        "format",
        "formats",
        "shape",
        "shapes",
        "the",
        "current",
        "currently",
        "existing",
        "old",
        "legacy",
        "whatever",
        "what",
        "we",
        "have",
        "has",
        "got",
        "use",
        "now",
        "today",
        "any",
        "return",
        "returns",
        "send",
        "there",
        "is",
        "are",
        "our",
        "of",
        "them",
        "it",
        "that",
        "those",
        "everything",
        "else",
        "one",
        "ones",
        "error",
        "errors",
        "handlers",
        "please",
        "pls",
        "ad-hoc",
        "adhoc",
        "mixed",
        "inconsistent",
        "custom",
        "different",
        "other",
        "payloads",
        "schemas",
        "errorformat",
        "errorformats",
        "errorshapes",
        "errorresponses",
        "errorbodies",
        "errorpayloads",
        "entirely",
        "completely",
        "everywhere",
    }
)


def _needed_for(clause: _Clause) -> bool:
    start = clause.skip(0, "FUNCTION", "THEN")
    verb, said, opener = clause.at(start), clause.at(start + 1), clause.at(start + 2)
    return (
        verb is not None
        and verb.key in ("need", "needed", "want", "wanted")
        and said is not None
        and said.key in _PRONOUNS
        and opener is not None
        and opener.key == "for"
        and not clause.kinds("CONCEPT", "STORE", "FIELDS", "ROLES", "NEW")
    )


def _continue(clause: _Clause, previous: _Command | None) -> list[_Command]:
    # A clause with no feature: more of the command before it, or nothing.
    if previous is None and (_statement(clause) or _goes_on(clause)):
        # "we just got a bug bounty report, ...": how things are, context.
        clause.pending = clause.consumed = True
        return []
    if previous is not None and previous.name == "caching" and "target" not in previous.params:
        # "Implement caching. Store: redis. TTL: 120. Target: categories.": what is cached.
        opener = clause.at(0)
        words = _name_after(clause, 1) if opener is not None and opener.key == "for" else []
        if words and len(words) == len(clause.items) - 1 - (clause.items[-1].kind == "SEP"):
            previous.params["target"] = _place_name(words)
            clause.used.update(range(len(clause.items)))
            return []
    if previous is not None and previous.name == "error_handling" and _strict_said(clause):
        # "..., use the strict mode", "unify it and make it strict": how.
        previous.params["strict"] = True
        clause.used.update(range(len(clause.items)))
        return []
    if previous is not None and previous.name == "new_project" and "name" not in previous.params:
        # "a new fastapi project? I'd like to call it inventory_service": its name.
        opening = next(
            (i for i, c in enumerate(clause.items) if c.kind == "OPEN" and c.key in _NAMING), None
        )
        named = _after_naming(clause, opening) if opening is not None else None
        end = clause.items.index(named[-1]) + 1 if named else 0
        if named and all(c.kind in ("FUNCTION", "SEP") for c in clause.items[end:]):
            previous.params["name"] = _project_name(named)
            clause.used.update(range(len(clause.items)))
            return []
    if previous is not None and _needed_for(clause):
        # "add websockets? need it for the chat thing": what it is for.
        clause.used.update(range(len(clause.items)))
        return []
    marked = set(clause.used)
    fields = [c for c in clause.items if c.kind == "FIELDS"]
    if (
        previous is not None
        and previous.name == "crud"
        and len(fields) == 1
        and _only_fields(clause)
    ):
        # "a statuses table + endpoints: code str, label str": the fields of
        # the resource before, with the layers it gets.
        previous.params["fields"] = list(previous.params.get("fields", [])) + list(fields[0].items)
        clause.used.update(range(len(clause.items)))
        return []
    if previous is not None and previous.name == "crud" and previous.params.get("fields"):
        _refuse_untyped(clause, previous)
    # "..., then for users": the step word before the name.
    first = clause.skip(0, "THEN")
    pair = clause.at(first + 1)
    if (one := clause.at(first)) is not None and one.key == "another" and pair is not None:
        first += pair.key == "one"  # "and another one for lessons"
    clause.used.update(range(first))
    one = clause.at(first)
    another = (
        one is not None
        and one.key in ("one", "another")
        and clause.skip(first + 1, "OPEN") > first + 1
    )
    same = clause.at(clause.skip(first, "FUNCTION") - 1)
    if same is not None and same.key == "same" and not clause.kinds("CONCEPT", "VERB"):
        # "cache the banks endpoint, same data requested a million times a
        # day": why, said of what is cached.
        clause.used.update(range(len(clause.items)))
        return []
    subject = clause.skip(clause.skip(first, "FUNCTION"), "WORD")
    if (auxiliary := clause.at(subject)) is not None and auxiliary.key in ("do", "does", "did"):
        subject += 1  # "the data does not change much"
    denied = (said := clause.at(subject)) is not None and said.kind == "NEGATION"
    if previous is not None and denied and not clause.kinds("VERB", "CONCEPT", "STORE"):
        # "..., the data not change so much": how it is, why it is asked.
        clause.pending = clause.consumed = True
        clause.used.add(subject)
        return []
    # "a crud for posts and one for comments"
    words = _name_after(clause, first + 1 if another else first)
    opened = one is not None and one.kind == "OPEN"
    if another and words:
        clause.used.add(first)
    tested = previous is not None and previous.name == "write_tests" and not previous.unplaced
    if tested and _test_content(clause):
        # "tests for the webhooks, last release broke signature handling"
        clause.used.update(range(len(clause.items)))
        return []
    each = one is not None and one.key in ("each", "every") and not clause.kinds("CONCEPT")
    said = clause.at(first + 1)
    # "some endpoints return dicts, one returns plain text": how some of them are.
    some = one is not None and one.key in ("some", "one", "others", "another", "most")
    some = some and said is not None and (said.key in _GOING_ON or said.key in _RETURNING)
    each = each or (some and not clause.kinds("CONCEPT"))
    if each and not clause.kinds("VERB", "DURATION", "TTL", "STORE", "FIELDS"):
        # "..., each invoice loads its lines separately": how it goes now.
        clause.used.update(range(len(clause.items)))
        return []
    # "keep the data for 24 hours": a time to live is asked, not how it goes.
    given = clause.kinds("DURATION", "TTL", "STORE")
    if one is not None and one.key in _GOING_ON and not clause.kinds("VERB") and not given:
        # "... has zero test coverage and keeps breaking": how it is.
        clause.used.update(range(len(clause.items)))
        return []
    notation = words and any(c.key in _NOTATION for c in words)
    if notation and previous is not None and previous.name == "crud" and fields:
        # "crud for customers, pydantic style: name: str, ...": how the
        # fields of the resource before are written.
        previous.params["fields"] = list(previous.params.get("fields", [])) + list(fields[0].items)
        clause.used.update(range(len(clause.items)))
        return []
    # "invoices, customers and payments" lists names; in "... and then email
    # me" the word of a feature fastprod lacks is a request, not a name.
    rest = clause.items[clause.items.index(words[-1]) + 1 :] if words else []
    listed = words and not (rest and any(c.kind == "UNSUPPORTED" for c in words))
    # "..., the lead is not happy": a subject and what it is, not one more name.
    listed = listed and not (rest and rest[0].key in _COPULAS)
    # "..., nothing covers it", "nobody checks them": a verb and its object.
    listed = listed and not (rest and rest[0].key in ("it", "them", "this", "those", "us", "me"))
    # "..., the data not change so much": a subject and what it does not do.
    listed = listed and not (rest and rest[0].kind == "NEGATION")
    # "..., the upstream api is rate limited": a place and what it is.
    listed = listed and not (len(rest) > 1 and rest[0].kind == "NOUN" and rest[1].key in _COPULAS)
    # "... has zero test coverage and keeps breaking", "QA keeps finding
    # regressions": what it does, not a name.
    listed = listed and not any(w.key in _GOING_ON for w in words)
    # "that is kinda scary": how it is, not one more name.
    listed = listed and not any(
        c.key in _COPULAS for c in clause.items[: clause.items.index(words[0])]
    )
    # "..., the auditors ask for it": a subject, its verb and "for it".
    listed = listed and not (
        len(rest) > 1 and rest[0].kind == "OPEN" and rest[1].key in ("it", "them", "this", "that")
    )
    # "tests for auth. Unbelievable.": a new sentence is no more of a list.
    listed = listed and not clause.new_sentence
    # "my client ask for it": a person's own, then what they do.
    owned = one is not None and one.key in ("my", "our", "their", "his", "her")
    listed = listed and not (owned and bool(rest) and rest[0].kind in ("WORD", "VERB", "OPEN"))
    # "each appointment has ...": one of those just named, not another.
    listed = listed and not (one is not None and one.key in ("each", "every"))
    # "I am honestly scared to touch it": a person and how they are.
    listed = listed and not any(
        c.kind == "FUNCTION" and c.key in _PERSONS
        for c in clause.items[: clause.items.index(words[0])]
    )
    labelled = clause.at(clause.skip(0, "SEP", "THEN"))
    colon = clause.at(clause.skip(0, "SEP", "THEN") + 1)
    if (
        previous is not None
        and previous.name == "caching"
        and "target" not in previous.params
        and labelled is not None
        and labelled.key in ("target", "feature")
        and colon is not None
        and colon.kind == "COLON"
    ):
        # "cache: memory, ttl 5, target: leaderboard": the place cached, labelled.
        named = _name_after(clause, clause.items.index(colon) + 1)
        if named:
            previous.params["target"] = _place_name(named)
            clause.used.update(range(len(clause.items)))
            return []
    cache = previous is not None and previous.name == "caching" and previous.verbless
    if cache and listed and previous is not None and "target" not in previous.params:
        # "memory cache, 45s ttl, leaderboard": terse, the place cached.
        previous.params["target"] = _place_name(words)
        _refuse_leftovers(clause)
        return []
    if previous is not None and listed and SPECS[previous.name].slot in ("resource", "target"):
        command = _Command(previous.name)
        if previous.name == "crud":
            _set_resource(command, words)
            _take_fields(command, clause)
        else:
            command.params["target"] = _test_target(words)
        command.slot_words = tuple(c.text for c in words)
        _refuse_leftovers(clause)
        if previous.name == "write_tests" and previous.unplaced and opened:
            # "tests tests tests. for the partners endpoints": the place the
            # tests before lacked, not more tests.
            previous.params["target"] = command.params["target"]
            previous.slot_words = command.slot_words
            return []
        return [command]
    clause.used = marked
    if previous is not None and _extends(previous, clause):
        return []
    if previous is not None and _names_previous(previous, clause):
        return []
    if previous is not None and _asks_again(clause):
        return []
    if previous is not None and _asks_for_findings(clause, previous):
        return []
    if previous is not None and previous.name == "deploy" and _only_health_paths(clause):
        return []  # "add /health and /ready endpoints"
    if _names_engine(clause):
        return []
    if previous is None and clause.described is None and _free(clause):
        clause.pending = True
        clause.problem = clause.problem or bool(clause.kinds("VAGUE"))
        clause.consumed = _statement(clause)
        return []
    if _statement(clause):
        # "we only find out in staging": one more statement of how things
        # are, read as context.
        clause.pending = clause.consumed = True
        return []
    if previous is not None and previous.name == "crud" and clause.kinds("FIELDS"):
        # "..., each appointment has starts_at datetime, ...": fields said of
        # the resource, given to it once the sentence is read.
        return []
    if not _asks(clause) or clause.remark:
        # "the pricing endpoints will get hammered": a subject and what it
        # does asks for nothing; it is context, shown as not used.
        clause.pending = clause.consumed = True
        return []
    _refuse_leftovers(clause)
    return []


_WHEN_IT_HAPPENED = frozenset(
    {"yesterday", "today", "tonight", "earlier", "recently", "lately", "again", "suddenly"}
)


def _asks(clause: _Clause) -> bool:
    """The clause asks for something: past its openers ("please", "can you",
    "we") a verb, a feature or a name comes first, or someone wants a thing.

    A clause that opens with its subject ("the sales team keeps asking", "so
    ops can track incidents") or with what it is for ("for the loyalty
    program") says how things are or why; one that opens with a bare word
    asks ("integrate stripe"), unless a copula or a modal follows it
    ("Marketing wants to ...", "QA can spin up ...").
    """
    for i, c in enumerate(clause.items):
        if c.key in _WANTS and _wants_a_thing(clause, i):
            # "the mobile team wants push-style updates": what people want,
            # said in words of their own, is what a later clause asks for.
            people = i > 0 and clause.items[i - 1].key in _PEOPLE_WORDS
            return not (people and not clause.kinds("CONCEPT", "STORE", "FIELDS", "ROLES"))
    first = clause.skip(0, "FUNCTION", "SEP", "THEN")
    lead = clause.at(first)
    if lead is None:
        return False
    if ticket_title(clause):
        return False  # "Ticket: slow reports.": a title, the items ask
    if lead.kind == "VAGUE" and all(
        c.kind in ("FUNCTION", "VAGUE", "SEP", "THEN") for c in clause.items
    ):
        return False  # "..., too slow": how it is, a reason
    opener = clause.at(clause.skip(0, "SEP", "THEN"))
    if opener is not None and opener.key in _CONDITIONS and lead.kind != "VERB":
        return False  # "when a customer sends us a screenshot we ...": when, not what
    if (
        opener is not None
        and opener.key == "so"
        and (lead.kind != "VERB" or _copula_after(clause, first))
    ):
        return False  # "so that only staff can change prices", "so support can": why
    if (
        lead.kind == "WORD"
        and _past(lead.key)
        and not any(c.kind in _REQUESTS for c in clause.items)
    ):
        return False  # "... got nowhere", "tried everything": never a request
    features = ("CONCEPT", "NEW", "STORE", "FIELDS", "ROLES", "UNSUPPORTED")
    in_time = any(
        c.kind == "DURATION" and i > 0 and clause.items[i - 1].key == "in"
        for i, c in enumerate(clause.items)
    )
    if (
        lead.kind in ("WORD", "NOUN")
        and not any(c.kind in features for c in clause.items)
        and (in_time or any(c.kind == "FUNCTION" and _TIMES.search(c.key) for c in clause.items))
    ):
        return False  # "investor demo on friday", "board review on thursday": when
    if _goes_on(clause):
        return False  # "... and got totally lost": the statement before goes on
    said_of = clause.at(first + 1)
    acting = said_of is not None and said_of.kind == "WORD" and said_of.key.endswith("s")
    if lead.kind == "PATH" and acting and said_of is not None and not said_of.key.endswith("ss"):
        return False  # "/catalog hits postgres on every request": what it does
    if lead.key in _WHEN_IT_HAPPENED and not clause.kinds("VERB"):
        return False  # "yesterday prod went down": what happened
    if lead.kind == "CONCEPT" and lead.key in _WEAK and _copula_after(clause, first):
        return False  # "prod is slow", "the database is down"
    persons = any(c.kind == "FUNCTION" and c.key in _PERSONS for c in clause.items[:first])
    if persons and lead.kind != "VERB":
        return False  # "we go live next week", "I am scared to touch it"
    subject = any(c.key in _SUBJECTS for c in clause.items[:first])
    if subject and lead.kind == "CONCEPT" and lead.key in _WEAK:
        return False  # "our postgres box is flooded", "the db gets queried"
    owned = any(c.key in ("our", "my", "their", "the") for c in clause.items[:first])
    if lead.kind == "VERB" and owned and not _said_of(clause, first):
        lead = replace(lead, kind="WORD")  # "our support staff need ...": a noun
    if lead.kind == "VERB" and lead.key in _WANTING and _goal(clause, first):
        return False  # "we want users to manage their preferences": a goal
    if lead.kind == "UNSUPPORTED" and owned and _people(clause, first):
        lead = replace(lead, kind="WORD")  # "the mobile team is struggling": people
    if lead.kind not in ("WORD", "NOUN", "OPEN", "PATH", "NUMBER", "WHOLE"):
        return True
    if lead.kind == "OPEN" or any(
        c.key in _SUBJECTS or c.key in _STATING or c.key == "so" for c in clause.items[:first]
    ):
        return False
    following = clause.items[first + 1 : first + 4]
    # "Marketing wants to ...", "auditors want proof", "rates change only once".
    said = (_AUXILIARIES | _WANTS | _WANTING | _FREQUENCY | _GOING_ON | _SEEMING) - {
        "also",
        "keep",
    }
    if any(c.key in said for c in following):
        return False
    # "menu data hardly ever changes": how often, said as one phrase.
    if any(c.kind == "FUNCTION" and c.key.startswith(_SELDOM) for c in following):
        return False
    # "connections timing out", "users complaining": a noun and what it is doing.
    doing = clause.at(first + 1)
    return not (
        doing is not None
        and doing.kind == "WORD"
        and doing.key.endswith("ing")
        and lead.key.endswith("s")
        and not clause.kinds("VERB")
    )


# "store in Redis", "keep them in memory": how, not what is cached.
_STORING = frozenset(
    {"store", "stored", "storing", "keep", "kept", "save", "put", "use", "cache", "data", "results"}
)
# Who may want something in a statement: people who work on a client, or its users.
_PEOPLE_WORDS = _PEOPLE | {"users", "customers", "client"}
# "pages feel sluggish", "it seems slow": how something is.
_SEEMING = frozenset({"feel", "feels", "seem", "seems", "look", "looks", "get", "gets"})


def ticket_title(clause: _Clause) -> bool:
    """The clause is a ticket's title: "Ticket: Launch readiness"."""
    label, colon = clause.at(0), clause.at(1)
    if label is not None and label.key in _TITLES and colon is not None and colon.kind == "COLON":
        return True
    # "Hardening sprint: 1) ... 2) ...", "Hardening sprint — ...": a sprint's name.
    mark = clause.at(2)
    return (
        label is not None
        and label.kind == "CONCEPT"
        and colon is not None
        and colon.key in _SPRINTS
        and (mark is None or mark.kind == "COLON" or mark.text == ";")
    )


_SPRINTS = frozenset({"sprint", "epic", "initiative", "milestone", "week", "month", "push"})


_TITLES = frozenset({"ticket", "story", "epic", "title", "subject", "task", "summary"})
_CONDITIONS = frozenset({"when", "whenever", "if", "every", "each"})


def _goal(clause: _Clause, index: int) -> bool:
    # "want users to manage ...": someone to do something, not a thing.
    who, to = clause.at(index + 1), clause.at(index + 2)
    return who is not None and who.kind == "WORD" and to is not None and to.key == "to"


def _only_fields(clause: _Clause) -> bool:
    # The fields, with at most the nouns of the layers they get.
    return all(
        c.kind in ("FIELDS", "COLON", "FIELDS_WORD", "CONTEXT")
        or (c.kind == "NOUN" and c.key in _RESOURCE_NOUNS | _LAYERS)
        or (c.kind == "FUNCTION" and c.key in _ARTICLES)
        for c in clause.items
    )


_LAYERS = frozenset(
    {"endpoint", "route", "routes", "router", "routers", "table", "tables", "model"}
)


def _refuse_untyped(clause: _Clause, previous: _Command) -> None:
    # "crud for books with title str, pages int, and an isbn": a bare name
    # after a resource's fields is one more field without its type, not a
    # second resource.
    # "... and customers with fields name:str" names a second resource; "an
    # isbn", one thing, is a field.
    if clause.kinds("VERB", "CONCEPT", "OPEN", "NEW") or not clause.kinds("WORD"):
        return
    first = clause.kinds("WORD")[0]
    article = clause.at(first - 1)
    if article is None or article.key not in ("a", "an"):
        return
    word = clause.items[first]
    raise Failure(
        f"'{word.text}' follows the fields of {previous.params['resource']}: give its type "
        f"({word.text}:str) or ask for its own CRUD feature.",
        word.position,
    )


# Words that make a clause say how things are: a subject, a copula or a modal.
_STATING = frozenset(
    {
        "we",
        "i",
        "you",
        "they",
        "it",
        "he",
        "she",
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "can",
        "could",
        "will",
        "would",
        "should",
        "must",
        "am",
        "been",
        "there",
        # "the prototype did row-by-row lookups": what it did.
        "did",
        "does",
    }
)
# Days and times a clause may say when something happens.
_TIMES = re.compile(r"day|week|tomorrow|tonight|month|sprint|quarter|release|eod")
# A copula or a modal after a bare word makes it a subject: "QA can spin up".
_AUXILIARIES = _STATING - {"we", "i", "you", "they", "it", "he", "she", "there"}
# Phrase classes a statement never holds: a request, a feature or a parameter.
_REQUESTS = frozenset(
    {
        "VERB",
        "NEW",
        "CONCEPT",
        "STORE",
        "DURATION",
        "TTL",
        "ROLES",
        "FIELDS",
        "UNSUPPORTED",
        "ENGINE",
        "NEGATION",
        "TYPE",
        "FIELDS_WORD",
        "ROLES_WORD",
        "COLON",
        "LPAR",
    }
)


def _statement(clause: _Clause) -> bool:
    # "we just got a bug bounty report", "every time someone touches the
    # shipments code something else breaks": a subject and what it is or
    # does, with no request, feature or parameter in it. It is why the
    # request around it is made: context, shown as not used.
    # "some return plain text, others json": a part of the whole as the
    # subject, and what it does; a type word there is what it returns.
    first, second = clause.at(0), clause.at(1)
    parted = first is not None and first.key in _PARTS and second is not None
    # "others json": the verb may be left out.
    parted = parted and second is not None and second.kind in ("VERB", "WORD", "NOUN", "FUNCTION")
    allowed = {"VERB", "TYPE"} if parted else {"VERB"}
    # "some return {detail}": a body in braces is what they return.
    bodies = [c for c in clause.items if c.kind == "LPAR" and c.text == "{"] if parted else []
    # "clients will only handle the new shape": "new" before a noun that is
    # no app or resource is how the thing is, not a new project.
    items = enumerate(clause.items)
    bodies += [c for i, c in items if c.kind == "NEW" and _described_new(clause, i)]
    # "the lead is not happy": a negation read as a state is part of it.
    bodies += [c for i, c in enumerate(clause.items) if c.kind == "NEGATION" and i in clause.used]
    if any(c.kind in _REQUESTS and c.kind not in allowed and c not in bodies for c in clause.items):
        return False
    if any(c.key in _KEEPING for c in clause.items):
        return False  # "we sell flowers": what a CRUD feature may be for
    if parted:
        return True
    functions = {c.key for c in clause.items if c.kind == "FUNCTION"}
    described = len(clause.kinds("WORD", "NOUN", "PATH")) >= 3 and functions & _SUBJECTS
    if not clause.kinds("WORD") or not (functions & _STATING or described):
        return False
    for index, chunk in enumerate(clause.items):
        # "we only find out in staging": a verb said of a subject; "we need
        # a billing engine" is still a request.
        if chunk.kind == "VERB" and (chunk.key in _ASKING_VERBS or not _said_of(clause, index)):
            return False
        if chunk.key in _WANTS and _wants_a_thing(clause, index):
            return False
    return True


def _goes_on(clause: _Clause) -> bool:
    # "the dashboard polls /orders and hammers the server": one more verb of
    # the statement before, its subject left out.
    described = clause.described
    at = clause.skip(0, "THEN")
    # "... and almost never changes": adverbs before the verb.
    while (said := clause.at(at)) is not None and (
        said.key in _FREQUENCY or (said.kind == "NEGATION" and said.key == "never")
    ):
        at += 1
    first = clause.at(at)
    if described is None or first is None:
        return False
    if not described.consumed and (not described.pending or _asks(described)):
        return False
    if first.kind != "WORD":
        return False
    # "... and got totally lost": a verb in the past goes on as well.
    present = first.key.endswith("s") and not first.key.endswith("ss")
    # "... and taking lot of time": the statement's verb, its "are" left out.
    going = first.key.endswith("ing") and len(first.key) > 5
    if not (present or going or first.key.endswith("ed") or first.key in _PAST):
        return False
    return not any(c.kind in _REQUESTS and c.key != "never" for c in clause.items)


_FREQUENCY = frozenset(
    {"almost", "rarely", "barely", "hardly", "only", "always", "sometimes", "often", "also"}
)
_SELDOM = ("rarely", "barely", "hardly", "seldom", "never")
_PAST = frozenset(
    {"got", "went", "broke", "kept", "took", "ran", "came", "fell", "lost", "found", "saw", "gave"}
)


def _described_new(clause: _Clause, index: int) -> bool:
    before, after = clause.at(index - 1), clause.at(index + 1)
    if before is None or before.key not in ("the", "this", "that", "its", "their"):
        return False
    return after is not None and after.kind == "NOUN" and after.key not in _ANY_APP


_ANY_APP = _APP_NOUNS | _RESOURCE_NOUNS | {"service", "services", "svc", "microservice"}


_COPULAS = frozenset({"is", "are", "was", "were", "am"})


# A part of a whole as the subject of a statement ("some return html").
_PARTS = frozenset(
    {"some", "others", "most", "half", "several", "few", "many", "sometimes", "often", "usually"}
)


# Words that open a subject described at some length ("our dashboard calls
# GET /stats on every page load", "the data barely changes").
_SUBJECTS = frozenset(
    {
        "the",
        "our",
        "my",
        "their",
        "every",
        "someone",
        "something",
        "everyone",
        "everybody",
        "everything",
        "nothing",
        "nobody",
    }
)
_ASKING_VERBS = frozenset(
    {*_CREATING, "need", "want", "love", "wouldlike", "help", "do", "get", "use", "put"}
)
_WANTS = frozenset({"needs", "wants", "requires", "require", "like", "likes"})


def _said_of(clause: _Clause, index: int) -> bool:
    # "we only find out", "every client needs to see": after a subject or
    # as what someone needs to do.
    to, before = clause.at(index - 1), clause.at(index - 2)
    if to is not None and to.key == "to" and before is not None and before.kind == "WORD":
        return True
    return any(
        c.kind == "FUNCTION" and c.key in _STATING for c in clause.items[max(0, index - 3) : index]
    )


def _wants_a_thing(clause: _Clause, index: int) -> bool:
    # "the app needs a billing engine": a thing wanted; "every client needs
    # to see the changes": what someone does.
    following = clause.at(clause.skip(index + 1, "FUNCTION"))
    subject = clause.at(index - 1)
    if subject is not None and subject.kind == "WORD" and subject.key in _OVERSEERS:
        return False  # "our auditors require a reliable trail": why, said of others
    return following is not None and following.kind != "OPEN"


_OVERSEERS = frozenset(
    {"auditors", "regulators", "regulator", "auditor", "board", "compliance", "legal"}
    | {"lawyers", "insurers", "insurer", "customers", "clients", "partners", "provider"}
)


def _names_previous(previous: _Command, clause: _Clause) -> bool:
    # "start a new FastAPI project, the name is HotelBooking": a clause that
    # only names gives the project before it its name.
    if previous.name != "new_project" or "name" in previous.params:
        return False
    naming = [i for i in clause.kinds("OPEN") if clause.items[i].key in _NAMING]
    if not naming:
        return False
    start = clause.skip(naming[0] + 1, "FUNCTION", "COLON")
    words = _name_after(clause, start)
    while words and (noun := clause.at(clause.items.index(words[-1]) + 1)) is not None:
        # "call it shop backend": the app noun ends the name given.
        if noun.kind != "NOUN" or noun.key not in _APP_NOUNS:
            break
        clause.used.add(clause.items.index(noun))
        words = [*words, noun]
    if not words or clause.skip(clause.items.index(words[-1]) + 1, "FUNCTION") < len(clause.items):
        return False
    if any(c.kind != "FUNCTION" for c in clause.items[: naming[0]]):
        return False
    clause.used.update(range(len(clause.items)))
    previous.params["name"] = _project_name(words)
    return True


def _names_engine(clause: _Clause) -> bool:
    # "use MySQL", "on postgres with sqlite": a database engine and the words
    # around it; reported as a parameter no command takes (``_unused``).
    kinds = {"VERB", "FUNCTION", "OPEN", "THEN", "NOUN", "ENGINE", "CONCEPT"}
    if not clause.kinds("ENGINE") or not all(c.kind in kinds for c in clause.items):
        return False
    clause.used.update(i for i, c in enumerate(clause.items) if c.kind != "ENGINE")
    return True


def _asks_again(clause: _Clause) -> bool:
    # "..., please to optimize it", "and tell me what to fix": verbs and
    # function words alone ask again for the command before.
    kinds = {"VERB", "FUNCTION", "OPEN", "THEN", "NOUN"}
    pronoun = any(c.kind == "FUNCTION" and c.key in _PRONOUNS for c in clause.items)
    if not clause.kinds("VERB") or not all(
        c.kind in kinds or (pronoun and c.kind == "WORD" and c.key in _MANNER) for c in clause.items
    ):
        # "make them consistent": how the thing said before is to be.
        return False
    if any(c.kind == "NOUN" and c.key not in _APP_NOUNS for c in clause.items):
        return False
    clause.used.update(range(len(clause.items)))
    return True


_TELLING = frozenset({"tell", "show", "give", "share", "let"})
# "... and report findings", "summarise the results": said of the report.
_REPORTING = frozenset({"report", "summarize", "summarise", "list", "document"})
_FINDINGS = frozenset(
    {
        "what",
        "which",
        "where",
        "how",
        "score",
        "scores",
        "results",
        "findings",
        "issues",
        "number",
        "grade",
    }
)


def _asks_for_findings(clause: _Clause, previous: _Command) -> bool:
    # "... and tell me what fails", "kindly share the score": what a report
    # shows, asked after the report.
    if SPECS[previous.name].kind != "report":
        return False
    kinds = {"VERB", "FUNCTION", "OPEN", "THEN", "NOUN", "WORD", "VAGUE", "WHOLE"}
    if not all(c.kind in kinds for c in clause.items):
        return False
    first = clause.at(clause.skip(0, "FUNCTION", "THEN"))
    if first is None or first.key not in _TELLING | _REPORTING:
        return False
    if first.kind != "VERB" and first.key not in _REPORTING:
        return False
    if not any(c.key in _FINDINGS for c in clause.items):
        return False
    clause.used.update(range(len(clause.items)))
    return True


def _extends(previous: _Command, clause: _Clause) -> bool:
    # "add caching, in redis, for 5 minutes"; "error handling, strict envelope".
    before = dict(previous.params)
    _attach_extras(previous, clause)
    return previous.params != before


def _tested_feature(clause: _Clause, commands: list[_Command]) -> list[_Command]:
    # "write tests for the shipments CRUD", "tests covering the invoices
    # crud": the CRUD named after the tests is what they test, not a second
    # one to build.
    tests = [i for i, c in enumerate(clause.items) if c.intent == "write_tests"]
    cruds = [i for i, c in enumerate(clause.items) if c.intent == "crud"]
    if not tests or not cruds or tests[0] > cruds[0]:
        return commands
    between = clause.items[tests[0] + 1 : cruds[0]]
    if any(c.kind == "VERB" for c in between) or not any(c.kind == "WORD" for c in between):
        return commands
    tested = [c for c in commands if c.name == "write_tests"]
    if not tested or "target" not in tested[0].params:
        return commands
    return [c for c in commands if c.name != "crud"]


def _untested_subject(clause: _Clause, commands: list[_Command]) -> list[_Command]:
    # "our auth has zero test coverage", "the caching has no tests": the
    # feature that has no tests is what they test, not one more to add.
    tests = [i for i, c in enumerate(clause.items) if c.intent == "write_tests"]
    tested = [c for c in commands if c.name == "write_tests"]
    if not tests or len(tested) != 1 or tested[0].params.get("target") not in (None, "api"):
        return commands
    subjects = [
        i
        for i, c in enumerate(clause.items[: tests[0]])
        if c.kind == "CONCEPT" and c.intent and c.intent != "write_tests"
    ]
    if len(subjects) != 1 or clause.kinds("VERB"):
        return commands
    between = clause.items[subjects[0] + 1 : tests[0]]
    if not any(c.key in _HAS_NONE for c in between):
        return commands
    name = clause.items[subjects[0]].intent or ""
    if not name or not SPECS[name].testable:
        return commands
    tested[0].params["target"] = name
    return [c for c in commands if c.name != name]


_HAS_NONE = frozenset({"has", "have", "had", "lacks", "lack", "gets", "got"})
_BECAUSE = frozenset({"since", "because", "as", "so", "cause", "cuz", "bc", "thats", "which"})

# What tests are to cover, said after their target: "happy path and the
# 404s", "including validation errors", "token expiry and bad password cases".
_TEST_CONTENT = frozenset(
    {
        "case",
        "cases",
        "path",
        "paths",
        "scenario",
        "scenarios",
        "edge",
        "happy",
        "sad",
        "negative",
        "positive",
        "including",
        "covering",
        "especially",
        "expiry",
        "expired",
        "invalid",
        "bad",
        "wrong",
        "missing",
        "malformed",
        "smoke",
        "empty",
        "boundary",
        "corner",
        "broke",
        "broken",
        "release",
        "releasing",
        "outdated",
        "404s",
        "401s",
        "403s",
        "409s",
        "422s",
        "500s",
        # "its behaviour has never been properly covered": why they are wanted.
        "covered",
        "untested",
        "tested",
        # "..., the last buff duped items", "..., due Friday", "login and
        # refresh flows both": what went wrong, when, which flows.
        "duped",
        "duplicated",
        "crashed",
        "failed",
        "leaked",
        "due",
        "deadline",
        "both",
        "flows",
        # "..., the last bloke left none": there are none yet.
        "none",
        # "...; mock outbound HTTP": how they are written.
        "mock",
        "mocks",
        "mocked",
        "stub",
        "stubs",
        "fixtures",
    }
)


def _test_content(clause: _Clause) -> bool:
    # A clause after tests that says what they cover, or why they are
    # wanted ("we're releasing tmrw", "since that's what finance hits most"),
    # rather than naming more to test.
    first = clause.at(clause.skip(0, "SEP"))
    if first is not None and first.key in _BECAUSE:
        return True
    first = clause.at(clause.skip(0, "FUNCTION", "SEP"))
    if first is not None and first.key in ("we", "i", "they", "it"):
        return True
    words = {c.key for c in clause.items}
    return bool(words & _TEST_CONTENT) and not clause.kinds("VERB")


def _as_test_targets(
    clause: _Clause, commands: list[_Command], previous: _Command
) -> list[_Command]:
    # "write tests for invoices and caching": a feature named without a verb
    # after a test command is one more thing to test.
    if clause.kinds("VERB", "THEN") or not all(SPECS[c.name].testable for c in commands):
        return commands
    if previous.with_feature:
        return commands  # "Department CRUD + tests + error handling": one more feature
    if not previous.unplaced and _test_content(clause):
        clause.used.update(range(len(clause.items)))
        return []
    if clause.kinds(*_PARAMETERS) or _verb_of_its_own(clause) or _named_its_own(clause):
        # "tests for tenants + cache tenants in redis", "..., and caching for
        # products": a request of its own.
        return commands
    if any(c.key in ("strict", "strictly") for c in clause.items):
        return commands  # "..., and strict error envelopes": asked with how it is to be
    targets = [clause.items[i] for i in clause.kinds("CONCEPT")]
    return [
        _Command("write_tests", {"target": _test_target([t])}) for t in targets[: len(commands)]
    ]


_PARAMETERS = ("STORE", "DURATION", "TTL", "ROLES", "FIELDS")


def _named_its_own(clause: _Clause) -> bool:
    # "caching for products": the feature with a place of its own.
    for index in clause.kinds("CONCEPT"):
        opener, named = clause.at(index + 1), clause.at(clause.skip(index + 2, "FUNCTION"))
        opened = opener is not None and opener.kind == "OPEN" and opener.key in ("for", "on")
        if opened and named is not None and named.kind == "WORD":
            return True
    return False


def _verb_of_its_own(clause: _Clause) -> bool:
    # "cache tenants", "deploy it": a feature word that is also a verb, with
    # its object after it.
    first = clause.skip(0, "FUNCTION", "SEP")
    chunk, after = clause.at(first), clause.at(first + 1)
    return (
        chunk is not None
        and chunk.kind == "CONCEPT"
        and chunk.key in _VERBLIKE
        and after is not None
        and after.kind in ("WORD", "NOUN", "FUNCTION", "OPEN", "PATH")
    )


def _one_feature(first: Intent, second: Intent) -> bool:
    # A feature with no slot is one feature however often it is named; a new
    # project named once without its name and once with it ("a new service
    # for notifications, generate the skeleton, call it notifier") is one.
    if first.name == "caching":
        # "cache air quality in memory, forecasts in redis": two places.
        targets = (first.params.get("target"), second.params.get("target"))
        return None in targets or targets[0] == targets[1]
    slot = SPECS[first.name].slot
    if slot is None:
        return True
    if first.name == "write_tests":
        # "a login test suite ... no tests for login, token refresh or role
        # checks": auth's feature, by two of its names.
        said = {first.params.get("target"), second.params.get("target")}
        return said <= {"auth", "login"}
    if first.name == "crud":
        # "we need to manage patients, each has ..., generate the CRUD": one
        # resource asked twice, its fields said once.
        named, again = str(first.params.get("resource")), str(second.params.get("resource"))
        # "CRUD for Invoice records; each invoice carries ...": the records are the invoices.
        same = named == again or named in (f"{again}_record", f"{again}_entry", f"{again}_row")
        return same and not (first.params.get("fields") and second.params.get("fields"))
    return first.name == "new_project" and (not first.params or not second.params)


def _merge(intents: Any) -> tuple[Intent, ...]:
    # The same feature named twice runs once; a mention that adds parameters
    # ("error handling, strict envelope") is folded into the first.
    kept: list[Intent] = []
    for intent in intents:
        same = [k for k in kept if k.name == intent.name and _one_feature(k, intent)]
        if same:
            roles = list(same[0].params.get("roles", [])) + list(intent.params.get("roles", []))
            said = same[0].params
            said.update(
                {
                    k: v
                    for k, v in intent.params.items()
                    if v != [] and not (k == "target" and said.get(k))
                }
            )
            if roles:
                # "an admin role and a user role": both roles.
                same[0].params["roles"] = list(dict.fromkeys(roles))
            continue
        if intent not in kept:
            kept.append(intent)
    _refuse_two_caches(kept)
    return tuple(kept)


def _refuse_two_caches(intents: list[Intent]) -> None:
    # "cache menus in memory for 5 minutes, prices in redis for 1 minute":
    # an app has one cache, with one store and one time to live.
    caches = [i for i in intents if i.name == "caching"]
    for key in ("store", "ttl"):
        said = {i.params[key] for i in caches if key in i.params}
        if len(said) > 1:
            raise Failure(
                "An app has one cache, with one store and one time to live; this sentence "
                f"gives several ({', '.join(str(v) for v in sorted(said, key=str))}). Say one, "
                "e.g. 'cache products and orders in redis for 5 minutes'.",
                0,
                suggestions=("cache products and orders in redis for 5 minutes",),
            )
