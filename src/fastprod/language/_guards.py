"""What the concept reader refuses, and why: each guard raises a Failure.

Removal and negation (a problem stated with "no" is not one), a feature
fastprod does not have or another framework, a phrase left unfinished, a
naming word with no name, code in backticks, and a clause whose words no
feature took.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from fastprod.core._registry import SPECS
from fastprod.language._chunks import Chunk
from fastprod.language._clause import (
    _APP_NOUNS,
    _DETERMINERS,
    _MANNER,
    _NAMING,
    _RESOURCE_NOUNS,
    _VERBLIKE,
    _WISHING,
    _Clause,
    _Command,
    ends_sentence,
)
from fastprod.language._context import MOVING
from fastprod.language._failure import Failure
from fastprod.language._text import _Pattern, shorten

# Problems whose removal is the optimisation itself ("remove N+1 queries").
_PROBLEMS = frozenset(
    {"n+1", "n+1s", "nplusone", "slowqueries", "slowquery", "lazyloading", "queries"}
    # "drop the print() calls": logging turns them into log events.
    | {"printcalls", "printstatements", "prints", "printseverywhere", "theprints", "print()"}
)


_FIXING = frozenset(
    {"remove", "removing", "eliminate", "avoid", "stop", "getridof", "nix", "kill", "drop", "ditch"}
)


_UNFINISHED = {
    "crud": (
        "Say which resource the CRUD feature is for, e.g. 'create a CRUD feature for invoices'.",
        ("create a CRUD feature for invoices", "generate CRUD for products"),
    ),
    "write_tests": (
        "Say which feature to test, e.g. 'write tests for invoices'.",
        ("write tests for invoices", "write tests for the users feature"),
    ),
    "new_project": (
        "Say the project's name, e.g. 'set up a new FastAPI project called shop'.",
        ("set up a new FastAPI project called shop", "set up a new FastAPI project"),
    ),
}


_VAGUE_SUGGESTIONS = ("add Redis caching", "optimize my database queries", "audit my project")


class _Removal(Failure):
    """A clause asks to remove, disable or not add something."""

    def __init__(self, message: str, position: int, **_: object) -> None:
        super().__init__(message, position, suggestions=())


class Outside(Failure):
    """The sentence is about things outside software: no slip makes it a request."""


def _doubtful(sentence: str, doubtful: Sequence[tuple[str, tuple[str, ...]]]) -> Failure | None:
    # "add socker support": docker or socket? Say which, offering both.
    if not doubtful:
        return None
    word, candidates = doubtful[0]
    quoted = " or ".join(f"'{c}'" for c in candidates)
    return Failure(
        f"'{word}' could be {quoted}: say which.",
        sentence.find(word),
        suggestions=tuple(sentence.replace(word, c, 1) for c in candidates),
    )


# "there is no Dockerfile", "the module has no tests", "with no limit": a
# state described, not a removal asked for.
_STATING = frozenset({"is", "are", "there", "has", "have", "had", "with", "got", "still"})


# Words that open a question: "is this ready for production or not".
_QUESTIONS = frozenset({"is", "are", "am", "does", "do", "can", "could", "should", "will", "would"})
_CHANGE_VERBS = frozenset({"changed", "change", "changes", "moved", "updated"})


def _stated(clause: _Clause, index: int, after_state: bool) -> bool:
    said = clause.items[index].key
    following = clause.at(index + 1)
    needless = clause.at(index + 3)
    if no_need_to(clause, index) and needless is not None and needless.key in _ADDED_WHEN_NEEDED:
        return False  # "There is no need to add caching to this project": not wanted
    if said == "no" and _there_is(clause, index):
        return True  # "there is still no Dockerfile or CI config": what is missing
    if said == "delete" and clause.items[index].text.isupper():
        return True  # "calling DELETE on /orders": the HTTP method
    if said == "delete" and following is not None and following.key in _ROUTE_WORDS:
        return True  # "including the delete ones", "the delete endpoints": routes
    if said == "never" and following is not None and following.kind == "WORD":
        # "they almost never change": said of what they are.
        at = index - 1
        while at >= 0 and clause.items[at].key in _ADVERBS | {"almost", "nearly", "basically"}:
            at -= 1
        if at >= 0 and clause.items[at].key in ("they", "it", "these", "those"):
            return True
        subject = clause.items[at] if at >= 0 else None
        if subject is not None and subject.kind in ("WORD", "NOUN") and subject.key.endswith("s"):
            return True  # "the vectors basically never change"
    if said == "not" and following is not None and following.key in _CHANGE_VERBS:
        before = clause.at(index - 1)
        if before is not None and before.key in ("has", "have", "had", "does", "do", "did"):
            return True  # "even though the model hasn't changed": how it is
    # "the merchants list almost never changes": what it does, said of it.
    if (
        said == "never"
        and following is not None
        and following.kind == "WORD"
        and following.key.endswith("s")
        and not following.key.endswith("ss")
    ):
        return True
    if said == "not" and following is not None and following.key in _ABSENT:
        before = clause.at(index - 1)
        if before is not None and before.key in _COPULAS:
            return True  # "DB connection pooling is not there": what is missing
    if said == "without" and following is not None and following.key in _BOTHERING:
        return True  # "... so they can ship it without asking me": how, not a removal
    # "invalidation on write is not required for now": an extra declined for
    # the time being, not something to remove.
    later = {c.key for c in clause.items[index + 2 : index + 5]}
    if said == "not" and following is not None and following.key in _WANTED and later & _FOR_NOW:
        return True
    subject = clause.at(index - 1)
    if said == "not" and subject is not None and subject.key in ("do", "does", "did"):
        # "the integration suite does not cover the refunds": as "doesn't".
        said = "didnot" if subject.key == "did" else "doesnot"
        subject = clause.at(index - 2)
    if said == "never" and subject is not None and subject.key in _HAVE_DONE:
        return True  # "I've never written a Dockerfile in my life": what is so
    wished = clause.at(index + 2)
    wanting = said in ("donot", "dont") and following is not None and following.key == "want"
    worried = wished is not None and (
        wished.key in ("them", "anyone", "anybody", "it", "that") or wished.key in _OTHERS
    )
    # "i dont want to get hacked", "we don't want to be the next breach": a worry too.
    passive = [c.key for c in clause.items[index + 2 : index + 4]] in (["to", "get"], ["to", "be"])
    if wanting and (worried or passive):
        return True  # "I don't want them to find anything dumb": a worry
    if said in ("donot", "dont", "doesnot", "didnot") and subject is not None:
        things = subject.kind in ("CONCEPT", "NOUN") or subject.key in _PARTS_OF
        if things and following is not None and following.key in _DOING:
            return True  # "some queries don't use index", "the logs don't show ids"
    if said in ("donot", "dont", "doesnot", "didnot") and following is not None:
        # "honestly I don't know": what someone does not know; "and don't
        # even have a Dockerfile yet": what is missing.
        having = following.key in ("have", "has") or (
            following.key == "even"
            and (then := clause.at(index + 2)) is not None
            and then.key in ("have", "has")
        )
        # "we don't seem to have any automated checks": what is missing, hedged.
        seeming = [c.key for c in clause.items[index + 1 : index + 4]]
        having = having or seeming in (["seem", "to", "have"], ["appear", "to", "have"])
        # "my group didn't decide the name yet": what someone has not done.
        undone = said == "didnot" and subject is not None and following.kind == "WORD"
        having = having or (undone and not _asks_here(clause))
        knowing = index > 0 and following.key in _KNOWING
        return knowing or having or _unchanging(subject, following)
    if said == "never" and index > 0 and following is not None:
        # "support can never trace a complaint back to a request": what
        # cannot be done today.
        return clause.items[index - 1].key in _ABLE and following.kind in ("WORD", "FUNCTION")
    unable = any(
        c.key == "not" and i > 0 and clause.items[i - 1].key in _ABLE
        for i, c in enumerate(clause.items[:index])
    )
    if said == "without" and not _asks_here(clause):
        # "our logs show random IPs calling DELETE without credentials": what
        # happens today, in a clause that asks for nothing.
        return True
    cannot = any(c.key in ("cannot", "cant") for c in clause.items[index + 1 :])
    if said == "without" and (unable or cannot):
        # "can't correlate logs across replicas without a request id": what
        # is missing today.
        return True
    polled = [c for c in clause.items[index + 1 : index + 4] if c.key in _POLLING]
    if said == "without" and polled:
        return True  # "update live without the browser polling": the problem solved
    if said == "without" and following is not None and following.key in ("it", "them", "this"):
        # "debugging prod is a nightmare without it": why it is wanted;
        # "tracing a payment without it is too hard": the same, said first.
        hard = any(c.key in _HARD for c in clause.items[index + 2 :])
        return index + 2 >= len(clause.items) or hard
    if said in ("no", "nomore") and following is not None and following.key in _EXCLUSIVE:
        # "the strict envelope only, no other error formats", "one strict shape -
        # no more bespoke formats": only that one.
        return True
    if said not in ("no", "not"):
        return False
    if said == "not" and _unchanging(subject, following):
        return True  # "the data not change so much": how it is, in a learner's words
    if said == "not" and following is not None and following.key in ("just", "only"):
        return True  # "the pets themselves, not just the appointments": more than that
    if said == "not" and subject is not None and subject.key in _COPULAS | {"'m"}:
        speaker = clause.at(index - 2)
        state = clause.at(clause.skip(index + 1, "FUNCTION") if following else index + 1)
        if speaker is not None and speaker.key in ("i", "we", "you", "they"):
            return True  # "I'm not technical at all": who speaks
        wanted = state is not None and state.key in _WANTED
        stative = state is not None and state.kind in ("WORD", "VAGUE")
        if stative and not wanted and not clause.kinds("VERB"):
            return True  # "the queries weren't very efficient": how they are
    after_comma = subject is not None and subject.kind == "SEP" and subject.key == ","
    if said == "not" and (after_comma or (index == 0 and clause.preceding is not None)):
        # "a real-time socket connection, not email": rather than that.
        tail = clause.items[index + 1 :]
        if tail and all(c.kind in ("WORD", "UNSUPPORTED", "FUNCTION") for c in tail):
            return True
    said_after = clause.items[index + 1 : index + 3]
    if said == "not" and any(c.key in _TRADES for c in said_after):
        return True  # "I'm DevOps not python dev", "not a backend engineer": who speaks
    if said == "not" and following is not None and following.key in _SELF_SAID:
        # "not a web dev by trade", "I'm not sure how errors should look": who
        # speaks, or what they do not know.
        return True
    if index > 0 and clause.items[index - 1].key == "why":
        # "why no logs have request id?": a problem asked about.
        return True
    before = clause.at(index - 1)
    first = clause.at(clause.skip(0, "THEN", "SEP"))
    asked = (first is not None and first.key in _QUESTIONS) or any(
        c.key in _QUESTIONS | {"whether", "if"} for c in clause.items[:index]
    )
    if before is not None and before.key == "or" and index == len(clause.items) - 1 and asked:
        # "is this ready for production or not", "we want to know is it
        # ready or not": a yes-or-no question, not a removal.
        return True
    if before is None:
        # "..., and no CI yet" after "there is no Dockerfile"; "the logs are
        # useless, no request id": what is missing, after how things are.
        return after_state and clause.items[index].key == "no"
    if said == "no" and before.key in _REASONS and not _asks_here(clause):
        return True  # "the list is slow because no pagination and no index"
    after = clause.at(index + 1)
    if clause.items[index].key == "not" and after is not None:
        # "we can't correlate requests", "logs could not be read": what
        # cannot be done today is a problem stated, not a removal.
        unable = before.key in _ABLE and (
            after.kind in ("WORD", "FUNCTION") or after.key in _PERCEIVING
        )
        # "our API hasn't had any security review yet": what has not happened.
        unhappened = before.key in ("has", "have", "had") and after.key in _HAPPENED
        # "is not having any test now": how it is.
        unhappened = unhappened or (before.key in _COPULAS and after.key in ("having", "getting"))
        # "tell me what is not production grade": what is not right yet.
        unknown = before.key in ("do", "does", "did") and after.key in _KNOWING
        # "pooling is not configured" (read "configure"): a state.
        unknown = unknown or (before.key in _COPULAS and after.kind == "VERB")
        asked = before.key in _COPULAS and (ahead := clause.at(index - 2)) is not None
        asked = asked and ahead is not None and ahead.key in ("what", "which", "anything")
        if unable or unhappened or unknown or asked:
            return True
    # "our api is not tested", "responses are not cached": a state.
    participle = (
        clause.items[index].key == "not"
        and after is not None
        and after.kind == "CONCEPT"
        and after.key.endswith("ed")
        and before.key in ("is", "are", "was", "were")
    )
    hedged = before.key in _ADVERBS | _HEDGES and _unhappy(clause, index)
    return hedged or (
        before.kind in ("FUNCTION", "OPEN")
        and before.key in _STATING
        and (clause.items[index].key == "no" or participle or _unhappy(clause, index))
    )


_ABLE = frozenset({"can", "could", "cannot"})
# "I don't want customers to be the ones who find the bugs": a worry about others.
_OTHERS = frozenset({"customers", "users", "clients", "people", "visitors", "attackers"})
_HARD = frozenset({"hard", "impossible", "painful", "difficult", "nightmare", "slow", "tedious"})
_CHANGING = frozenset({"change", "changes", "changing", "update", "updates", "vary", "move"})
# "no other error formats", "no raw detail strings": only what is asked.
_EXCLUSIVE = frozenset(
    {"other", "raw", "legacy", "plain", "bare", "bespoke", "custom", "adhoc", "ad-hoc", "oneoff"}
)
_ROUTE_WORDS = frozenset(
    {"ones", "endpoint", "endpoints", "route", "routes", "requests", "calls", "methods", "method"}
)
_POLLING = frozenset({"polling", "refresh", "refreshing", "reloading", "reload", "f5"})
_HAVE_DONE = frozenset({"have", "has", "had", "i", "we", "ive", "weve", "they"})
_PARTS_OF = frozenset({"some", "most", "they", "it", "these", "those", "others"})
_DOING = frozenset(
    {"use", "have", "show", "carry", "include", "return", "match", "work", "scale", "get", "hit"}
    | {"hammer", "overload", "melt", "crash", "block", "cover", "test", "check", "catch"}
)
# "can't find the matching logs": what cannot be found or seen, not a verb of ours.
_PERCEIVING = frozenset({"find", "see", "tell", "track", "trace", "debug", "reproduce", "read"})
_SELF_SAID = frozenset({"sure", "certain", "familiar", "native", "expert", "a", "an"})
_TRADES = frozenset({"dev", "developer", "engineer", "programmer", "coder", "person", "guy"})
_KNOWING = frozenset({"know", "understand", "think", "care", "mind", "trust", "see"})
_HAPPENED = frozenset({"had", "been", "got", "gotten", "seen", "done", "received"})


def _unchanging(subject: Chunk | None, following: Chunk | None) -> bool:
    # "the data doesn't change much", "the data not change so much": how
    # something is, said of it.
    said_of = subject is not None and (
        subject.kind in ("WORD", "NOUN", "CONCEPT") or subject.key in _PARTS_OF
    )
    return said_of and following is not None and following.key in _CHANGING


def _unhappy(clause: _Clause, index: int) -> bool:
    # "the lead is not happy", "the numbers are not great": how someone or
    # something is, in a clause that asks for nothing.
    before, after = clause.at(index - 1), clause.at(index + 1)
    if before is not None and before.key in _ADVERBS | _HEDGES:
        before = clause.at(index - 2)  # "that is obviously not great"
    if clause.items[index].key != "not" or before is None or before.key not in _COPULAS:
        return False
    # "the error responses is not same format every time": alike or not.
    same = after is not None and (after.key in ("always", "all") or after.key.startswith("same"))
    # "exception handling is not proper": how it is, though "proper" is a filler.
    judged = after is not None and after.key in _JUDGED
    if after is None or (after.kind not in ("WORD", "VAGUE") and not same and not judged):
        return False
    if after.key in _WANTED:
        return False
    # "the errors are not uniform": a feature may be the subject, never asked
    # for after the word nor by a verb.
    if any(c.kind == "VERB" for c in clause.items[:index]):
        return False
    asking = _ASKING_KINDS - {"NOUN", "CONCEPT"} if same else _ASKING_KINDS
    rest = clause.items[index:]
    ended = next((i for i, c in enumerate(rest) if c.kind == "SEP" and c.text in ".!?"), len(rest))
    return not any(c.kind in asking for c in rest[:ended])


_COPULAS = frozenset({"is", "are", "was", "were", "am"})
_ABSENT = frozenset({"there", "present", "available", "implemented", "configured"})
_BOTHERING = frozenset({"asking", "bothering", "pinging", "waiting", "calling", "emailing"})
_FOR_NOW = frozenset({"fornow", "yet", "atthemoment", "atthispoint", "atthisstage", "rightnow"})
_JUDGED = frozenset(
    {"proper", "properly", "standard", "correct", "correctly", "right", "ok", "okay", "acceptable"}
)
_HEDGES = frozenset({"obviously", "clearly", "really", "honestly", "just"})
_WANTED = frozenset(
    {"needed", "wanted", "required", "necessary", "used", "useful", "allowed", "supported"}
)


_REASONS = frozenset({"because", "since", "cause", "cuz", "as"})


def plain_statement(clause: _Clause) -> bool:
    """The clause says how something is: "the api is slow", "our logs were useless"."""
    for index, chunk in enumerate(clause.items):
        if chunk.key in _COPULAS and index > 0:
            return not any(c.kind == "VERB" for c in clause.items[:index])
    return done_today(clause)


def done_today(clause: _Clause) -> bool:
    """ "SQLAlchemy sessions opened per call": what is done today, said of it."""
    if clause.kinds("VERB"):
        return False
    items = [c for c in clause.items if c.kind != "SEP"]
    return any(
        c.kind == "WORD"
        and c.key.endswith("ed")
        and c.key not in _WANTED
        and items[index - 1].kind in ("WORD", "CONCEPT", "NOUN")
        for index, c in enumerate(items[:-1])
        if index > 0
    )


def _refuse_negation(clause: _Clause, sentence: str, after_state: bool = False) -> bool:
    negations = [i for i in clause.kinds("NEGATION") if i not in clause.used]
    if not negations:
        return False
    if all(_stated(clause, i, after_state) for i in negations):
        clause.used.update(negations)
        # "because no pagination": what is missing, named, is not asked for.
        clause.used.update(
            i + 1
            for i in negations
            if i + 1 < len(clause.items) and clause.items[i + 1].kind == "UNSUPPORTED"
        )
        for i in negations:
            other = clause.at(i + 1)
            if other is not None and other.key in _EXCLUSIVE:
                # "no other error formats", "no raw detail strings": the one
                # asked is all; none more.
                clause.used.update(range(i + 1, clause.skip(i + 2, "CONCEPT", "NOUN", "WORD")))
        if negations[0] == clause.skip(0, "SEP", "THEN") and not clause.kinds("VERB"):
            # "..., and no pagination on the lists": all of it is what is missing.
            clause.used.update(
                i for i, c in enumerate(clause.items) if c.kind in ("WORD", "OPEN", "NOUN")
            )
        return True
    # "add eager loading to avoid N+1 queries": what follows the word is a
    # problem, and removing a problem is the optimisation.
    keys = {c.key for c in clause.items[negations[0] :] if c.kind == "CONCEPT"}
    if all(clause.items[i].key in _REMOVED for i in negations):
        # "I want the N+1 queries removed": the problem is said before.
        keys = {c.key for c in clause.items[: negations[-1]] if c.kind == "CONCEPT"}
    # "no N+1 on workout -> exercises" in a list of requirements: none wanted.
    fixing = all(
        clause.items[i].key in _FIXING | _REMOVED
        or (
            clause.items[i].key == "no"
            and (c := clause.at(i + 1)) is not None
            and c.key in _PROBLEMS
        )
        for i in negations
    )
    if fixing and keys and keys <= _PROBLEMS | {"queries", "query"}:
        clause.used.update(negations)
        return False
    if all(_stops_a_problem(clause, i) for i in negations):
        # "stop leaking stack traces", "stop running uvicorn on bare metal":
        # a problem described by what the app does, not a feature removed.
        clause.used.update(negations)
        clause.problem = not keys
        return False
    if all(
        no_need_to(clause, i) and (spared := clause.at(i + 3)) is not None and spared.key in _SPARED
        for i in negations
    ):
        # "cache the banners, no need to hit the DB again": what it spares.
        clause.used.update(negations)
        return True
    from fastprod.language._refusals import removal_refused

    raise _Removal(removal_refused(sentence), clause.items[negations[0]].position, suggestions=())


_REMOVED = frozenset({"removed", "deleted", "rippedout", "takenout"})


_ADDED_WHEN_NEEDED = frozenset(
    {"add", "write", "create", "build", "set", "setup", "implement", "make"}
)


def no_need_to(clause: _Clause, index: int) -> bool:
    """ "no need to" at ``index``: what follows is what a request spares doing."""
    return [c.key for c in clause.items[index : index + 3]] == ["no", "need", "to"]


# What a request spares doing: "no need to hit the DB again".
_SPARED = frozenset(
    {"hit", "query", "call", "ask", "fetch", "load", "recompute", "recalculate", "reload", "go"}
)


def _lacks_today(clause: _Clause) -> bool:
    """ "we don't have redis", "I don't really get how to test": what a person
    has, uses or knows today, not a removal: the clause is context."""
    for index in clause.kinds("NEGATION"):
        if clause.items[index].key not in _DOES_NOT or index == 0:
            continue
        if _unable(clause, index):
            return True
        if clause.items[index - 1].key not in _PERSONS:
            continue
        at = index + 1
        while (verb := clause.at(at)) is not None and verb.key in _ADVERBS:
            at += 1
        if verb is not None and verb.key in ("seem", "appear"):
            # "we don't seem to have any tests": as "we don't have".
            to = clause.at(at + 1)
            verb = clause.at(at + 2) if to is not None and to.key == "to" else verb
        if verb is not None and verb.key in _HAVING_TODAY:
            return True
    return False


def _there_is(clause: _Clause, index: int) -> bool:
    at = index - 1
    while at >= 0 and clause.items[at].key in ("still", "currently", "yet", "really", "literally"):
        at -= 1
    return at >= 1 and clause.items[at - 1].key == "there" and clause.items[at].key in _COPULAS


def _unable(clause: _Clause, index: int) -> bool:
    # "our customer can not trace a failing request", "on-call could not find
    # anything": what someone is unable to do today, before any verb of ours.
    if index < 2 or clause.items[index].key != "not":
        return False
    can, who = clause.items[index - 1], clause.items[index - 2]
    doer = who.key in _PERSONS or who.kind in ("WORD", "NOUN", "UNSUPPORTED")
    following = clause.at(index + 1)
    acts = following is not None and following.kind in ("WORD", "CONCEPT")
    ours = any(c.kind == "VERB" for c in clause.items[:index])
    # "we can't tie log lines from one request together": the logs lack what
    # the logging adds; that is the problem stated, not only how things are.
    traced = following is not None and following.key in _TYING
    traced = traced and any(c.intent == "logging" for c in clause.items[index + 1 :])
    return can.key in ("can", "could") and doer and acts and not ours and not traced


def _asks_here(clause: _Clause) -> bool:
    from fastprod.language._commands import _asks

    return _asks(clause)


_TYING = frozenset({"tie", "correlate", "connect", "link", "group", "match", "join", "stitch"})
_DOES_NOT = frozenset({"donot", "dont", "doesnot", "didnot", "not", "cannot", "cant"})
_PERSONS = frozenset({"we", "i", "they", "he", "she", "you"})
_ADVERBS = frozenset({"really", "actually", "even", "currently", "yet", "always", "fully"})
_HAVING_TODAY = frozenset(
    {"have", "has", "use", "know", "get", "understand", "see", "find", "run", "support", "trust"}
)


# "do not touch auth", "don't change anything yet", "never write tests": a
# limit set beside a command, not a removal asked for.
_LIMITING = frozenset({"donot", "dont", "never"})
_TOUCHING = frozenset(
    {
        "touch",
        "change",
        "modify",
        "edit",
        "alter",
        "write",
        "add",
        "break",
        "commit",
        "push",
        "deploy",
        "run",
        "mess",
        "refactor",
        "rename",
        "create",
        "overwrite",
        "apply",
        "fix",
    }
)


_CHANGES = frozenset(
    {
        "changes",
        "change",
        "edits",
        "modifications",
        "writes",
        "changing",
        "touching",
        "modifying",
        "editing",
        "fixes",
        "fixing",
    }
)


# What a limit may say is left unchanged: "without changing any code".
_CHANGED_PLACES = frozenset(
    {"code", "codebase", "repo", "repository", "app", "application", "project", "api", "files"}
)
# "without any changes being made", "no changes pushed to the repo".
_MADE = frozenset({"made", "done", "applied", "pushed", "committed", "written"})
# What a limit may say stays unchanged: "no file changes", "no code changes".
_CHANGED = frozenset({"file", "files", "source"})


def _limit(clause: _Clause) -> bool:
    """True when the clause only sets a limit ("don't touch the database", "no changes")."""
    negations = clause.kinds("NEGATION")
    if len(negations) != 1:
        return False
    negation = clause.items[negations[0]]
    following = clause.at(negations[0] + 1)
    said = [c for c in clause.items[: negations[0]] if c.kind != "FUNCTION"]
    if negation.key == "no" and following is None and said:
        # "only the report, the code no": what stays unchanged, then "no".
        return all(c.key in _CHANGED | {"code"} | _CHANGES for c in said)
    if negation.key in ("no", "without") and following is not None:
        # "no changes please", "without changing anything", "no code changes"
        changes = clause.skip(negations[0] + 1, "FUNCTION", "NOUN")
        while (chunk := clause.at(changes)) is not None and chunk.key in _CHANGED:
            changes += 1
        following = clause.at(changes)
        rest = clause.items[changes + 1 :]
        # "without changing any code", "without any changes being made to the
        # code": what would change, and how.
        return (
            following is not None
            and following.key in _CHANGES
            and all(
                c.kind in ("FUNCTION", "THEN", "OPEN")
                or (c.kind == "NOUN" and c.key in _CHANGED_PLACES)
                or c.key in _MADE
                for c in rest
            )
        )
    if negation.key not in _LIMITING:
        return False
    before = clause.items[: negations[0]]
    # "only the score, don't change anything": what to give, then the limit.
    only = bool(before) and before[0].key in ("only", "just") and len(before) <= 4
    if any(c.kind not in ("FUNCTION", "THEN") for c in before) and not (
        only and all(c.kind in ("FUNCTION", "THEN", "VERB", "WORD", "NOUN") for c in before)
    ):
        return False
    verb = clause.at(clause.skip(negations[0] + 1, "FUNCTION"))
    return verb is not None and verb.key in _TOUCHING and verb.kind in ("VERB", "WORD")


def _stops_a_problem(clause: _Clause, index: int) -> bool:
    following = clause.at(index + 1)
    before = clause.at(index - 1)
    if (
        clause.items[index].key == "not"
        and before is not None
        and before.key in ("should", "must")
        and following is not None
        and following.key == "be"
    ):
        # "we shouldn't be recomputing it on every call": what it should stop doing.
        following = clause.at(index + 2)
    elif clause.items[index].key not in ("stop", "avoid"):
        return False
    trouble = clause.at(clause.skip(index + 1, "FUNCTION"))
    if trouble is not None and trouble.key in _TROUBLES:
        return True  # "to stop the regressions in the pipeline, write tests"
    if following is None or following.kind not in ("WORD", "CONCEPT"):
        return False
    doing = following.text.split()[0].lower()
    return doing.endswith("ing") and doing not in (
        "using",
        "adding",
        "caching",
        "logging",
        "testing",
    )


_TROUBLES = frozenset(
    {"regression", "regressions", "bug", "bugs", "outage", "outages", "crash", "crashes"}
    | {"incident", "incidents", "breakage", "breakages", "leak", "leaks", "timeouts"}
    | {"downtime", "surprises", "fires", "flakiness"}
)


_PHRASAL = frozenset(
    {"focus", "come", "comes", "coming", "came", "rely", "relies", "depend", "depends"}
    | {"count", "counting", "plug", "opt", "log", "sign", "check", "build", "look"}
)


def _refuse_unfinished(clause: _Clause) -> None:
    # "create crud for", "add caching to the", "a new project called",
    # "with fields title": the phrase stops before the words it opens.
    end = len(clause.items)
    while (
        end > 0
        and clause.items[end - 1].kind == "FUNCTION"
        and clause.items[end - 1].key in _DETERMINERS
        # "any security holes in this?": "this" is the app, not a determiner
        and not (end == len(clause.items) and clause.items[end - 1].key in ("this", "that"))
    ):
        end -= 1
    last = clause.at(end - 1)
    dangling = clause.at(len(clause.items) - 1)
    if end < len(clause.items) and dangling is not None and dangling.key in ("the", "a", "an"):
        # "cache the", "add a": an article with nothing after it.
        message, suggestions = _UNFINISHED.get(
            _first_intent(clause),
            (f"The sentence stops after '{dangling.text}': say what it is for.", ()),
        )
        raise Failure(message, dangling.position, suggestions=suggestions)
    purpose = end - 1 in clause.used and last is not None and last.kind == "OPEN"
    # "... which areas to focus my testing on", "when new orders come in": a
    # verb's own particle ends the phrase.
    phrasal = last is not None and any(
        c.kind == "WORD" and c.key in _PHRASAL for c in clause.items[: end - 1]
    )
    particle = phrasal and last is not None and last.kind == "OPEN"
    following = clause.following
    heading = (
        last is not None
        and last.kind == "COLON"
        and following is not None
        and any(c.kind == "CONCEPT" for c in following.items)
    )
    if heading:
        # "... asked for two things before the release: first, an audit, and
        # second, a security review": the heading of what follows.
        clause.used.update(range(len(clause.items)))
        return
    if (
        last is not None
        and last.kind in ("OPEN", "COLON", "LPAR", "NEW")
        and not purpose
        and not particle
    ):
        # "... so cooks see new orders the moment they come in": a purpose
        # may end on its particle.
        message, suggestions = _UNFINISHED.get(
            _first_intent(clause),
            (f"The sentence stops after '{last.text}': say what it is for.", ()),
        )
        raise Failure(message, last.position, suggestions=suggestions)
    crud = any(c.intent == "crud" for c in clause.items) or not clause.kinds("CONCEPT")
    for chunk in clause.items if crud else ():
        if chunk.kind == "FIELDS_WORD":
            raise Failure(
                "Write fields as name:type, e.g. 'with fields title:str, done:bool'.",
                chunk.position,
                suggestions=("create a CRUD feature for tasks with fields title:str, done:bool",),
            )


def _first_intent(clause: _Clause) -> str:
    return next((c.intent for c in clause.items if c.intent), "")


# Rate limiting is part of auth's sign-in: "rate limit the login endpoint".
_LIMITED = frozenset(
    {"ratelimit", "ratelimiting", "ratelimits", "ratelimiter", "throttle", "throttling"}
)


_RATE_LIMIT = (
    "fastprod has no '{}' of its own: the login that 'add authentication' writes is rate "
    "limited, but it adds no limit to a login the project has, so nothing was run."
)


def _first_auth(clause: _Clause) -> int:
    return next(i for i, c in enumerate(clause.items) if c.intent == "auth")


_PLACES = frozenset(
    {
        "service",
        "services",
        "router",
        "routers",
        "module",
        "modules",
        "endpoint",
        "endpoints",
        "route",
        "routes",
        "page",
        "pages",
        "feature",
        "features",
        "api",
        "apis",
    }
)


_HOOKS = frozenset({"callback", "callbacks", "webhook", "webhooks", "hooks", "flow", "flows"})


def _names_a_place(clause: _Clause, index: int) -> bool:
    # "add logging to the payments service": a part of the app named after
    # a feature fastprod lacks is only where the feature goes.
    following = clause.at(index + 1)
    # "a review of the payments API": the review's scope is read as function words.
    before = [
        c for c in clause.items[max(0, index - 3) : index] if c.kind != "FUNCTION" or c.key == "of"
    ]
    return (
        following is not None
        and (
            (following.kind in ("NOUN", "FUNCTION") and following.key in _PLACES)
            # "a security review of the payment callbacks": where they come in.
            or following.key in _HOOKS
        )
        and bool(before)
        and before[-1].kind in ("OPEN", "FUNCTION")
        and before[-1].key in ("to", "in", "on", "for", "into", "across", "of")
        and any(c.kind == "CONCEPT" for c in clause.items[:index])
    )


def _a_column(clause: _Clause, index: int) -> bool:
    # "lookups by customer email", "the users table has no index on email":
    # the e-mail address kept in a column, not a feature sending e-mail.
    if clause.items[index].key not in ("email", "emails"):
        return False
    before = clause.at(index - 1)
    if before is None or before.key not in ("by", "on", "customer", "user", "users"):
        return False
    return any(c.intent == "optimize_db" or c.key in _SLOW for c in clause.items)


_SLOW = frozenset({"slow", "slower", "slowly", "scan", "scans", "lookups", "lookup", "searching"})


def _shown_to(clause: _Clause, index: int) -> bool:
    # "no tracebacks in the frontend": where an error's details would show,
    # not a front end to build.
    if clause.items[index].key not in _CONSUMERS:
        return False
    at = index - 1
    while at >= 0 and clause.items[at].key in ("the", "our", "a"):
        at -= 1
    opener = clause.at(at)
    placed = opener is not None and opener.key in ("to", "in", "on", "into")
    return placed and any(c.key in _SHOWN_ERRORS for c in clause.items)


_SHOWN_ERRORS = frozenset(
    {"traceback", "tracebacks", "stacktrace", "stacktraces", "hiddenstacktraces"}
)


def _refuse_unsupported(clause: _Clause) -> None:
    signing_in = any(c.intent == "auth" for c in clause.items)
    for index in clause.kinds("UNSUPPORTED"):
        if _people(clause, index):
            clause.used.add(index)  # "the mobile team wants ...": people, not a feature
        before = clause.at(index - 1)
        if before is not None and before.key in _COPULAS and not clause.kinds("VERB"):
            clause.used.add(index)  # "the upstream api is rate limited": how it is
        after = clause.at(index + 1)
        subject = index == clause.skip(0, "FUNCTION", "SEP", "THEN")
        doing = after is not None and (after.key in _COPULAS or after.key.endswith("s"))
        if subject and doing and clause.items[index].key in _CONSUMERS | _EVENTS:
            # "the frontend is polling every second": a client; "when a
            # payment fails": what happens in the app.
            clause.used.add(index)
        ends = [c.key for c in clause.items[max(0, index - 6) : index]]
        if "between" in ends and clause.items[index].key in _CONSUMERS:
            clause.used.add(index)  # "a realtime channel between frontend and backend"
        if signing_in and clause.items[index].key in _LIMITED:
            if index < _first_auth(clause):
                # "rate limit my login endpoint": a limit on a login the
                # project has; auth writes a rate-limited login of its own.
                raise Failure(
                    _RATE_LIMIT.format(clause.items[index].text),
                    clause.items[index].position,
                    suggestions=("add authentication to my API",),
                )
            clause.used.add(index)
        if _names_a_place(clause, index):
            clause.used.add(index)
        if _a_column(clause, index) or _shown_to(clause, index):
            clause.used.add(index)
        if index not in clause.used:
            chunk = clause.items[index]
            raise Failure(f"fastprod has no feature called '{chunk.text}'.", chunk.position)


def _refuse_frameworks(found: Sequence[Chunk]) -> None:
    # "add logging to my Express app": another framework's project is not one
    # fastprod can change, whatever the feature.
    for chunk in found:
        if chunk.kind == "FRAMEWORK":
            raise Failure(
                f"fastprod works on FastAPI projects; '{chunk.text}' is another framework.",
                chunk.position,
                suggestions=(),
            )


# Words that send to a client: "stream updates to the mobile app" names where
# what the API sends goes, not a mobile app to change.
_SENDING = _Pattern(
    r"\b(?:push(?!\s+notifications?)|pushes|pushed|pushing|stream\w*|send\w*|broadcast\w*"
    r"|deliver\w*|notif(?:y|ies|ied)|emit\w*|sync\w*|forward\w*)\b",
    re.IGNORECASE,
)
_ELSEWHERE = (
    "fastprod changes FastAPI APIs only (auth, caching, logging, tests, deployment and its other "
    "features); '{}' is not part of one, so nothing was run."
)
_SIGNING_OUT = (
    "'{}' is signing out, not logging: fastprod adds request logging, auth and its other "
    "features to a FastAPI API; it signs no one out, so nothing was run."
)
_SIGNING_IN = (
    "'{}' is signing someone in, not logging: fastprod adds request logging, auth and its other "
    "features to a FastAPI API; it signs no one in, so nothing was run."
)
_OPERATE = (
    "'{}' is work on a running system or its data: fastprod changes a FastAPI project's code "
    "(auth, caching, logging, tests, deployment files and its other features), so nothing was run."
)
_QUESTION = (
    "'{}' asks a question; fastprod answers none: it changes a FastAPI project (auth, caching, "
    "logging, tests, deployment and its other features), so nothing was run."
)
_UNSAFE = (
    "fastprod does not make an app less safe or attack anyone; '{}' was not run. It can review "
    "your API's security instead."
)


def _refuse_elsewhere(found: Sequence[Chunk], sentence: str) -> None:
    # "make the login page look nicer with tailwind", "hardcode the JWT
    # secret": a target that is not this API, or a change that weakens it, is
    # refused whatever feature word the sentence also holds.
    for index, chunk in enumerate(found):
        if chunk.kind == "UNSAFE":
            raise Failure(
                _UNSAFE.format(chunk.text), chunk.position, suggestions=("run a security review",)
            )
        if chunk.kind == "QUESTION":
            raise Failure(_QUESTION.format(chunk.text), chunk.position, suggestions=())
        if chunk.kind == "OPERATE":
            raise Failure(_OPERATE.format(chunk.text), chunk.position, suggestions=())
        if chunk.kind != "ELSEWHERE":
            continue
        verbs = [c for c in found[:index] if c.kind == "VERB"]
        if re.match(r"(?:to|in|into|inside|on)\s", chunk.text.lower()):
            since = verbs[-1].position if verbs else 0
            if not verbs or _SENDING.compiled().search(sentence, since, chunk.position):
                continue
        if chunk.key.startswith(("log", "sign")) and chunk.key.endswith(("out", "of")):
            raise Failure(_SIGNING_OUT.format(chunk.text), chunk.position, suggestions=())
        if chunk.key.startswith(("log", "sign")) and chunk.key.endswith(("in", "into")):
            raise Failure(_SIGNING_IN.format(chunk.text), chunk.position, suggestions=())
        raise Failure(_ELSEWHERE.format(chunk.text), chunk.position, suggestions=())


def _refuse_unread_names(clauses: Sequence[_Clause]) -> None:
    # "called please just make it work", "cache /etc/passwd for the admin": a
    # naming word with no name read after it, or a path nothing took, would
    # drop what the person named; refuse rather than run without it.
    for clause in clauses:
        for index, chunk in enumerate(clause.items):
            if index in clause.used:
                continue
            named = clause.skip(index + 1, "FUNCTION")
            if (
                chunk.kind == "OPEN"
                and chunk.key in _NAMING
                and chunk.key != "name"
                and named not in clause.used
            ):
                raise Failure(
                    f"No name was read after '{chunk.text}': name it in a few words, "
                    "e.g. 'a new FastAPI project called shop'.",
                    chunk.position,
                    suggestions=("set up a new FastAPI project called shop",),
                )
            if chunk.kind == "PATH":
                raise Failure(
                    f"'{chunk.text}' is not read by the command it stands in; nothing was run.",
                    chunk.position,
                    suggestions=(),
                )


# Who consumes the API: named in a purpose, they ask for nothing themselves.
_EVENTS = frozenset({"payment", "payments", "checkout", "checkouts"})
_CONSUMERS = frozenset(
    {"frontend", "frontends", "mobile", "ios", "android", "ui", "desktop", "iphone", "client"}
)


def _purpose_tail(clause: _Clause) -> None:
    """Mark what a request is for as read: "add request ids to the logs so we
    can follow one payment", "... so the finance people can't see admin stuff".

    From a "so" after the request, the free words, negations and features
    fastprod lacks say why, never what to add; parameters there still count.
    """
    for index, chunk in enumerate(clause.items):
        if chunk.kind != "FUNCTION" or chunk.key != "so" or index == 0:
            continue
        following = clause.at(index + 1)
        if following is None or following.kind == "VERB" or following.key in _POLITE_WORDS:
            continue  # "..., so please add a note resource": then, not why
        if following.kind == "CONCEPT" and following.key in _VERBLIKE:
            continue  # "we launch friday so dockerize it": then, not why
        before = clause.items[:index]
        tail = clause.items[index:]
        # "... so we do not leak stack traces": what the purpose says does not happen.
        negated = next((i for i, c in enumerate(tail) if c.kind == "NEGATION"), len(tail))
        # "... so the db does not melt": the subject of what does not happen.
        subject = negated
        while subject > 1 and tail[subject - 1].kind == "FUNCTION":
            subject -= 1
        if subject < negated and tail[subject - 1].kind == "CONCEPT":
            subject -= 1
        if any(c.kind in _ASKING_KINDS or c.key in _RESOURCE_NOUNS for c in tail[:subject]):
            _reason_before(clause, index)
            continue  # "..., so an endpoint set for leave_requests with ...": the request
        if not any(c.kind in ("CONCEPT", "VERB", "NEW", "FIELDS", "ROLES") for c in before):
            continue
        for at in range(index, len(clause.items)):
            if clause.items[at].kind in _PURPOSE_KINDS or at - index >= subject:
                clause.used.add(at)
        return


def _when_tail(clause: _Clause) -> None:
    """Mark when a request is wanted as read: "tests for the auth endpoints
    before anyone touches login again", "... until the team moves to redis".

    From a time word after a request, with someone doing something after it,
    the words and features say when, never what to add.
    """
    for index, chunk in enumerate(clause.items):
        if chunk.key not in _LATER or index == 0:
            continue
        subject, verb = clause.at(index + 1), clause.at(index + 2)
        if subject is not None and subject.key in ("the", "our", "my", "their"):
            verb = clause.at(index + 3)  # "before the team moves to redis"
        if subject is None or subject.key not in _WE | _ANYONE or verb is None:
            continue
        pronoun = subject.key in ("we", "i", "they", "you")
        if verb.kind != "WORD" or not (pronoun or verb.key.endswith(("s", "ed"))):
            continue
        before = clause.items[:index]
        if not any(c.kind in ("CONCEPT", "NEW", "FIELDS", "ROLES") for c in before):
            continue
        clause.used.update(range(index, len(clause.items)))
        return


_ANYONE = frozenset({"anyone", "anybody", "someone", "somebody", "everyone", "people"})


def _reason_before(clause: _Clause, index: int) -> None:
    # "we're onboarding datadog next sprint so we need structured logs": what
    # a person does, before the "so" of the request, is why.
    head = clause.items[:index]
    first = clause.skip(0, "FUNCTION")
    if not head or any(c.kind in _ASKING_KINDS or c.kind == "VERB" for c in head):
        return
    if not any(c.key in _PERSONS for c in clause.items[:first]):
        return
    for at, chunk in enumerate(head):
        if chunk.kind in ("WORD", "UNSUPPORTED", "NOUN", "NUMBER"):
            clause.used.add(at)


_POLITE_WORDS = frozenset({"please", "pls", "plz", "kindly", "just"})
_ASKING_KINDS = frozenset({"CONCEPT", "FIELDS", "ROLES", "STORE", "DURATION", "TTL"})
# What a purpose says that is never a request: free words, negations, features
# fastprod lacks, the people and places it names.
_PURPOSE_KINDS = frozenset(
    {"WORD", "NOUN", "UNSUPPORTED", "NEGATION", "VAGUE", "NUMBER", "ACCESS", "FUNCTION", "OPEN"}
)


def _skip_purpose(clause: _Clause) -> None:
    # "add error handling so the frontend can parse every failure", "a new
    # project called shop for the mobile app": the client an API serves is
    # context, read and shown as skipped, never a feature asked for.
    concept = next(iter(clause.kinds("CONCEPT", "NEW")), None)
    if concept is None:
        return
    for index in clause.kinds("UNSUPPORTED"):
        chunk = clause.items[index]
        if chunk.key in _CONSUMERS and (
            _shown_in(clause, index) or _people(clause, index) or _client_said(clause, index)
        ):
            clause.used.add(index)
        if index > concept and _later_step(clause, concept, index):
            # "JSON logs before we onboard to Datadog": what is done later,
            # once this is there, is when it is wanted, not asked for.
            clause.used.add(index)
        if chunk.key in _CONSUMERS and index + 1 == concept and index == clause.skip(0, "FUNCTION"):
            clause.used.add(index)  # "the frontend has to poll ...": who does what the feature ends
        if index < concept or chunk.key not in _CONSUMERS:
            continue
        opener = clause.items[clause.skip(concept, "CONCEPT") : index]
        so = any(c.kind == "FUNCTION" and c.key == "so" for c in opener)
        following = clause.at(index + 1)
        for_app = (
            any(c.kind == "OPEN" and c.key == "for" for c in opener[-3:])
            and following is not None
            and following.kind == "NOUN"
            and following.key in _APP_NOUNS
        )
        # "push events to the frontend", "stream updates to the mobile app":
        # where what the feature sends goes.
        to_client = any(c.kind == "OPEN" and c.key == "to" for c in opener[-2:]) and all(
            c.kind in ("OPEN", "FUNCTION") for c in opener[-2:]
        )
        if so or for_app or to_client or _for_client(opener, following):
            clause.used.add(index)


def _trailing(chunk: Chunk) -> bool:
    return chunk.kind in ("FUNCTION", "SEP") or chunk.key in ("tho", "though", "too")


# How a client is told apart from another: "my old frontend", "the web ui".
_CLIENT_AGES = frozenset({"old", "legacy", "existing", "current", "web", "new", "own"})


def _for_client(opener: list[Chunk], following: Chunk | None) -> bool:
    # "keep detail around for my old frontend tho": the client the change is
    # made for, named last (nothing but filler follows it).
    if following is not None and not _trailing(following):
        return False
    words = list(opener)
    while words and words[-1].kind == "WORD" and words[-1].key in _CLIENT_AGES:
        words.pop()
    if not words or words[-1].kind != "FUNCTION" or words[-1].key not in _WE | {"my", "their"}:
        return False
    return len(words) > 1 and words[-2].kind == "OPEN" and words[-2].key == "for"


# "our frontend guys", "the mobile team": people who work on a client.
_PEOPLE = frozenset(
    {
        "team",
        "teams",
        "guys",
        "folks",
        "people",
        "devs",
        "developers",
        "dev",
        "engineers",
        "engineer",
        "colleagues",
        "devs'",
        "lead",
    }
)


def _client_said(clause: _Clause, index: int) -> bool:
    # "our mobile client shows raw tracebacks": the client as the subject of
    # what is told, before the feature that fixes it.
    before, after = clause.at(index - 1), clause.at(index + 1)
    owned = before is not None and before.key in ("our", "the", "my", "their")
    client = after is not None and after.key in _CLIENTS
    features = clause.kinds("CONCEPT")
    return owned and client and bool(features) and features[0] > index


_CLIENTS = frozenset({"client", "clients", "app", "apps", "users", "customers"})


def _later_step(clause: _Clause, concept: int, index: int) -> bool:
    between = clause.items[concept + 1 : index]
    for at, chunk in enumerate(between):
        subject = between[at + 1] if at + 1 < len(between) else None
        if chunk.key in _LATER and subject is not None and subject.key in _WE:
            rest = between[at + 2 :]
            return all(c.kind in ("WORD", "FUNCTION", "OPEN") for c in rest)
    return False


_LATER = frozenset({"before", "until", "till", "once", "when", "after"})
_WE = frozenset({"we", "i", "they", "you", "everyone", "our", "the"})


def _people(clause: _Clause, index: int) -> bool:
    following = clause.at(index + 1)
    return following is not None and following.key in _PEOPLE


def _shown_in(clause: _Clause, index: int) -> bool:
    # "live order status updates in the ui": where what the feature sends is
    # shown; the clause must ask for the feature that sends it.
    start = max(0, index - 2)
    before = clause.items[start:index]
    sending = any(c.intent == "websocket" for c in clause.items)
    return (
        sending
        and bool(before)
        and before[0].kind == "OPEN"
        and before[0].key in ("in", "on", "inside")
        and all(c.kind == "FUNCTION" for c in before[1:])
    )


def _refuse_unread_code(clauses: Sequence[_Clause]) -> None:
    # "add caching `reboot`": words in backticks are code; a feature or a
    # name in them is read ("add `structured logging`"), a free word is not.
    for clause in clauses:
        for index, chunk in enumerate(clause.items):
            if chunk.code and index not in clause.used and chunk.kind == "WORD":
                raise Failure(
                    f"'{chunk.text}' in backticks is not part of a fastprod command; "
                    "nothing was run.",
                    chunk.position,
                    suggestions=(),
                )


def _engine_refused(engine: Chunk) -> Failure:
    return Failure(
        f"fastprod does not set up or switch database engines ('{engine.text}'): "
        "recipes work on the project's own database (SQLAlchemy, by DATABASE_URL).",
        engine.position,
    )


_ENGINE_CONCEPTS = frozenset({"postgres", "postgresql"})
_DATABASE_WORDS = frozenset({"database", "databases", "db", "sql", "postgres", "postgresql", "orm"})


def _refuse_engine_switch(clause: _Clause) -> None:
    # "switch the database to MySQL", "migrate to sqlite": a change of engine,
    # never an optimisation of the database named beside it.
    engines = clause.kinds("ENGINE")
    named = engines or [i for i, c in enumerate(clause.items) if c.key in _ENGINE_CONCEPTS]
    if named and any(c.key in MOVING for c in clause.items):
        raise _engine_refused(clause.items[named[0]])
    # "switch the ORM to Tortoise": a move of the database layer to a name
    # fastprod does not know is a switch too, never an optimisation.
    target = _moved_to(clause)
    if target is not None:
        raise _engine_refused(target)
    # "add a mysql database": the engine's database, not an optimisation.
    weak_only = all(c.key in _DATABASE_WORDS for c in clause.items if c.kind == "CONCEPT")
    if engines and weak_only and clause.kinds("CONCEPT"):
        raise _engine_refused(clause.items[engines[0]])


_ADDED_AS = frozenset(
    {"one", "single", "strict", "consistent", "new", "proper", "standard", "uniform", "unified"}
    | {"real", "actual", "structured", "standardised", "standardized", "common", "shared"}
    | {"mandatory", "canonical", "documented"}
)


def _refuse_altering(clause: _Clause) -> None:
    # "rename the admin role", "increase the JWT expiry to 24 hours", "replace
    # SQLAlchemy with Tortoise": a change to what the project has, not a
    # feature added; "replace prints with structured logging" adds one.
    lead_at = clause.skip(0, "FUNCTION", "SEP", "THEN")
    lead = clause.at(lead_at)
    if lead is None or lead.kind != "WORD" or lead.key not in _ALTERING:
        return
    if lead.key == "change" and not any(c.key in ("from", "to") for c in clause.items):
        return  # "change how errors look": what to add follows
    if lead.key in _SCALING and any(
        c.intent == "write_tests" or c.kind == "VAGUE" for c in clause.items
    ):
        return  # "increase test coverage", "decrease latency": a feature's aim
    for index, chunk in enumerate(clause.items[lead_at + 1 :], lead_at + 1):
        # "replace prints with structured logging", "decrease latency with caching"
        # "change the errors to the JSON envelope": a feature the change adds.
        if chunk.kind == "OPEN" and chunk.key in ("with", "by", "using", "through", "to", "into"):
            at = clause.skip(index + 1, "FUNCTION")
            while (word := clause.at(at)) is not None and word.key in _ADDED_AS:
                # "with one strict error envelope", "with one strict, standardised format"
                at = clause.skip(at + 1, "FUNCTION", "SEP")
            added = clause.at(at)
            # "replace redis with memcached": one store for another is a change.
            swapped = any(c.kind == "STORE" for c in clause.items[lead_at + 1 : index])
            if added is not None and added.kind in ("CONCEPT", "STORE") and not swapped:
                return
            # "replace polling with a connection manager": a part of the feature named.
            named = {c.intent for c in clause.items if c.intent}
            if added is not None and any(added.key in _PARTS.get(i, ()) for i in named):
                return
            # "replace every error response with one strict format"
            shaped = added is not None and added.key in ("format", "shape", "envelope", "schema")
            if shaped and (
                any(c.intent == "error_handling" for c in clause.items) or _errors_named(clause)
            ):
                return
    raise Failure(
        f"'{lead.text}' changes what the project already has; fastprod adds features (auth, "
        "caching, logging, tests, deployment and its others) and changes nothing else, so "
        "nothing was run.",
        lead.position,
        suggestions=(),
    )


def _errors_named(clause: _Clause) -> bool:
    """ "errors come back in five shapes; replace them with one format": what
    "them" stands for is the errors the clause before names."""
    before = clause.preceding
    pointing = any(c.key in ("them", "it", "those", "these") for c in clause.items)
    while pointing and before is not None:
        if any(c.intent == "error_handling" for c in before.items):
            return True
        before = before.preceding
    return False


_REPLACING = frozenset({"replace", "swap", "substitute"})
_SCALING = frozenset({"increase", "decrease", "lengthen", "shorten"})
_ALTERING = _REPLACING | _SCALING | frozenset({"rename", "bump", "change"})


# How the database is reached, not which engine: "switch the db layer to
# async" is the optimisation's async sessions.
_ACCESS_MODES = frozenset({"async", "asynchronous", "asyncio", "await", "nonblocking"})


def _moved_to(clause: _Clause) -> Chunk | None:
    moving = any(c.key in MOVING for c in clause.items)
    database = any(c.kind == "CONCEPT" and c.key in _DATABASE_WORDS for c in clause.items)
    if not (moving and database):
        return None
    for index, chunk in enumerate(clause.items):
        if chunk.kind == "OPEN" and chunk.key in ("to", "into"):
            after = clause.at(clause.skip(index + 1, "FUNCTION"))
            if after is not None and after.kind == "WORD" and after.key not in _ACCESS_MODES:
                return after
    return None


def _no_command(sentence: str, clauses: Sequence[_Clause]) -> Failure:
    engines = [c for clause in clauses for c in clause.items if c.kind == "ENGINE"]
    if engines:
        return _engine_refused(engines[0])
    vague = [c.text for clause in clauses for c in clause.items if c.kind == "VAGUE"]
    if vague:
        return Failure(
            f"'{shorten(sentence)}' could mean several things; say which, for example:",
            0,
            suggestions=_VAGUE_SUGGESTIONS,
        )
    return Failure(f"Not a fastprod command: '{shorten(sentence)}'.", 0)


def _free(clause: _Clause) -> list[Chunk]:
    return [clause.items[i] for i in _free_at(clause)]


def _free_at(clause: _Clause) -> list[int]:
    return [
        i
        for i, c in enumerate(clause.items)
        if i not in clause.used
        and c.kind in ("WORD", "VERB", "VAGUE", "UNSUPPORTED", "NUMBER", "TYPE")
    ]


def _feature_parts(clause: _Clause, after: Sequence[_Command] = ()) -> None:
    # "the login system? users, roles, jwt tokens, everything", "every log
    # line needs request_id, method, path, status": what a feature is made
    # of, listed beside it, is that feature.
    beside = {c.name for c in (clause.previous, *after) if c is not None}
    beside |= {c.intent for c in clause.items if c.intent}
    for intent in beside & _PARTS.keys():
        parts = {
            i
            for i, c in enumerate(clause.items)
            if c.kind in ("WORD", "NOUN") and c.key in _PARTS[intent]
        }
        clause.used.update(parts)
        wants = {i for i, c in enumerate(clause.items) if c.kind == "VERB" and c.key in _WANTING}
        if parts and set(_free_at(clause)) <= wants:
            clause.used.update(wants)  # "need users/login/roles": wanting them
        adds = {i for i, c in enumerate(clause.items) if c.kind == "VERB" and c.key in _ADDING}
        if parts and set(_free_at(clause)) <= adds:
            clause.used.update(adds)  # "add users + login": adding them


# What each feature is made of ("connections", "broadcast" for a socket), from the
# specs' ``parts``: said beside the feature, such words describe it.
_PARTS: dict[str, frozenset[str]] = {
    name: frozenset(part.lower() for part in spec.parts)
    for name, spec in SPECS.items()
    if spec.parts
}
_WANTING = frozenset({"need", "needs", "want", "wants"})
_ADDING = frozenset(
    {"add", "create", "build", "implement", "setup", "set up", "wire", "give", "handle", "manage"}
)


def _refuse_leftovers(clause: _Clause, after: Sequence[_Command] = ()) -> None:
    # Every clause is read: free words in a clause with no feature are an
    # unknown feature or an instruction fastprod does not take.
    _feature_parts(clause, after)
    free = _free(clause)
    if not free:
        return
    if any(c.kind == "VAGUE" for c in free):
        raise Failure(
            "That could mean several things; say which, for example:",
            free[0].position,
            suggestions=_VAGUE_SUGGESTIONS,
        )
    # Name the words from the first that is not a verb or a function word.
    start = clause.skip(0, "VERB", "FUNCTION", "NEW", "OPEN")
    words = " ".join(c.text for c in clause.items[start:]) or free[0].text
    raise Failure(f"fastprod has no feature called '{shorten(words)}'.", free[0].position)


def _in_real_time(clause: _Clause, index: int) -> bool:
    opener = clause.at(index)
    if opener is None or opener.kind != "OPEN" or opener.key not in ("in", "at"):
        return False
    manner = clause.at(clause.skip(index + 1, "FUNCTION"))
    return manner is not None and manner.kind == "CONCEPT" and manner.intent == "websocket"


def _refuse_unknown_object(clause: _Clause) -> None:
    # "add rate limiting to the login endpoint": the object of the verb is
    # unknown; what follows it does not make it a feature.
    first = clause.skip(0, "FUNCTION")
    lead = clause.at(first)
    leading = (
        [first] if lead is not None and lead.kind == "CONCEPT" and lead.key in _VERBLIKE else []
    )
    concepts = clause.kinds("CONCEPT", "STORE")
    first_concept = concepts[0] if concepts else len(clause.items)
    # Only a verb before the feature introduces it: "so regressions get
    # caught" is a purpose, not a request.
    verbs = [
        i for i in clause.kinds("VERB") if clause.items[i].key not in _WISHING and i < first_concept
    ]
    parts = {part for c in clause.items if c.intent for part in _PARTS.get(c.intent, ())}
    for verb in verbs + leading:
        start = clause.skip(verb + 1, "FUNCTION", "NEW")
        end = start
        while (
            (chunk := clause.at(end)) is not None
            and chunk.kind == "WORD"
            and end not in clause.used
        ):
            end += 1
        following = clause.at(end)
        said = clause.at(verb + 1)
        if (
            said is not None
            and said.key in ("it", "them", "this", "that", "these", "those")
            and all(c.key in _MANNER for c in clause.items[start:end])
        ):
            # "errors come back in four shapes, make them consistent": how
            # the thing said is to be, not a feature.
            clause.used.update(range(start, end))
            continue
        if end > start and all(c.key in parts for c in clause.items[start:end]):
            continue  # "make all the files for production": deployment's files
        if end > start and _in_real_time(clause, end):
            # "see their queue position update in realtime": what is pushed.
            clause.used.update(range(start, end))
            continue
        if end > start and (following is None or following.kind in ("OPEN", "VERB")):
            words = " ".join(c.text for c in clause.items[start:end])
            raise Failure(
                f"fastprod has no feature called '{words}'.", clause.items[start].position
            )


# Things of the world outside an API: "a cache of firewood for the shed", "the
# security of the premises", "an audit of my GST returns". A sentence that
# names one, and nothing of software, is about that world whatever feature
# word it also holds. A CRUD feature is exempt: its resource may be anything.
_OUTSIDE = frozenset(
    {
        "accessibility", "allotment", "arbitration", "bequest", "chromebook", "chromebooks",
        "commission", "courtroom", "cupboard", "electrician", "exhibits", "fete", "figma",
        "firewood", "gantt", "gradle", "gst", "illustration", "kettle", "litigation", "llc",
        "miro", "nda", "non-disclosure", "playlists", "plumber", "pneumatics", "premises",
        "reception", "redraw", "sharepoint", "shed", "spotify", "spreadsheet", "ssd",
        "timesheet", "timesheets", "unity", "usability",
    }
)  # fmt: skip
# Words that place a sentence in software whatever else it names.
_SOFTWARE = frozenset(
    {
        "api", "apis", "app", "apps", "application", "backend", "code", "codebase",
        "database", "db", "endpoint", "endpoints", "fastapi", "microservice", "module",
        "modules", "repo", "repository", "route", "routes", "router", "routers",
        "service", "services", "system",
    }
)  # fmt: skip


def refuse_outside(found: Sequence[Chunk], names: Sequence[str]) -> None:
    """Refuse a sentence about things outside software ("cache the firewood")."""
    if all(name == "crud" for name in names):
        return
    words = [
        (word, chunk) for chunk in found for word in re.findall(r"[\w'-]+", chunk.text.lower())
    ]
    if any(word in _SOFTWARE for word, _ in words):
        return
    for at, (word, chunk) in enumerate(words):
        following = words[at + 1][0] if at + 1 < len(words) else ""
        if word in _OUTSIDE and following not in _PEOPLE_AFTER:
            raise Outside(_ELSEWHERE.format(word), chunk.position, suggestions=())


# "a reception role", "so reception can see ...": people named by their desk.
_PEOPLE_AFTER = frozenset(
    {"role", "roles", "staff", "team", "can", "could", "sees", "see", "needs", "wants", "users"}
)


def _refuse_general_question(found: Sequence[Chunk], sentence: str) -> None:
    """ "What is an N+1 query again", "Is Redis cheaper than a Postgres index
    lookup?", "How does the HIPAA Security Rule define an audit control?": a
    question about a thing in general, which asks nothing of this project, is
    refused whatever feature it names. Each sentence of the message is judged
    apart ("What is JWT? Add it to my API." asks); the message is refused when
    every sentence that names something is such a question."""
    parts: list[list[Chunk]] = [[]]
    ends: list[int] = []
    last: Chunk | None = None  # the last word said, its punctuation after it
    for chunk in found:
        if chunk.kind != "SEP":
            if last is not None and ends_sentence(sentence, last, chunk):
                ends.append(chunk.position)
                parts.append([])
            last = chunk
        parts[-1].append(chunk)
    ends.append(len(sentence))
    named = [
        (part, end)
        for part, end in zip(parts, ends, strict=True)
        if any(c.kind in ("CONCEPT", "STORE", "VERB") for c in part)
    ]
    if not named or not all(_general(part, sentence[part[0].position : e]) for part, e in named):
        return
    part, end = named[0]
    text = sentence[part[0].position : end].strip()
    raise Failure(_QUESTION.format(text), part[0].position, suggestions=())


def _general(part: Sequence[Chunk], text: str) -> bool:
    words = [c for c in part if c.kind not in ("ADDRESS", "SEP")]
    colon = next((i for i, c in enumerate(words[:5]) if c.kind == "COLON"), None)
    if colon is not None and {"question", "asks", "q"} & {c.key for c in words[:colon]}:
        words = words[colon + 1 :]  # "Client's question: do we really need Docker?"
    if not words:
        return False
    keys = [c.key for c in words]
    opener = keys[0]
    asked = text.rstrip().endswith("?") or keys[-2:] == ["or", "not"]
    # "can the menu be cached so it loads faster?": faster is what the request
    # is for, no comparison asked.
    purpose = keys.index("so") if "so" in keys[1:] else len(keys)
    compared = any(k in _COMPARED for k in keys[:purpose])
    if opener in _WH_OPENERS:
        if keys[1:2] and keys[1] in ("about", "not", "if"):
            return False  # "how about adding caching", "why not add auth": suggested
        if not asked and opener not in _WH_IS and not (keys[1:2] and keys[1] in _AUX_OPENERS):
            return False  # "when the job crashes the caller gets a bare 500": when, not asked
    elif not (opener in _AUX_OPENERS and (asked or compared)) and not (asked and compared):
        return False
    if _opinion(keys):
        return True  # "is structured logging really worth the effort for a service like ours?"
    if any(k in _ASKERS or k in _OURS for k in keys):
        return False  # "how do I add auth", "is our API secure?": about this project
    if not compared and keys[1:2] == ["it"]:
        return False  # "is it safe to deploy?"
    # "is the API production ready?", "is the login flow safe or not?": this
    # project's, unless asked "in theory".
    general = any(k in _IN_GENERAL for k in keys)
    # "what's in the OWASP top 10": what a list holds, not this project.
    general = general or (opener in _WH_OPENERS and keys[1:3] in (["in", "the"], ["is", "in"]))
    for before, chunk in itertools.pairwise(words):
        ours = chunk.kind == "NOUN" or chunk.key in _THE_PROJECT
        if before.key == "the" and (ours or (chunk.kind == "CONCEPT" and not general)):
            return False
    if compared:
        return True  # "is it better to use Docker or a VM?"
    for index, chunk in enumerate(words):
        if chunk.kind != "VERB" or chunk.key in ("do", "does", "did"):
            continue
        back = index - 1
        while back >= 0 and words[back].key in _SKIPPED_BEFORE_VERB:
            back -= 1
        # "How does the HIPAA rule define an audit control": the verb is the
        # thing's; "is it possible to cache the articles": one asked.
        if back < 0 or words[back].kind not in ("WORD", "CONCEPT", "STORE"):
            return False
    return True


_WH_OPENERS = frozenset(
    {"what", "whats", "what's", "how", "hows", "how's", "which", "why", "who", "whos", "who's"}
    | {"where", "when", "c'est", "cest", "estce", "qu'est-ce", "quest-ce"}
)


def _opinion(keys: list[str]) -> bool:
    # "is X really worth it for a service like ours?", "do we really need Docker
    # for a small API?", "should I store the jwt in DataStore or
    # EncryptedSharedPreferences?": advice asked, no change.
    really = any(a == "really" and b in ("need", "have") for a, b in itertools.pairwise(keys))
    choice = keys[:1] == ["should"] and "or" in keys
    return "worth" in keys or really or choice


# "How do request ids actually help with tracing?": the verb's subject is before these.
_SKIPPED_BEFORE_VERB = frozenset(
    {"the", "a", "an", "this", "that", "actually", "really", "even", "ever", "just", "still"}
)
_WH_IS = frozenset({"whats", "what's", "hows", "how's", "whos", "who's", "c'est", "cest"})
_IN_GENERAL = frozenset({"theory", "general", "generally", "principle"})
_AUX_OPENERS = frozenset(
    {"is", "are", "does", "do", "did", "was", "were", "isn't", "isnt", "na", "should", "would"}
)
_COMPARED = frozenset(
    {"better", "worse", "faster", "slower", "cheaper", "safer", "than", "vs", "versus", "vs."}
)
_ASKERS = frozenset(
    {"you", "u", "ya", "please", "pls", "plz", "kindly", "abeg", "need", "needs", "want", "wants"}
    | {"let", "lets", "let's"}
)
_OURS = frozenset({"my", "our", "ours", "mine", "this", "these", "us", "we", "i", "me", "im"})
_THE_PROJECT = frozenset(
    {"app", "api", "project", "service", "codebase", "code", "repo", "backend", "server"}
    | {"system", "database", "db", "site", "endpoints", "routes"}
)
