"""The concept reader's entry: a sentence read as the ordered concepts it holds.

Tier one (``_chunks``) gives the sentence as ordered phrases. Here they are
grouped into field and role lists (``_lists``) and split into clauses; each
clause is checked (``_guards``: removal, features fastprod lacks, unfinished
phrases), read into commands (``_commands``) whose slots and parameters are
attached (``_slots``), and the words nobody used are reported as skipped. A
sentence that does not read is tried again with keyword slips corrected
(``_slips``). A name is only ever made of free words: a function word, a
grammar keyword or a type word ends it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from fastprod.core._errors import UnrecognizedCommand
from fastprod.core._intents import Intent
from fastprod.language._chunks import NAMING_WORDS, Chunk, chunks, concept_key, concept_table
from fastprod.language._clause import (
    _APP_NOUNS,
    _ASSESSING,
    _WEAK,
    _Clause,
    _Command,
    ends_sentence,
)
from fastprod.language._commands import (
    _asks,
    _described,
    _merge,
    _read_clause,
    _subject_concept,
    _weak_statement,
    replacing_said,
    ticket_title,
)
from fastprod.language._context import asks_after_so, place_in_purpose, read_context
from fastprod.language._failure import Failure
from fastprod.language._guards import (
    _CONSUMERS,
    _WANTING,
    Outside,
    _doubtful,
    _lacks_today,
    _limit,
    _no_command,
    _purpose_tail,
    _refuse_altering,
    _refuse_elsewhere,
    _refuse_engine_switch,
    _refuse_frameworks,
    _refuse_general_question,
    _refuse_leftovers,
    _refuse_negation,
    _refuse_unfinished,
    _refuse_unread_code,
    _refuse_unread_names,
    _refuse_unsupported,
    _Removal,
    _skip_purpose,
    _when_tail,
    done_today,
    no_need_to,
    plain_statement,
    refuse_outside,
)
from fastprod.language._lists import _SEQUENCING, _group_lists, _list_joint, _split
from fastprod.language._slips import Correction, correct_typos
from fastprod.language._slots import (
    _ENVELOPES,
    _cache_place_named,
    _envelope,
    _place_name,
    path_part,
)
from fastprod.language._spelling import is_word, spelled
from fastprod.language._text import _Pattern, normalize, shorten
from fastprod.language._unused import (
    PARAMETERS,
    guessed_types,
    pagination_alone,
    pagination_noted,
    place_unused,
)

__all__ = ["Reading", "parse", "read", "understand"]


_SHOWN_SKIPPED = frozenset(
    {"WORD", "NUMBER", "TYPE", "NOUN", "VAGUE", "WHOLE", "FIELDS_WORD", "CONTEXT", *PARAMETERS}
)


# The words for the project a command runs on ("to my API", "audit the project"):
# that is where every command applies, so they are not reported as unused.
_PROJECT_NOUNS = _APP_NOUNS | {"service", "svc", "microservice"}


def _the_project(clause: _Clause, index: int) -> bool:
    """The chunk at ``index`` names the project itself: ``API`` in "my API", or
    ``FastAPI`` in "my FastAPI app"."""
    chunk = clause.items[index]
    if chunk.kind == "NOUN" and chunk.key in _PROJECT_NOUNS:
        return True
    following = clause.items[index + 1] if index + 1 < len(clause.items) else None
    return (
        chunk.key == "fastapi"
        and following is not None
        and following.kind == "NOUN"
        and following.key in _PROJECT_NOUNS
    )


@dataclass(frozen=True, slots=True)
class Reading:
    """What the concept reader understood.

    Attributes:
        intents: The intents, in order.
        skipped: Words of the sentence that were not used, in order.
        sentence: The sentence as read: normalised, corrections applied.
        corrections: Misspelled keywords read as the keyword, in order.
        notes: Parameters the sentence gives that no command takes, each
            saying which and why ("'in redis' was not used: logging takes no
            cache store.").
    """

    intents: tuple[Intent, ...]
    skipped: tuple[str, ...]
    sentence: str = ""
    corrections: tuple[Correction, ...] = ()
    notes: tuple[str, ...] = ()


def parse(text: str) -> list[Intent]:
    """Parse a sentence with the concept reader; the intents only.

    Raises:
        UnrecognizedCommand: The sentence is refused.
    """
    return list(understand(text).intents)


def understand(text: str) -> Reading:
    """Normalise and read a sentence, or refuse it with a reason and suggestions.

    Raises:
        UnrecognizedCommand: The sentence is refused.
    """
    sentence = normalize(text)
    try:
        return _names_spelled(_read_correcting(sentence))
    except Failure as failure:
        from fastprod.language._refusals import suggest

        suggestions = suggest(sentence) if failure.suggestions is None else failure.suggestions
        raise UnrecognizedCommand(failure.message, suggestions=suggestions) from None


def _names_spelled(reading: Reading) -> Reading:
    # "crud for prodcuts": a name's word with a typing slip is the word meant.
    intents, corrections = spelled(reading.intents, reading.sentence)
    if not corrections:
        return reading
    sentence = reading.sentence
    for c in corrections:
        sentence = re.sub(rf"\b{re.escape(c.original)}\b", c.corrected, sentence, flags=re.I)
    return replace(
        reading,
        intents=intents,
        sentence=sentence,
        corrections=(*reading.corrections, *corrections),
    )


def _read_correcting(sentence: str) -> Reading:
    # A word one slip away from a keyword ("cahcing", "featrue") is read as
    # the keyword when the corrected sentence reads; otherwise as written.
    try:
        first: Reading | Failure = read(sentence)
    except (Outside, _Told):
        # "the bequest document" is no slip of "request", nor "Loving the new
        # caching setup" of "moving": no slip makes them requests.
        raise
    except Failure as failure:
        first = failure
    # A word the reading skipped changes nothing read ("delivery tracking
    # screen" is not "tracing"); a slip read as a name ("featrue") does.
    slips = correct_typos(sentence)
    if slips.corrections:
        try:
            reading = read(slips.sentence)
            named = _named_slips(reading, slips.corrections)
            if named:
                # "remote: bool" is the person's field, not "remove": a
                # keyword read as a name was never a slip of it.
                slips = correct_typos(sentence, named)
                reading = read(slips.sentence if slips.corrections else sentence)
        except _Removal as removal:
            # "remve caching" is still a removal; "remote bool", read as
            # written, is a field.
            skipped = {w.lower() for w in first.skipped} if isinstance(first, Reading) else set()
            if isinstance(first, Reading) and not any(
                c.original.lower() in skipped for c in slips.corrections
            ):
                return first
            noted = "; ".join(str(c) for c in slips.corrections)
            raise _Removal(f"{noted[0].upper()}{noted[1:]}: {removal.message}", 0) from None
        except Failure:
            pass
        else:
            if not _adds_commands(reading, first, slips.corrections) and not _loses_params(
                reading, first
            ):
                return replace(reading, sentence=slips.sentence, corrections=slips.corrections)
    if isinstance(first, Failure):
        raise _doubtful(sentence, slips.doubtful) or first
    return first


def _named_slips(reading: Reading, corrections: tuple[Correction, ...]) -> frozenset[str]:
    # The slips whose keyword the reading took as (part of) a name: a field,
    # a resource, a target or a project's name.
    def parts(keys: frozenset[str]) -> set[str]:
        return {
            part
            for intent in reading.intents
            for key, value in intent.params.items()
            if key in keys
            for item in (value if isinstance(value, list) else [value])
            if isinstance(item, str)
            for part in re.split(r"[_:\s-]+", item.lower())
        }

    names = parts(_NAMED)
    # "tests for cahcing": a slip of a feature's own word names that feature;
    # a resource is never named by one ("entity: Locker" is no docker).
    built = parts(_BUILT)
    features = concept_table()
    return frozenset(
        c.original.lower()
        for c in corrections
        if c.corrected.lower() in names
        and (c.corrected.lower() not in features or c.corrected.lower() in built)
    )


_NAMED = frozenset({"resource", "plural", "fields", "target", "name", "roles"})
_BUILT = frozenset({"resource", "plural", "fields", "name"})


def _loses_params(corrected: Reading, first: Reading | Failure) -> bool:
    # "admin and tester roles" is not "tested": a correction that drops what
    # the sentence as written gave (its roles, fields, target) is no slip.
    if not isinstance(first, Reading):
        return False
    given = {
        (i.name, key): value for i in first.intents for key, value in i.params.items() if value
    }
    kept = {(i.name, k): value for i in corrected.intents for k, value in i.params.items() if value}
    if given.keys() - kept.keys():
        return True
    # "with player and admin roles" is not "layer": a list that loses an item;
    # "roles admin, issuer, cardholder" is not "issue": the roles as written.
    return any(
        isinstance(value, list)
        and (len(kept[key]) < len(value) or (key[1] == "roles" and kept[key] != value))
        for key, value in given.items()
    )


def _adds_commands(
    corrected: Reading, first: Reading | Failure, corrections: tuple[Correction, ...] = ()
) -> bool:
    # A sentence that reads is corrected to refine what it asks ("securty
    # audit", "a CRUD featrue for invoices"), never to ask for more: "the
    # delivery tracking screen" does not become logging of "tracing".
    # Nor to ask for another through a word alone: "used in a smarter way" is
    # no "starter" project, while "securty audit" is the security audit.
    if not isinstance(first, Reading):
        return False
    if len(corrected.intents) > len(first.intents):
        return True
    if {i.name for i in corrected.intents} <= {i.name for i in first.intents}:
        return False
    if len(corrected.intents) == len(first.intents) and not any(
        is_word(c.original) for c in corrections
    ):
        # "An auidt of production readness": no English word was read as
        # another; the slip replaces what the words around it suggested.
        return False
    words = {c.corrected.lower() for c in corrections}
    return any(c.kind in ("CONCEPT", "NEW") and c.key in words for c in chunks(corrected.sentence))


def read(sentence: str) -> Reading:
    """Read a normalised sentence.

    Raises:
        Failure: The sentence removes or negates, names a feature fastprod does
            not have, holds a clause with nothing fastprod can do, or a name
            that is not valid.
    """
    found = _measured(_undetailed(_based(read_context(chunks(sentence), sentence))))
    found = _quoted_names(found, sentence)
    found = _signed(found, sentence)
    found = _declined_stores(found)
    found = _declined_roles(found)
    found = _people_roles(found)
    found = _people_with_an_admin(found)
    found = _roles_as(found)
    found = _verb_roles(found)
    found = _constraints(found)
    found = _recorded(found)
    found = _looked_at(found)
    found = _secured_by_login(found)
    found = _deploy_as_modifier(found)
    found = _ready_by_deploying(found)
    found = _registers(found)
    found = _paid(found)
    found = _verbs_as_names(found)
    found = _error_classes(found)
    found = _only_the_report(found)
    found = _new_as_place(found)
    found = _ready_when_deployed(found)
    found = _checked_for(found)
    found = _criteria(found)
    found = _sections(found)
    found = _places_seen(_review_scope(_tests_focus(_bracketed_detail(_restated_times(found)))))
    found = _nothing_else(_deferred(_talked_about(_when_people_sign_in(found))))
    found = _coursework(_deadlines(found))
    found = _bracketed_examples(found)
    found = _body_shapes(found)
    found = _deploy_parts(found)
    found = _business_workflows(found)
    found = _titled_passes(found)
    found = _asides(found)
    found = _analogies(found)
    found = _coded_names(found)
    found = _guarded_against(found)
    found = _deployed_by_hand(found)
    found = _purposes(found)
    found = _services_named(found)
    found = _audit_scores(found)
    found = _tests_as_names(found)
    found = _checklist_items(found)
    taken_back = [c for c in found if c.kind in _SHOWN_SKIPPED]
    found = _retracted(found)
    taken_back = [c for c in taken_back if c not in found]
    _refuse_frameworks(found)
    _refuse_elsewhere(found, sentence)
    _refuse_general_question(found, sentence)
    grouped = _shape_members_dropped(_group_lists(found))
    undo = _read_undo(grouped, sentence)
    if undo is not None:
        return undo
    cut = _reason_end(grouped)
    reasons = [_Clause(part) for part in _split(grouped[:cut])] if cut else []
    clauses = reasons + [_Clause(part) for part in _split(grouped[cut:])]
    clauses = [part for clause in clauses for part in _after_heading(clause)]
    for clause, following in itertools.pairwise(clauses):
        clause.following = following
        following.preceding = clause
        following.new_sentence = ends_sentence(sentence, clause.items[-1], following.items[0])
    _remarks(clauses, sentence)
    commands: list[_Command] = []
    placed: list[tuple[int, _Command]] = []
    described: _Clause | None = None
    stating = False
    limits: list[_Clause] = []
    timed: set[int] = set()
    weakly: set[int] = set()
    titled: set[int] = set()
    said_weakly: set[int] = set()
    for number, clause in enumerate(clauses):
        if _limit(clause):
            limits.append(clause)
            clause.used.update(range(len(clause.items)))
            continue
        _observed_in(clause)
        others = clauses[:number] + clauses[number + 1 :]
        told = all(c.kind in ("CONTEXT", "THEN") for c in clause.items)
        if (
            number < len(reasons)
            or told
            or _lacks_today(clause)
            or _context(clause, others)
            or _goes_on_saying(clause)
        ):
            # A negation in it is part of how things are ("we have not any
            # test"), and may go on in the next clause ("and no pipeline").
            negations = clause.kinds("NEGATION")
            clause.used.update(negations)
            stating = stating or bool(negations)
            # "we already have CRUD for customers", "we go live friday": how
            # things are, the reason for the request around it.
            clause.pending = clause.consumed = True
            clause.used.update(clause.kinds("OPEN"))
            described = clause if not commands else described
            continue
        _purpose_tail(clause)
        _when_tail(clause)
        if commands and commands[-1].name == "error_handling" and replacing_said(clause):
            # "one error format, replacing whatever we have now": the strict envelope.
            commands[-1].params["strict"] = True
            clause.used.update(range(len(clause.items)))
            continue
        if number and plain_statement(clauses[number - 1]):
            stating = True  # "the logs are useless, no request id": what is missing
        lacking = _refuse_negation(clause, sentence, stating)
        # "the logs were useless; plain print statements, no request id": a
        # list of what is wrong goes on until a clause asks.
        stating = lacking or (stating and not clause.kinds("VERB"))
        _refuse_engine_switch(clause)
        _refuse_altering(clause)
        _refuse_unfinished(clause)
        _skip_purpose(clause)
        read_here = _read_clause(clause, commands, described)
        if read_here and commands and _stated_after(clause, commands):
            # "add tracing, debugging prod is a nightmare": why the request
            # before is made, not a deployment.
            read_here = []
        earlier = [c for n, c in placed if n == number - 1]
        stated = earlier and _stated_before(clauses[number - 1], clause, earlier, read_here)
        if read_here and stated:
            # "the same query result is fetched 1000 times a minute; cache
            # it": the statement is what the command is for, not a command.
            dropped = {id(c) for c in earlier}
            _cached_route(clauses[number - 1], read_here)
            _cached_them(clauses[number - 1], clause, read_here)
            commands = [c for c in commands if id(c) not in dropped]
            placed = [(n, c) for n, c in placed if n != number - 1]
        if read_here and number and not placed_in(placed, number - 1):
            _cached_place(clauses[number - 1], clause, read_here)
        described = _described(clause, read_here, commands)
        if _only_when(clause, read_here):
            timed.update(id(c) for c in read_here)
        if read_here and ticket_title(clause):
            # "Ticket: Launch readiness. 1) structured logging ...": a title
            # sums up the items asked after it.
            titled.update(id(c) for c in read_here)
        # "...; could you optimise it": what the next clause asks to fix is asked.
        fixed = _fixed_next(clause)
        subject = _subject_concept(clause) if read_here and not fixed else None
        weakly.update(id(c) for c in read_here if c.name == subject)
        if read_here and all(id(c) in weakly or c.name == subject for c in read_here):
            clause.consumed = True  # "our access logs show ... /payouts": how it is
        if read_here and _unreviewed(clause):
            # "nobody has looked at auth, CORS or input validation yet": what
            # a review should cover, not features to add.
            weakly.update(id(c) for c in read_here)
        if read_here and _weak_statement(clause) and not fixed:
            # "prod is slow and ...": a weak word in a statement is where the
            # trouble is, a command only when nothing else is asked.
            weakly.update(id(c) for c in read_here)
            said_weakly.update(id(c) for c in read_here)
        commands.extend(read_here)
        placed += [(number, command) for command in read_here]
        if clause.consumed and commands and not _asks(clause):
            continue  # "so the mobile app stops timing out": why, not a feature
        _refuse_unsupported(clause)
    if described is not None and not (commands and (not _asks(described) or described.remark)):
        try:
            _refuse_leftovers(described, commands)
        except Failure:
            _refuse_only_told(commands, clauses, sentence)
            raise
    items = {c.name for c in commands if id(c) not in titled}
    if items:
        # A title's review is summed up by the items; a feature it names that
        # an item asks again is read where the item asks it.
        for title in [c for c in commands if id(c) in titled]:
            later = next(
                (c for c in commands if c.name == title.name and id(c) not in titled), None
            )
            if later is not None:
                # "Ticket: Response caching for catalog. Store: Redis.": what
                # the title gives, the item keeps.
                later.params = {**title.params, **later.params}
            if later is not None or title.name in ("audit", "security_review"):
                weakly.add(id(title))
    if any(c.name == "deploy" for c in commands):
        # "a Dockerfile and a CI pipeline, prod grade": how good, not a review.
        weakly.update(id(c) for c in commands if c.name == "audit" and c.said in _GRADES)
    if any(_fix_both(clause) for clause in clauses):
        # "our db queries are slow and the logs are useless. fix both": each
        # statement names what to fix.
        weakly -= said_weakly
    if any(c.name == "security_review" for c in commands):
        # "look at the security of our endpoints and tell me what is wrong",
        # "no security issues before the launch. Please review.": what the
        # review finds, when it is wanted, or the review again; no audit besides.
        asked = {
            id(c)
            for n, c in placed
            if any(
                k.intent == "audit"
                and k.key not in _REVIEWED_WHEN
                and not k.key.startswith("before")
                for k in clauses[n].items
                if k.kind == "CONCEPT"
            )
        }
        besides = {
            id(c)
            for c in commands
            if c.name == "audit"
            and (not c.said or c.said in _REVIEWED_WHEN or c.said.startswith("before"))
            # "before go-live: audit readiness, then a security review": both.
            and id(c) not in asked
        }
        weakly.update(besides)
        # Asked as a question ("is this thing even secure? ... tell me what's
        # wrong"), the review may be weak itself: the audit beside it still goes.
        commands = [c for c in commands if id(c) not in besides]
        placed = [(n, c) for n, c in placed if id(c) not in besides]
    untested = _lacking_tests(clauses, placed)
    if untested and len(untested) < sum(c.name == "write_tests" for c in commands):
        # "the data API has zero tests. Can someone write tests for the export
        # feature first?": what is missing, then the tests asked.
        commands = [c for c in commands if id(c) not in untested]
        placed = [(n, c) for n, c in placed if id(c) not in untested]
    if any(id(c) not in weakly for c in commands):
        commands = [c for c in commands if id(c) not in weakly]
        placed = [(n, c) for n, c in placed if id(c) not in weakly]
    if any(id(c) not in timed for c in commands):
        # "before deploying, add global error handlers": when the command
        # is wanted, not a review of readiness.
        commands = [c for c in commands if id(c) not in timed]
        placed = [(n, c) for n, c in placed if id(c) not in timed]
    if any(c.name == "write_tests" and not c.unplaced for c in commands):
        # "tests, tests and more tests! for the shipments": the tests asked
        # with no place are those placed, where they were first asked
        # ("Test coverage + CI. Description: write tests for the API, then CI").
        first = next(c for c in commands if c.name == "write_tests" and not c.unplaced)
        kept: list[_Command] = []
        for command in commands:
            if command is first or (command.unplaced and command.name == "write_tests"):
                if not any(k is first for k in kept):
                    kept.append(first)
            elif not command.unplaced:
                kept.append(command)
        commands = kept
        placed = [(n, c) for n, c in placed if not c.unplaced]
    for limit in limits:
        named = {c.intent for c in limit.items if c.kind == "CONCEPT" and c.intent}
        # "don't add any caching, I want every read to hit the database": what is
        # wanted right after a limit is its reason, not another command.
        wished = limit.following is not None and _wants_so(limit.following)
        if wished and all(clauses[n] is limit.following for n, _ in placed):
            named |= {c.name for c in commands}
        if named & {c.name for c in commands}:
            # "please don't add auth, my client handles login elsewhere": the
            # limit forbids what was read; nothing runs.
            from fastprod.language._refusals import removal_refused

            raise _Removal(removal_refused(sentence), limit.items[0].position)
    if not commands and limits:
        from fastprod.language._refusals import removal_refused

        raise _Removal(removal_refused(sentence), limits[0].items[0].position)
    if not commands:
        _refuse_only_told(commands, clauses, sentence)
        raise _no_command(sentence, clauses)
    refuse_outside(found, [c.name for c in commands])
    if not any(c.name == "optimize_db" for c in commands):
        # "`GET /orders` is doing N+1 on `order.customer`": beside a query fix,
        # code names where the queries are.
        _refuse_unread_code(clauses)
    if not any(c.name in ("caching", "write_tests") for c in commands):
        # "the dashboard polls /orders every two seconds; push updates over
        # websockets": a route in a statement, where no command takes one.
        for clause in clauses:
            if clause.consumed:
                clause.used.update(clause.kinds("PATH"))
    if any(c.name == "optimize_db" for c in commands):
        # "our latency on /orders is terrible ..., fix the slow queries": the
        # route a stated problem names is where the queries are, as in the
        # command's own clause.
        for clause in clauses:
            if clause.consumed:
                clause.used.update(clause.kinds("PATH"))
    _refuse_unread_names(clauses)
    _fields_said_of(clauses, placed)
    _refuse_unread_fields(clauses)
    paging = pagination_alone(clauses)
    if paging is not None:
        raise Failure(
            f"fastprod does not add pagination ('{paging.text}'): clients would see shorter "
            "lists. 'optimize my database queries' lists each list endpoint that returns every "
            "row, with the change to make.",
            paging.position,
            suggestions=("optimize my database queries",),
        )
    notes = tuple(
        [_limit_note(limit) for limit in limits]
        + guessed_types(clauses)
        + pagination_noted(clauses)
        + place_unused(placed, clauses)
    )
    for command in commands:
        if command.name == "error_handling" and _STRICT_SAID.compiled().search(sentence):
            # "all error responses should have exactly three keys, code,
            # message and details, nothing else": said across its clauses.
            command.params["strict"] = True
    commands = _described_cruds_dropped(commands)
    commands = _ids_in_error_bodies(commands, placed, clauses)
    intents = _merge(Intent(c.name, c.params) for c in commands)
    unused = [
        c
        for clause in clauses
        for i, c in enumerate(clause.items)
        if i not in clause.used and c.kind in _SHOWN_SKIPPED and not _the_project(clause, i)
    ]
    # Words taken back ("memcached" in "add memcached... no wait, redis") are
    # not used either.
    skipped = tuple(c.text for c in sorted(unused + taken_back, key=lambda c: c.position))
    return Reading(intents, skipped, sentence, notes=notes)


class _Told(Failure):
    """The message only tells how things are: no slip makes it a request."""


def _refuse_only_told(commands: list[_Command], clauses: list[_Clause], sentence: str) -> None:
    # "tests are green now", "Redis was added last week by Sergey": how things
    # are or were, a feature named and nothing asked.
    only_told = bool(clauses) and all(c.pending and c.consumed for c in clauses)
    if not commands and only_told and any(c.kinds("CONCEPT", "STORE") for c in clauses):
        raise _Told(_ONLY_TOLD.format(shorten(sentence)), 0)


_ONLY_TOLD = (
    "'{}' says how things are or were, and asks fastprod for nothing, so nothing was run; "
    "ask for what you want done, e.g. 'add caching to the products endpoints'."
)


def _remarks(clauses: list[_Clause], sentence: str) -> None:
    """ "Customers in Asia see old prices forever... can we just cache prices":
    a sentence before the request, opening with who or what it is about and
    saying what they do, naming nothing fastprod does, is a remark."""
    sentences: list[list[_Clause]] = [[]]
    for clause in clauses:
        sentences[-1].append(clause)
        last = clause.items[-1]
        after = sentence[last.position + len(last.text) :].lstrip()
        if after[:1] in (".", "!", "?") and after.lstrip(".!? "):
            sentences.append([])
    for said in sentences[:-1]:
        first = said[0]
        lead = first.at(first.skip(0, "FUNCTION", "SEP", "THEN"))
        if lead is None or lead.kind not in ("WORD", "NOUN"):
            continue
        if any(clause.kinds(*_NAMING) for clause in said):
            continue
        if any(
            c.kind == "VERB" or (c.kind == "FUNCTION" and c.key in _SAYING)
            for clause in said
            for c in clause.items
            if c is not lead
        ):
            for clause in said:
                clause.remark = True


_NAMING = ("CONCEPT", "NEW", "STORE", "FIELDS", "ROLES", "ROLES_WORD", "PATH", "DURATION", "TTL")
_SAYING = frozenset({"is", "are", "was", "were", "can", "cannot", "will", "would", "has", "have"})


# Words that open the reason for a request said first: "because we go live
# next week, ...", "given that legal needs it, ...".
_REASONS = frozenset(
    {"because", "since", "as", "given", "considering", "seeing", "bc", "cos", "cuz", "although"}
    # "Following last quarter's audit finding, please ...": what it follows.
    | {"following"}
)


def _closing(found: list[Chunk], start: int) -> int | None:
    """Where the bracket open before ``start`` closes: the first ")" from there."""
    return next((i for i in range(start, len(found)) if found[i].kind == "RPAR"), None)


def _shape_members_dropped(found: list[Chunk]) -> list[Chunk]:
    # "the same shape {code, message, request_id}": what an error body holds,
    # in brackets after it; not a list of features (a request id for the logs).
    out: list[Chunk] = []
    index = 0
    while index < len(found):
        chunk = found[index]
        if chunk.kind == "LPAR" and out and out[-1].intent == "error_handling":
            end = _closing(found, index + 1)
            if end is not None:
                index = end + 1
                continue
        out.append(chunk)
        index += 1
    return out


def _reason_end(found: list[Chunk]) -> int:
    # Where a leading reason ends: its comma or semicolon, when a request
    # follows. 0 when the sentence does not open with one.
    first = found[0] if found else None
    if first is not None and (cut := _consequence_at(found)):
        return cut
    if first is None or first.key not in _REASONS or first.kind not in ("FUNCTION", "WORD", "OPEN"):
        return 0
    if first.key in ("given", "seeing") and (
        len(found) < 2 or found[1].key not in ("that", "the", "our", "this")
    ):
        return 0  # "given that ...", "given the go-live, ...": why; "given a user" is not
    for index, chunk in enumerate(found):
        if chunk.kind == "SEP" and chunk.text in (",", ";") and index + 1 < len(found):
            rest = found[index + 1 :]
            if any(c.kind in ("VERB", "CONCEPT") for c in rest):
                return index + 1
            return 0
    return 0


def _consequence_at(found: list[Chunk]) -> int:
    # "we need to know who calls the api, so add token login": what comes
    # before ", so <verb>" is why, when it names no feature.
    for index, chunk in enumerate(found):
        if chunk.kind in _FEATURE_KINDS:
            return 0
        if chunk.kind != "SEP" or chunk.text not in (",", ";") or index + 2 >= len(found):
            continue
        if found[index + 1].key != "so":
            continue
        verb = index + 2
        while verb < len(found) and found[verb].kind == "FUNCTION":
            verb += 1  # "so please add ..."
        if verb < len(found) and found[verb].kind == "VERB":
            return index + 1
    return 0


_FEATURE_KINDS = frozenset({"CONCEPT", "STORE", "NEW", "CRUD_SET", "UNSUPPORTED", "UNDO"})
_SUBJECTS = frozenset({"we", "i", "it", "they", "is", "are", "was", "were", "has", "have"})
_OBJECTS = frozenset({"it", "them", "that", "this"})
_FILLERS = frozenset({"FUNCTION", "SEP"})
_STEPS = frozenset({"once", "after", "when", "before", "until", "assoonas", "first"})


def _retracted(found: list[Chunk]) -> list[Chunk]:
    # "add memcached... no wait, redis caching": what was said since the last
    # separator is taken back; a verb taken back with it still asks, when
    # what replaces it has none ("add memcached" -> "add redis caching").
    while (at := next((i for i, c in enumerate(found) if c.kind == "RETRACT"), None)) is not None:
        end = at
        while end > 0 and found[end - 1].kind == "SEP":
            end -= 1
        after = at + 1
        while after < len(found) and found[after].kind == "SEP":
            after += 1
        rest = found[after:]
        # "tests for orders, sorry I mean invoices": a name for a name.
        named = list(itertools.takewhile(lambda c: c.kind != "SEP", rest))
        # "crud for products, no wait, for the catalog items": the place word
        # said again with it.
        opened = bool(named) and named[0].kind == "OPEN"
        named = named[1:] if opened else named
        names = bool(named) and all(c.kind in ("WORD", "FUNCTION") for c in named)
        start = end
        while start > 0 and found[start - 1].kind not in (("SEP", "OPEN") if names else ("SEP",)):
            start -= 1
        if names and opened and start > 0 and found[start - 1].kind == "OPEN":
            start -= 1
        verbs = [c for c in found[start:end] if c.kind == "VERB"]
        kept = verbs[:1] if verbs and not any(c.kind == "VERB" for c in rest[:3]) else []
        found = [*found[:start], *kept, *rest]
    return found


def _undetailed(found: list[Chunk]) -> list[Chunk]:
    # "standardize errors and drop the old detail field": FastAPI's `detail`
    # dropped from error bodies is the strict envelope when errors are named;
    # "drop the detail field" alone removes something, and is refused.
    # "keep detail around" says how errors are handled, not that they are:
    # without errors named it asks for nothing.
    errors = any(c.kind == "CONCEPT" and c.intent == "error_handling" for c in found)
    kinds = {"UNDETAILED": "CONCEPT" if errors else "NEGATION"}
    kinds["DETAILED"] = "CONCEPT" if errors else "WORD"
    return [replace(c, kind=kinds[c.kind]) if c.kind in kinds else c for c in found]


def _declined_stores(found: list[Chunk]) -> list[Chunk]:
    # "no redis, just keep it in process memory": a store declined beside
    # the one chosen says which, not a removal; read as filler words. So is
    # one compared with ("in memory rather than redis", "faster than memory").
    pairs = [
        (i, i + 1)
        for i, c in enumerate(found[:-1])
        if found[i + 1].kind == "STORE"
        and ((c.kind == "NEGATION" and c.key in _DECLINING) or c.key == "than")
    ]
    # "... rather than bring in redis", "instead of using redis": a few verbs
    # and small words between.
    for i, c in enumerate(found):
        instead = c.key == "instead" and i + 1 < len(found) and found[i + 1].key == "of"
        if not (c.key == "than" or instead) or any(i == d for d, _ in pairs):
            continue
        j = i + 2 if instead else i + 1
        while j < min(i + 5, len(found)) and found[j].kind in ("VERB", "OPEN", "FUNCTION"):
            j += 1
        if j < len(found) and found[j].kind == "STORE":
            pairs.append((i, j))
    # "redis would be overkill", "redis is too much for us": a store said no to.
    for i, c in enumerate(found):
        said = " ".join(x.key for x in found[i + 1 : i + 4])
        if c.kind == "STORE" and _OVERKILL.match(said):
            pairs.append((i, i))
    # "a Redis installation is not permitted", "we can't install redis on the
    # server": a store ruled out, with the words that rule it out.
    ruled: set[int] = set()
    for i, c in enumerate(found):
        if c.kind != "STORE":
            continue
        ahead = found[i + 1 : i + 6]
        at = next((n for n, x in enumerate(ahead) if x.kind == "NEGATION"), None)
        if at is not None and at + 1 < len(ahead) and ahead[at + 1].key in _FORBIDDEN:
            pairs.append((i, i))
            ruled.update(range(i, i + at + 3))
            continue
        back = found[max(0, i - 3) : i]
        if any(x.kind == "NEGATION" for x in back) and any(x.key in _INSTALLING for x in back):
            start = i - len(back) + next(n for n, x in enumerate(back) if x.kind == "NEGATION")
            pairs.append((start, i))
    declined_stores = {j for _, j in pairs}
    chosen = [i for i, c in enumerate(found) if c.kind == "STORE" and i not in declined_stores]
    if not pairs or not chosen:
        return found
    skipped = {k for d, j in pairs for k in range(d, j + 1)} | ruled
    return [replace(c, kind="FUNCTION") if i in skipped else c for i, c in enumerate(found)]


_FORBIDDEN = frozenset(
    {"permitted", "allowed", "available", "possible", "supported", "an", "approved", "an option"}
)
_INSTALLING = frozenset({"install", "use", "run", "have", "deploy", "host", "add"})


def _declined_roles(found: list[Chunk]) -> list[Chunk]:
    # "jwt auth pls, no roles for now", "auth without roles": authentication
    # with no roles of the person's own (every user still has auth's user or
    # admin role), not roles removed; read as filler words.
    if not any(c.kind == "CONCEPT" and c.intent == "auth" for c in found):
        return found
    out = list(found)
    for i, c in enumerate(found[:-1]):
        if c.kind == "NEGATION" and c.key in _DECLINING and found[i + 1].kind == "ROLES_WORD":
            out[i] = replace(c, kind="FUNCTION")
            out[i + 1] = replace(found[i + 1], kind="FUNCTION")
    return out


def _described_cruds_dropped(commands: list[_Command]) -> list[_Command]:
    """The commands without the CRUD features that only describe another one."""
    project = next((n for n, c in enumerate(commands) if c.name == "new_project"), None)
    # "we were asked to build an API for school transport applications;
    # create a new project called school_transport": what the new project is
    # for, said before it, not a CRUD feature of its own.
    kept = [
        c
        for n, c in enumerate(commands)
        if not (c.name == "crud" and project is not None and n < project and c.said in _APIS)
    ]
    # "the registry needs to maintain parcel records ...; create a CRUD for
    # parcels": the records wanted are the CRUD asked after.
    asked = {c.params.get("resource") for c in kept if c.name == "crud" and not c.wanted}

    def wanted_again(command: _Command) -> bool:
        resource = str(command.params.get("resource", ""))
        return any(resource.startswith(f"{r}_") for r in asked if r)

    return [c for c in kept if not (c.name == "crud" and c.wanted and wanted_again(c))]


_APIS = frozenset({"api", "apis", "backend", "service", "app"})


def _people_roles(found: list[Chunk]) -> list[Chunk]:
    """ "doctors, nurses and patients to log in with JWT": who logs in. With
    "each with their own role" after it, those people are the roles."""
    at = next((i for i, c in enumerate(found) if c.kind == "CONCEPT" and c.intent == "auth"), None)
    if at is None:
        return found
    end = at
    while end > 0 and (found[end - 1].kind == "FUNCTION" or found[end - 1].key in _LOGGING_IN):
        end -= 1
    people: list[int] = []
    start = end - 1
    while start >= 0 and found[start].kind == "WORD" and found[start].key.endswith("s"):
        people.insert(0, start)
        if start >= 2 and _list_joint(found[start - 1]):
            start -= 2
            continue
        break
    joints = range(people[0], people[-1] + 1) if people else range(0)
    opened = people and people[0] > 0 and found[people[0] - 1].kind in ("OPEN", "CONCEPT")
    if len(people) < 2 or opened:
        return found
    out = list(found)
    for index in joints:
        out[index] = replace(found[index], kind="FUNCTION")
    for index in range(at + 1, len(found)):
        chunk, before = found[index], found[index - 1]
        if chunk.kind == "ROLES_WORD" and before.key in _OWN_ROLES:
            names = tuple(found[i].text.lower() for i in people)
            out[index] = Chunk("ROLES", chunk.text, chunk.position, items=names)
            break
    return out


def _people_with_an_admin(found: list[Chunk]) -> list[Chunk]:
    """ "login for shoppers and admins", "login for the stylists and the admin":
    two or more kinds of people signing in, one of them the administrators,
    are the roles; "auth for staff and pupils" is who signs in."""
    for at, chunk in enumerate(found[:-2]):
        opener = found[at + 1]
        if chunk.intent != "auth" or opener.kind != "OPEN" or opener.key != "for":
            continue
        people: list[int] = []
        index = at + 2
        while index < len(found):
            if found[index].kind == "FUNCTION" and found[index].key in ("the", "our", "all"):
                index += 1
                continue
            if found[index].kind != "WORD":
                break
            people.append(index)
            index += 1
            ahead = index + 1
            while ahead < len(found) and found[ahead].key in ("the", "our", "all"):
                ahead += 1
            more = ahead < len(found) and found[ahead].kind == "WORD"
            if index < len(found) and _list_joint(found[index]) and more:
                index += 1
                continue
            break
        ended = index >= len(found) or found[index].kind in ("SEP", "THEN")
        # "Separate logins for the manager and the chef": each kind its own.
        separate = at > 0 and found[at - 1].key in ("separate", "different", "distinct")
        admins = separate or any(found[i].key in _ADMINS for i in people)
        if len(people) < 2 or not admins or not ended:
            continue
        names = tuple(found[i].text.lower() for i in people)
        text = " ".join(c.text for c in found[at + 2 : index])
        return [
            *found[: at + 1],
            Chunk("ROLES", text, opener.position, items=names),
            *found[index:],
        ]
    return found


_ADMINS = frozenset(
    {"admin", "admins", "administrator", "administrators", "superuser", "superusers"}
    | {"moderator", "moderators", "mod", "mods"}
)


def _roles_as(found: list[Chunk]) -> list[Chunk]:
    """ "login for vendors and visitors as two roles": the people listed before
    "as ... roles" are the roles, beside a sign-in."""
    if not any(c.kind == "CONCEPT" and c.intent == "auth" for c in found):
        return found
    for index, chunk in enumerate(found):
        if chunk.kind != "ROLES_WORD" or chunk.key not in ("roles", "role"):
            continue
        at = index - 1
        while at >= 0 and (found[at].key in _ROLE_COUNTS or found[at].key in ("the", "their")):
            at -= 1
        if at < 1 or found[at].key != "as":
            continue
        people = [at - 1]
        while (
            people[0] >= 2 and found[people[0]].kind == "WORD" and _list_joint(found[people[0] - 1])
        ):
            people.insert(0, people[0] - 2)
        if len(people) < 2 or any(found[i].kind != "WORD" for i in people):
            continue
        out = list(found)
        for i in range(people[0], at + 1):
            out[i] = replace(found[i], kind="FUNCTION")
        names = tuple(found[i].text.lower() for i in people)
        out[index] = Chunk("ROLES", chunk.text, chunk.position, items=names)
        for i in range(at + 1, index):
            out[i] = replace(found[i], kind="FUNCTION")
        return out
    return found


_ROLE_COUNTS = frozenset(
    {"two", "three", "four", "five", "2", "3", "4", "5", "separate", "different", "distinct"}
)


# "... and patients to log in", "doctors and nurses need JWT login": between the people and it.
_LOGGING_IN = _WANTING | {"to"}
# "each with their own role", "with different roles": the people named are them.
_OWN_ROLES = frozenset({"own", "different", "separate", "distinct", "their"})


def _constraints(found: list[Chunk]) -> list[Chunk]:
    # "a strict envelope; no ad-hoc error formats", "caching, no external
    # infrastructure", "crud for appointments, no fields yet": "no" and what
    # it qualifies, beside a request, say how the feature asked is to be, not
    # a feature removed. Read as filler words. A feature named there that is
    # not asked elsewhere ("add auth, no caching") stays a removal.
    stops = {",", ";", ".", "!", "?"}
    asked = {c.intent for c in found if c.kind == "CONCEPT" and c.intent}
    out = list(found)
    for index, chunk in enumerate(found):
        if chunk.kind != "NEGATION" or chunk.key != "no":
            continue
        end = index + 1
        while end < len(found) and not (found[end].kind == "SEP" and found[end].text in stops):
            end += 1
        phrase = found[index + 1 : end]
        outside = [c for c in found[:index] + found[end:] if c.kind in ("CONCEPT", "VERB")]
        named = {c.intent for c in phrase if c.kind == "CONCEPT"}
        others = {c.intent for c in found[:index] + found[end:] if c.kind == "CONCEPT"}
        # A feature in it only as qualified ("ad-hoc error formats"), never
        # bare ("no tracing", "no index"): that one is taken away.
        first = next((i for i, c in enumerate(phrase) if c.kind == "CONCEPT"), None)
        qualified = first is None or any(c.kind == "WORD" for c in phrase[:first])
        if (
            not phrase
            or not outside
            or not qualified
            or any(c.kind in ("VERB", "STORE", "NEGATION", "ROLES_WORD") for c in phrase)
            or not named <= (others & asked)
        ):
            continue
        for at in range(index, end):
            out[at] = replace(found[at], kind="FUNCTION")
    return out


_DECLINING = frozenset({"no", "not", "without", "decidedagainst", "ruledout", "optedagainst"})
_OVERKILL = re.compile(
    r"(?:would be|is|seems|feels|sounds) (?:overkill|too much|too heavy)|overkill"
)

_REVIEWS = frozenset({"security_review", "audit"})
_SCOPING = frozenset({"of", "on", "around", "covering", "including", "especially"})
_FOCUSING = frozenset(
    {
        "focus",
        "focusing",
        "especially",
        "specially",
        "esp",
        "esp.",
        "particularly",
        "mainly",
        "mostly",
    }
)


def _review_scope(found: list[Chunk]) -> list[Chunk]:
    # "a security review of the authentication and authorization paths",
    # "do a security review, focus on broken access control": the features
    # named after the review are where it looks, read as filler words, up to
    # the next verb or the end of the sentence.
    out = list(found)
    index = 0
    while index < len(out):
        chunk = out[index]
        if chunk.kind != "CONCEPT" or chunk.intent not in _REVIEWS:
            index += 1
            continue
        after = index + 1
        while after < len(out) and out[after].kind == "SEP" and out[after].text == ",":
            after += 1
        # "review security stuff? esp. the auth endpoints", "check if the
        # security is ok? Specially the login.": a focus that opens the
        # sentence after the review's own.
        ahead = after
        while ahead < len(out) and out[ahead].kind in ("FUNCTION", "WORD", "SEP"):
            if out[ahead].kind == "SEP" and out[ahead].text in ("?", "."):
                break
            ahead += 1
        focus = out[ahead + 1] if ahead + 1 < len(out) else None
        if ahead < len(out) and out[ahead].kind == "SEP" and focus and focus.key in _FOCUSING:
            after = ahead + 1
        opener = out[after] if after < len(out) else None
        # "a sast-style pass over the repo pls — hardcoded secrets, ...": where,
        # then the dash.
        dash = after
        while dash < len(out) and (
            out[dash].kind in ("OPEN", "FUNCTION", "NOUN")
            or (out[dash].kind in ("VERB", "WORD") and out[dash].key in _REVIEW_WORDS)
        ):
            dash += 1  # "a production readiness review — ...": the review's own word
        colon = dash < len(out) and out[dash].kind == "COLON"
        if _scope_listed(out, dash) and (not colon or dash > after):
            # "a full review of production readiness — config, tests,
            # logging, the lot": what the review covers, listed after a dash.
            index = _as_filler(out, dash + 1, (".", ";", "?", "!"), reviews=False, listed=True)
            continue
        if opener is None or (opener.key not in _SCOPING and opener.key not in _FOCUSING):
            index += 1
            continue
        index = _as_filler(out, after, (".", ";", "?", "!"), reviews=True)
    return out


def _bracketed_detail(found: list[Chunk]) -> list[Chunk]:
    """ "global exception handlers (validation, HTTP, unhandled)", "structured
    logging (JSON, request ids)": the words in brackets after a feature say what
    it covers; read as filler. Not after the features whose brackets hold
    parameters (auth's roles, a CRUD's fields, a cache's targets, tests' focus)."""
    out = list(found)
    crud = any(c.intent == "crud" for c in found)
    for index, chunk in enumerate(out):
        if chunk.kind != "CONCEPT" or chunk.intent not in _DETAILED:
            continue
        # "structured JSON output (...)", "containerise the application (...)":
        # the thing it is done to may come between; not where a CRUD is
        # asked, whose resource those words may be.
        opening = index + 1
        while not crud and opening < min(len(out), index + 4) and out[opening].kind in _BETWEEN:
            opening += 1
        if opening >= len(out) or out[opening].kind != "LPAR":
            continue
        end = _closing(out, opening + 1)
        inside = out[opening + 1 : end] if end is not None else []
        keys = {c.key for c in inside}
        if end is not None and chunk.intent == "error_handling" and keys & _STRICTLY:
            # "error handling (same body shape for all errors, strictly)": how it is
            # asked, read as said after a comma.
            out[opening] = Chunk("SEP", ",", out[opening].position)
            out[end] = Chunk("SEP", ",", out[end].position)
            continue
        if not inside or any(
            c.kind in _ASKING
            # "production practices (configuration, health checks, logging)": a
            # review's areas may be other features.
            or (c.kind == "CONCEPT" and c.intent != chunk.intent and chunk.intent not in _REVIEWS)
            or c.key in ("strict", "strictly")
            for c in inside
        ):
            continue
        for at in range(opening + 1, opening + 1 + len(inside)):
            if out[at].kind != "SEP":
                out[at] = replace(out[at], kind="FUNCTION", intent=None)
            elif out[at].text not in (",", "and", "/"):
                out[at] = Chunk("SEP", ",", out[at].position)
    return out


def _deadlines(found: list[Chunk]) -> list[Chunk]:
    """ "add auth + tests for it, ship by morning", "release it by friday":
    when the work is due, not a deployment."""
    out = list(found)
    for index, chunk in enumerate(found):
        if chunk.kind != "CONCEPT" or chunk.intent != "deploy" or chunk.key not in _SHIPPING:
            continue
        at = index + 1
        if at < len(found) and found[at].key in ("it", "this", "that", "them"):
            at += 1
        others = any(c.kind == "CONCEPT" and c is not chunk for c in found)
        if others and at + 1 < len(found) and found[at].key == "by" and found[at + 1].key in _DUE:
            out[index] = replace(chunk, kind="FUNCTION", intent=None)
    return out


_SHIPPING = frozenset({"ship", "release", "launch", "deliver"})
_DUE = frozenset(
    {"morning", "tonight", "tomorrow", "noon", "eod", "eow", "evening", "midnight", "lunch"}
    | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
)


def _coursework(found: list[Chunk]) -> list[Chunk]:
    """ "a FastAPI project for my databases course": what the work is for; a
    feature word in it names the subject taught, not a feature asked."""
    out = list(found)
    for index, chunk in enumerate(found):
        if chunk.kind != "OPEN" or chunk.key != "for":
            continue
        start = index + 1
        if start < len(found) and found[start].key in ("my", "our", "the", "a", "this"):
            start += 1
        for at in range(start, min(start + 4, len(found))):
            if found[at].key in _COURSEWORK:
                for word in range(start, at):
                    if found[word].kind == "CONCEPT":
                        out[word] = replace(found[word], kind="WORD", intent=None)
                break
            if found[at].kind in ("SEP", "OPEN", "VERB", "THEN"):
                break
    return out


_COURSEWORK = frozenset(
    {"course", "class", "assignment", "homework", "thesis", "exam", "lecture", "capstone"}
    | {"coursework", "seminar", "bootcamp", "hackathon", "dissertation"}
)


def _deferred(found: list[Chunk]) -> list[Chunk]:
    """ "authentication for the socket we will do later", "auth comes later",
    "auth can wait": a feature put off is not asked now, and the words that
    put it off ask for nothing. An order to do it later ("add caching later")
    is a step, and stays."""
    out = list(found)
    bounds = [i for i, c in enumerate(found) if c.kind == "SEP" and c.key in _CLAUSE_ENDS]
    for start, end in zip([-1, *bounds], [*bounds, len(found)], strict=True):
        span = found[start + 1 : end]
        keys = [c.key for c in span]
        said = [c for c in span if c.kind not in ("SEP", "THEN")]
        lead = next((c for c in said if c.kind != "FUNCTION"), None)
        # "I will handle auth later": who will, not an order.
        person = bool(said) and said[0].key in ("i", "we")
        if lead is None or (lead.kind == "VERB" and not person):
            continue
        if not any(c.kind == "CONCEPT" for c in span):
            continue
        later = "later" in keys and bool(set(keys) & _PUTTING_OFF)
        waits = keys[-2:] == ["can", "wait"] or keys[-1:] == ["waits"]
        if later or waits:
            for at in range(start + 1, end):
                if found[at].kind != "SEP" or found[at].key == "later":
                    out[at] = replace(found[at], kind="FUNCTION", intent=None)
    return out


_CLAUSE_ENDS = frozenset({",", ";", ".", "!", "?", "but"})
# Who or what puts a feature off: "we will do", "comes later".
_PUTTING_OFF = frozenset({"will", "comes", "come", "can", "shall", "ll"})


def _when_people_sign_in(found: list[Chunk]) -> list[Chunk]:
    """ "the API falls over when lots of people log in at once": what people
    do, said in a condition, is when the trouble comes; not sign-in asked."""
    out = list(found)
    for index, chunk in enumerate(found):
        if chunk.kind != "CONCEPT" or chunk.intent != "auth" or chunk.key not in _SIGNING:
            continue
        before = _back_in_clause(found, index, 8)
        people = any(c.key in _WHO_SIGN_IN for c in before[:4])
        if people and any(c.key in _IN_A_CONDITION for c in before):
            out[index] = replace(chunk, kind="FUNCTION", intent=None)
    return out


def _back_in_clause(found: list[Chunk], index: int, most: int) -> list[Chunk]:
    # Up to ``most`` chunks before ``index``, nearest first, back to a mark.
    before: list[Chunk] = []
    for earlier in reversed(found[:index]):
        if earlier.kind == "SEP" or len(before) == most:
            break
        before.append(earlier)
    return before


_SIGNING = frozenset({"login", "signin", "logout", "signup", "register"})
_WHO_SIGN_IN = frozenset(
    {"people", "users", "customers", "clients", "members", "visitors", "everyone", "staff"}
    # "when many user login same time": the plural's -s dropped.
    | {"user", "customer", "client", "member", "visitor", "students", "employees", "patients"}
)
_IN_A_CONDITION = frozenset({"when", "whenever", "if", "once", "while", "as"})


def _talked_about(found: list[Chunk]) -> list[Chunk]:
    """ "before we decide anything about the deployment": what a decision or a
    talk is about, not a feature asked."""
    out = list(found)
    for index, chunk in enumerate(found):
        if chunk.kind != "CONCEPT" or index < 2:
            continue
        at = index - 1
        while at > 0 and found[at].kind == "FUNCTION" and found[at].key in ("the", "our", "a"):
            at -= 1
        if found[at].key not in ("about", "regarding"):
            continue
        before = _back_in_clause(found, at, 6)
        # "we decide", "the team will discuss": someone deliberating.
        who = any(c.key in ("we", "i", "they", "you", "team") for c in before)
        if who and any(c.key in _DELIBERATING for c in before):
            out[index] = replace(chunk, kind="FUNCTION", intent=None)
    return out


_DELIBERATING = frozenset(
    {"decide", "decides", "decided", "decision", "talk", "discuss", "think", "argue", "agree"}
)


def _nothing_else(found: list[Chunk]) -> list[Chunk]:
    """ "{code, message, details} and nothing else", "code, message and details,
    no other field": the envelope is all an error body holds (strict)."""
    out = list(found)
    exact: list[int] = []
    for index, chunk in enumerate(found):
        if not _envelope(chunk):
            continue
        if _EXACTLY.compiled().match(chunk.text) and chunk.key not in _ENVELOPES:
            # "..., has exactly the fields code, message and details": said in
            # a clause of its own, the body is still the strict one.
            exact.append(index)
        back = index - 1
        while back >= 0 and found[back].key in ("a", "an", "the", "fields", "keys", "three"):
            back -= 1  # "exactly the fields code, message and details"
        if (
            back >= 0
            and found[back].key in ("exactly", "exact", "only", "just")
            and chunk.key not in _ENVELOPES
        ):
            # "every error carries exactly a code, a message and details".
            out[back] = Chunk("WORD", "strictly", found[back].position)
        ahead = [c.key for c in found[index + 1 : index + 6] if c.kind != "SEP"]
        if ahead[:2] in (["nothing", "more"], ["nothing", "else"]) and chunk.key not in _ENVELOPES:
            # "code, message, details. nothing more, nothing less"
            for place in range(index + 1, min(index + 6, len(found))):
                if found[place].key in ("nothing", "more", "less", "else"):
                    out[place] = Chunk("WORD", "strictly", found[place].position)
                    break
        at = index + 1
        if at < len(found) and found[at].key in ("exactly", "only", "with"):
            at += 1  # "{code, message, details} with no other keys"
        if at < len(found) and found[at].kind == "SEP" and found[at].text in (",", "and"):
            at += 1
        said = [c.key for c in found[at : at + 2]]
        more = found[at + 2] if at + 2 < len(found) else None
        other = said[:1] == ["no"] and said[1:] in (["other"], ["extra"], ["additional"])
        # "an envelope and nothing else" may say that nothing else is to be
        # done; said of its members, it is what the body holds.
        members = chunk.key not in _ENVELOPES
        if (members and said == ["nothing", "else"]) or (
            other and more is not None and more.key in _KEYS
        ):
            out[index + 1] = Chunk("WORD", "strictly", found[index + 1].position)
            for place in range(index + 2, at + 2 + other):
                out[place] = replace(found[place], kind="FUNCTION", intent=None)
    for index in reversed(exact):
        out.insert(index, Chunk("WORD", "strictly", found[index].position))
    return out


_EXACTLY = _Pattern(r"(?:exactly|only|just)\s", re.IGNORECASE)
_KEYS = frozenset({"field", "fields", "key", "keys", "property", "properties"})


def _restated_times(found: list[Chunk]) -> list[Chunk]:
    # "a TTL of 5 minutes (i.e. 300 seconds)": the same time said again.
    out = list(found)
    for index, chunk in enumerate(found[:-1]):
        if chunk.kind not in ("TTL", "DURATION") or found[index + 1].kind != "LPAR":
            continue
        end = _closing(found, index + 2)
        inside = found[index + 2 : end] if end is not None else []
        if any(c.kind == "DURATION" for c in inside) and all(
            c.kind in ("DURATION", "SEP", "FUNCTION", "NUMBER") for c in inside
        ):
            for at in range(index + 1, index + 3 + len(inside)):
                out[at] = replace(found[at], kind="FUNCTION", intent=None)
    return out


# What a bracket after a feature holds when it asks for something more than
# that feature ("logging (and tests for it, please)"), not a detail of it.
_ASKING = frozenset({"VERB", "THEN", "NEW", "LPAR"})
_BETWEEN = frozenset({"NOUN", "WORD", "FUNCTION"})


_STRICTLY = frozenset({"strict", "strictly", "same", "identical", "uniform", "consistent"})


def _bracketed_examples(found: list[Chunk]) -> list[Chunk]:
    """ "the reference data endpoints (postcodes, ward names and so on)": what
    the endpoints serve, as examples; not the fields of a resource, unless a
    CRUD is asked."""
    if any(c.intent == "crud" for c in found):
        return found
    out = list(found)
    for index, chunk in enumerate(found[:-1]):
        if chunk.kind != "NOUN" or chunk.key not in _EXAMPLED or found[index + 1].kind != "LPAR":
            continue
        end = _closing(found, index + 2)
        inside = found[index + 2 : end] if end is not None else []
        if inside and all(c.kind in ("WORD", "SEP", "FUNCTION") for c in inside):
            for at in range(index + 2, index + 2 + len(inside)):
                out[at] = replace(found[at], kind="FUNCTION")
    return out


def _body_shapes(found: list[Chunk]) -> list[Chunk]:
    """ "every error returns the same body {code, message, trace_id}": the keys of
    an error body in braces show its shape; they name no feature ("trace_id" is
    not tracing) and no field, unless a CRUD is asked."""
    if any(c.intent == "crud" for c in found) or not any(
        c.intent == "error_handling" for c in found
    ):
        return found
    out = list(found)
    for index, chunk in enumerate(found):
        if chunk.kind != "LPAR":
            continue
        before = next((c for c in reversed(found[:index]) if c.kind != "FUNCTION"), None)
        shaped = before is not None and before.key.endswith(_SHAPED)
        if chunk.text != "{" and not shaped:
            continue
        end = _closing(found, index + 1)
        inside = found[index + 1 : end] if end is not None else []
        if inside and all(c.kind in _SHAPE_KEYS for c in inside):
            for at in range(index + 1, index + 1 + len(inside)):
                if found[at].kind != "SEP":
                    out[at] = replace(found[at], kind="FUNCTION")
    return out


_SHAPE_KEYS = frozenset({"WORD", "NOUN", "FUNCTION", "SEP", "CONCEPT", "COLON", "TYPE"})
# "a strict body format (error code, message, request id)": a shape in brackets.
_SHAPED = ("format", "shape", "body", "envelope", "structure", "schema", "fields")


def _deploy_parts(found: list[Chunk]) -> list[Chunk]:
    """ "compose file for app+postgres", "Docker + CI, also add a health check":
    beside a deployment, the database is one of its services and a health check
    is its probe, not a query review or a readiness audit; so is Redis, named
    among the compose file's services when no cache is asked."""
    deployed = [i for i, c in enumerate(found) if c.kind == "CONCEPT" and c.intent == "deploy"]
    if not deployed:
        return found
    out = list(found)
    cached = any(c.kind == "CONCEPT" and c.intent == "caching" for c in found)
    for index, chunk in enumerate(found):
        if chunk.kind != "STORE" or cached or chunk.key != "redis":
            continue
        before = found[index - 1] if index else None
        near = any(0 < index - i <= 8 for i in deployed)
        if near and before is not None and before.kind in ("SEP", "OPEN", "NOUN", "LPAR"):
            out[index] = replace(chunk, kind="FUNCTION")
    for index, chunk in enumerate(found):
        # "the Docker file, the compose arrangement, CI and a checklist": the
        # deployment's checklist, which it prints.
        listed = chunk.key in ("checklist", "checklists") and chunk.kind in ("WORD", "NOUN")
        if listed and any(0 < index - i <= 8 for i in deployed):
            out[index] = replace(chunk, kind="FUNCTION")
    for index, chunk in enumerate(found):
        if chunk.kind != "CONCEPT":
            continue
        before = next((c for c in reversed(found[:index]) if c.kind != "FUNCTION"), None)
        after = next((c for c in found[index + 1 :] if c.kind != "FUNCTION"), None)
        if chunk.intent == "audit" and chunk.key in _READY and after is not None:
            if after.kind == "CONCEPT" and after.intent == "deploy":
                # "a production-ready container build": what kind of build.
                out[index] = replace(chunk, kind="FUNCTION", intent=None)
            continue
        if chunk.intent == "optimize_db" and chunk.key in _SERVICES:
            near = any(0 < index - i <= 8 for i in deployed)
            if near and before is not None and (before.kind in ("SEP", "OPEN", "NOUN")):
                out[index] = replace(chunk, kind="FUNCTION")
        elif (
            chunk.intent == "audit"
            and chunk.key in _PROBES
            and (before is None or before.key not in _AUDITING)
        ):
            out[index] = replace(chunk, intent="deploy")
    return out


_SERVICES = frozenset({"postgres", "postgresql"})
_READY = frozenset({"productionready", "prodready", "productiongrade", "prodgrade"})
_PROBES = frozenset({"health", "healthcheck", "healthchecks"})
# "deploy it, then run a health check": the audit, asked.
_AUDITING = frozenset({"run", "do", "give", "get", "quick", "full", "score", "me"})


def _purposes(found: list[Chunk]) -> list[Chunk]:
    """ "I want the reports endpoint cached for 60 seconds, so that repeated refreshes
    don't hammer the DB": what the request is for, up to the sentence's end, once
    the request has named a feature; "make it so that every error is JSON" asks
    in its purpose, and is read."""
    out = list(found)
    start = 0
    for index, chunk in enumerate(found[:-1]):
        if chunk.kind == "SEP" and chunk.text in (".", ";", "!", "?"):
            start = index + 1
            continue
        if chunk.key != "so" or not (
            found[index + 1].key == "that"
            or (found[index + 1].key in _SUBJECTS_OF_PURPOSE and index + 2 < len(found))
            or (found[index + 1].key in ("the", "my") and _feature_follows(found, index + 2))
        ):
            continue
        before = found[start:index] or found[:index]
        if not any(c.kind == "CONCEPT" for c in before) or asks_after_so(found, index):
            continue
        errors = any(c.intent == "error_handling" for c in before)
        kept = place_in_purpose(found, index, before)
        at = index
        # The purpose ends at the sentence's end, or where the next step starts
        # ("..., so we know what to fix first, then run the security checklist").
        while at < len(found) and not (
            (found[at].kind == "SEP" and found[at].text in (".", ";", "!", "?"))
            or found[at].kind == "THEN"
            or (found[at].kind == "SEP" and found[at].key == "then")
        ):
            # "add exception handlers so that every error has exactly the fields
            # code, message and details": the body the handlers give, kept.
            shape = errors and (_envelope(found[at]) or found[at].key == "strictly")
            if found[at].kind != "SEP" and not shape and at not in kept:
                out[at] = replace(found[at], kind="FUNCTION", intent=None)
            at += 1
    return out


# "..., so I can stop using a spreadsheet", "so nobody breaks login again".
def _feature_follows(found: list[Chunk], start: int) -> bool:
    """ "so the test dashboard updates live": a feature's word in what the
    request is for, before the sentence ends; one without ("so the night shift
    sees readable messages") is read as other purposes are."""
    for chunk in found[start:]:
        if chunk.kind == "SEP" and chunk.text in (".", ";", "!", "?"):
            return False
        if chunk.kind == "CONCEPT":
            return True
    return False


_SUBJECTS_OF_PURPOSE = frozenset(
    {"i", "we", "you", "they", "nobody", "everyone", "people", "users", "customers", "our"}
)


def _tests_as_names(found: list[Chunk]) -> list[Chunk]:
    """ "websockets for live test results", "endpoints for test runs": "test"
    before a noun of what tests produce names a thing, not tests to write."""
    out = list(found)
    for index, chunk in enumerate(found[:-1]):
        following = found[index + 1]
        if chunk.kind == "CONCEPT" and chunk.key == "test" and following.key in _TEST_THINGS:
            previous = found[index - 1] if index else None
            if previous is None or previous.key not in ("write", "add", "need", "more"):
                out[index] = Chunk("WORD", chunk.text, chunk.position)
    return out


# What tests produce, named after them: "test results", "test runs".
_TEST_THINGS = frozenset({"results", "runs", "run", "reports", "report", "dashboard", "monitor"})


def _checklist_items(found: list[Chunk]) -> list[Chunk]:
    """ "is rate limiting set up right? please review", "check cors + rate limiting
    + headers", "a checklist pass on auth, https, headers and secrets": items of
    the security checklist, checked, are the review's, not features to add. An
    adding verb before them ("add rate limiting") leaves them as they are."""
    checking = any(
        (c.kind in ("VERB", "CONCEPT", "WORD") and c.key in _CHECKING)
        or (c.kind == "CONCEPT" and c.intent == "security_review")
        for c in found
    )
    if not checking:
        return found
    out = list(found)
    reviewed = any(c.kind == "CONCEPT" and c.intent == "security_review" for c in found)
    adding = False
    for index, chunk in enumerate(found):
        if chunk.kind == "SEP" and chunk.text in _STOPS:
            adding = False
        elif chunk.kind == "VERB" and chunk.key in _ADDING_VERBS:
            adding = True
        elif chunk.key in _CHECKING:
            adding = False  # "add caching and check the headers"
        elif chunk.kind in ("UNSUPPORTED", "WORD") and chunk.key in _CHECKLIST and not adding:
            if reviewed:
                out[index] = Chunk("CONTEXT", chunk.text, chunk.position)
            else:
                out[index] = Chunk("CONCEPT", chunk.text, chunk.position, intent="security_review")
                reviewed = True
            _listed_auth_checked(out, index)
    return out


def _listed_auth_checked(out: list[Chunk], index: int) -> None:
    # "a checklist pass on auth, https, headers and secrets": auth listed with
    # the items checked is checked too, not added.
    for step in (-1, 1):
        at = index + step
        while 0 <= at < len(out) and (
            (out[at].kind == "SEP" and out[at].text in (",", "and", "+", "/"))
            or out[at].kind in ("CONCEPT", "CONTEXT", "FUNCTION", "WORD", "UNSUPPORTED")
        ):
            if out[at].kind == "CONCEPT" and out[at].intent == "auth":
                out[at] = Chunk("CONTEXT", out[at].text, out[at].position)
            if out[at].kind == "CONCEPT" and out[at].intent not in ("auth", "security_review"):
                break
            at += step


# What the security checklist checks that fastprod does not add.
_CHECKLIST = frozenset(
    {"ratelimiting", "ratelimit", "ratelimits", "throttling", "https", "tls", "hsts", "csp"}
    | {"headers", "xframeoptions", "httpheaders"}
)
_CHECKING = frozenset(
    {"review", "reviewed", "check", "checked", "verify", "checklist", "inspect", "assess"}
)
_ADDING_VERBS = frozenset({"add", "enable", "implement", "setup", "configure", "install", "need"})


def _audit_scores(found: list[Chunk]) -> list[Chunk]:
    """ "an evaluation of the health, the quality and the security of the project":
    the audit's three scores; its security is the audit's, no review besides."""
    keys = [c.key for c in found]
    out = list(found)
    for index, chunk in enumerate(found):
        if chunk.kind != "CONCEPT" or chunk.key not in _SECURITY_SCORES:
            continue
        near = keys[max(0, index - 8) : index]
        # "audit project health and security", "check the code quality and the
        # security ... and give me a score": one of the others, and the audit asked.
        audit = any(k in _SCORING for k in keys) or any(c.intent == "audit" for c in found)
        scored = audit and bool({"quality", "codequality", "health", "healthy"} & set(near))
        if ("quality" in near and "health" in near) or scored:
            out[index] = replace(chunk, kind="FUNCTION", intent=None)
            # "grade it on health, quality and security": quality is the audit's too.
            for at in range(max(0, index - 8), index):
                if found[at].key == "quality" and found[at].kind == "WORD":
                    out[at] = Chunk("CONTEXT", found[at].text, found[at].position)
    if any(c.kind == "CONCEPT" and c.intent == "audit" for c in found):
        # "give my project a score, for health and code quality": the audit's score.
        for at, chunk in enumerate(found):
            if chunk.kind == "WORD" and chunk.key == "quality":
                out[at] = Chunk("CONTEXT", chunk.text, chunk.position)
                if at and found[at - 1].kind == "NOUN" and found[at - 1].key == "code":
                    out[at - 1] = Chunk("CONTEXT", found[at - 1].text, found[at - 1].position)
    return out


_SCORING = frozenset({"audit", "score", "scores", "grade", "scorecard"})
_SECURITY_SCORES = frozenset(
    {"security", "securityaudit", "securityassessment", "securityscore", "sec", "secscore"}
)


def _services_named(found: list[Chunk]) -> list[Chunk]:
    """ "Audit payments-gateway for prod readiness", "Readiness score - gift-cards-api":
    the service worked on, by its kebab-case name, where no project is made."""
    if any(c.kind == "NEW" or c.intent == "new_project" or c.key == "scaffold" for c in found):
        return found
    out = list(found)
    for index, chunk in enumerate(found):
        parts = chunk.text.lower().split("-")
        if chunk.kind != "WORD" or len(parts) < 2 or parts[-1] not in _SERVICE_ENDS:
            continue
        before = found[index - 1] if index else None
        if before is not None and before.kind == "OPEN" and before.key in NAMING_WORDS:
            continue
        out[index] = replace(chunk, kind="FUNCTION")
    return out


_SERVICE_ENDS = frozenset(
    {"api", "service", "svc", "gateway", "backend", "app", "portal", "platform", "server"}
)


def _titled_passes(found: list[Chunk]) -> list[Chunk]:
    """ "Standard hardening pass: structured logging + error handling + tests",
    "Prod hardening: deploy config + logging": a heading that names the work by
    its kind, then lists what it is; the list is asked, the heading is its title
    (a security review asked in the list is still one)."""
    colon = next((i for i, c in enumerate(found) if c.kind == "COLON"), None)
    if colon is None or colon > 5:
        return found
    heading = found[:colon]
    titled = [i for i, c in enumerate(heading) if c.kind == "CONCEPT" and c.key in _PASSES]
    if not titled or any(c.kind not in ("WORD", "FUNCTION", "CONCEPT", "VAGUE") for c in heading):
        return found
    listed = {c.intent for c in found[colon + 1 :] if c.kind == "CONCEPT" and c.intent}
    if len(listed) < 2:
        return found
    out = list(found)
    for index in titled:
        out[index] = replace(found[index], kind="FUNCTION", intent=None)
    return out


# What a heading calls a kind of work: "hardening", "prod hardening".
_PASSES = frozenset({"hardening", "prodhardening", "productionhardening", "securityhardening"})


def _coded_names(found: list[Chunk]) -> list[Chunk]:
    """ "tests for the user_management feature": a feature's words written as
    code, before a place noun, are the name of that part of the project."""
    out = list(found)
    for index, chunk in enumerate(found[:-1]):
        following = found[index + 1]
        if chunk.kind == "CONCEPT" and chunk.intent == "auth" and following.key in _SIGN_IN_THINGS:
            # "the visitor sign-in app", "Registration week starts Monday":
            # a thing named after signing in, not sign-in asked for.
            out[index] = replace(chunk, kind="WORD", intent=None)
            continue
        if chunk.kind != "CONCEPT" or following.key not in _CODED_PLACES:
            continue
        # "tests for the pipelines feature": a feature's word, in a place
        # that a slot opens, names that part of the project.
        slotted = index >= 2 and found[index - 1].key in ("the", "our", "my")
        slotted = (
            slotted and found[index - 2].kind == "OPEN" and found[index - 2].key in _SLOT_OPENS
        )
        if "_" in chunk.text or slotted:
            out[index] = replace(chunk, kind="WORD", intent=None)
    return out


_SLOT_OPENS = frozenset({"for", "to", "on", "of", "in"})
_SIGN_IN_THINGS = frozenset(
    {"app", "apps", "application", "kiosk", "kiosks", "week", "day", "period", "season"}
    | {"deadline", "desk", "office", "sheet", "sheets", "queue"}
)


_CODED_PLACES = frozenset(
    {"feature", "features", "module", "modules", "endpoint", "endpoints", "router", "routes"}
    | {"entity", "resource", "model", "table"}
)


def _deployed_by_hand(found: list[Chunk]) -> list[Chunk]:
    """ "we deploy by copying files over SSH", "deploying is a manual copy to
    the server by ssh": how deployment is done today, the trouble the
    deployment files end; not work on a running system asked for."""
    out = list(found)
    for index, chunk in enumerate(found):
        if chunk.kind != "OPERATE" or chunk.key not in ("byssh", "overssh", "viassh"):
            continue
        before = found[:index]
        told = any(c.kind == "CONCEPT" and c.intent == "deploy" for c in before)
        by_hand = any(w in c.key for c in before for w in _BY_HAND)
        if told and by_hand:
            out[index] = replace(chunk, kind="CONTEXT", intent=None)
    return out


# How a deployment done by hand is told: "copying files", "a manual copy".
_BY_HAND = ("manual", "hand", "copy", "copying", "copies", "scp")


def _guarded_against(found: list[Chunk]) -> list[Chunk]:
    """ "error handling: don't show clients the tracebacks": what a feature
    asked for must never do is how it keeps the app safe, not a request to
    make it less safe; shown as skipped."""
    if not any(c.kind == "CONCEPT" for c in found):
        return found
    out = list(found)
    for index in range(1, len(found)):
        if found[index].kind == "UNSAFE" and found[index - 1].kind == "NEGATION":
            for at in (index - 1, index):
                out[at] = replace(found[at], kind="CONTEXT", intent=None)
    for index, chunk in enumerate(found):
        # "global exception handlers, no tracebacks to clients": no traceback
        # shown is what error handling is for, said alone or beside it.
        if chunk.intent != "error_handling" or chunk.key not in _TRACEBACKS:
            continue
        # "no tracebacks", "no 500s with stack traces": the negation before them.
        start = max(0, index - 3)
        negated = [i for i in range(start, index) if found[i].kind == "NEGATION"]
        if not negated or found[negated[0]].key not in _NOT:
            continue
        between = found[negated[0] + 1 : index]
        said = ("WORD", "NUMBER", "OPEN", "FUNCTION")
        if any(c.kind not in said and c.intent != "error_handling" for c in between):
            continue
        out[negated[0]] = replace(found[negated[0]], kind="CONTEXT", intent=None)
    return out


_TRACEBACKS = frozenset({"traceback", "tracebacks", "stacktrace", "stacktraces", "traces"})
_NOT = frozenset({"no", "not", "never", "nomore", "without"})


def _analogies(found: list[Chunk]) -> list[Chunk]:
    """ "tests and fixtures - basically my evaluation harness, but for code",
    "plain text logs; it's like a dataframe with no index": a comparison
    after a request says what the request is like, and asks for nothing; its
    words are shown as skipped, to the end of its sentence."""
    out = list(found)
    for index in range(1, len(found)):
        if found[index - 1].kind != "SEP" or not _compares(found, index):
            continue
        if not any(c.kind in ("CONCEPT", "VERB", "FIELDS", "FIELDS_WORD") for c in found[:index]):
            continue
        end = index
        while end < len(found) and not (found[end].kind == "SEP" and found[end].text in _ENDS):
            if found[end].kind != "SEP":
                out[end] = replace(found[end], kind="CONTEXT", intent=None)
            end += 1
    return out


def _compares(found: list[Chunk], index: int) -> bool:
    # A comparison opens at ``index``: "basically my ...", "like a ...", "like
    # cleaning ...", "it's like ...", "think of it as ...", "the same way ...".
    keys = [c.key for c in found[index : index + 4]]
    while keys and keys[0] in ("just", "much", "kindof", "sortof", "kind of", "sort of"):
        keys = keys[1:]
    if keys[:1] == ["basically"]:
        # "Basically go mod init and a Makefile.": a gloss, not a request.
        following = found[index + 1] if index + 1 < len(found) else None
        glossed = following is not None and following.kind not in ("VERB", "CONCEPT", "SEP")
        return keys[1:2] in (["my"], ["our"], ["a"], ["an"]) or glossed
    if keys[:2] in (["it", "is"], ["this", "is"], ["that", "is"], ["its", "like"]):
        keys = keys[2:] if keys[1] == "is" else keys[1:]
    if keys[:1] in (["analogous"], ["comparable"], ["similar"], ["akin"], ["equivalent"]):
        # "..., analogous to what we would write with JUnit": what it is like.
        return keys[1:2] == ["to"]
    if keys[:1] == ["like"]:
        after = keys[1:2]
        return after in (["a"], ["an"], ["my"], ["our"], ["when"], ["how"]) or (
            bool(after) and len(after[0]) > 5 and after[0].endswith("ing")
        )
    return keys[:3] in (["think", "of", "it"], ["think", "of", "this"]) or keys[:3] in (
        ["the", "same", "way"],
        ["in", "the", "same"],
    )


_ENDS = frozenset({".", "?", "!", ";"})


def _asides(found: list[Chunk]) -> list[Chunk]:
    """ "(I'll send the branding later, promise)", "(feel free to say no)": a
    remark in brackets, said to the reader, asks for nothing; one that gives a
    parameter (a store, roles, a type, a time) is read."""
    out = list(found)
    index = 0
    while index < len(found):
        if found[index].kind != "LPAR" or found[index].text == "{":
            index += 1
            continue
        end = _closing(found, index + 1)
        if end is None:
            break
        inside = found[index + 1 : end]
        personal = any(c.key in _PERSONAL for c in inside)
        given = any(c.kind in _GIVEN for c in inside)
        if _after_project_name(found, index) and not any(
            c.kind in ("CONCEPT", "VERB", "NEW", "FIELDS_WORD") for c in inside
        ):
            # "the name order_router (snake_case, as our convention requires)":
            # said of the name.
            personal = True
        if personal and not given:
            for at in range(index + 1, end):
                out[at] = replace(found[at], kind="FUNCTION", intent=None)
        index = end + 1
    return out


def _after_project_name(found: list[Chunk], index: int) -> bool:
    # The bracket at ``index`` follows the name a new project is given, and
    # no CRUD is asked (whose fields a bracket after a name may list).
    if index < 2 or any(c.intent == "crud" for c in found):
        return False
    name, naming = found[index - 1], found[index - 2]
    new = any(c.kind == "NEW" or c.intent == "new_project" for c in found[: index - 1])
    return new and name.kind == "WORD" and naming.key in (*NAMING_WORDS, "name")


_PERSONAL = frozenset(
    {"i", "iwill", "iwould", "we", "you", "promise", "obviously", "honestly", "feel"}
)
_GIVEN = frozenset({"STORE", "ROLES", "ROLES_WORD", "TYPE", "FIELDS", "DURATION", "TTL", "COLON"})


_EXAMPLED = frozenset({"endpoints", "endpoint", "routes", "route", "pages", "page", "list"})


_DETAILED = frozenset(
    {"error_handling", "logging", "deploy", "optimize_db", "websocket", "audit", "security_review"}
)


_REVIEW_WORDS = frozenset({"review", "check", "pass", "sweep", "scan"})


def _scope_listed(out: list[Chunk], at: int) -> bool:
    # A dash (or a colon: "the security checklist against the api: jwt expiry,
    # secrets in env, CORS wildcard"), then three things or more joined by
    # commas, and no verb to the sentence's end.
    dashed = at < len(out) and out[at].kind == "SEP" and out[at].text == ";"
    if not dashed and not (at < len(out) and out[at].kind == "COLON"):
        return False
    listed = 0
    for chunk in out[at + 1 :]:
        if chunk.kind == "SEP" and chunk.text in (".", "?", "!", ";"):
            break
        if chunk.kind in ("VERB", "THEN", "STORE", "FIELDS", "ROLES"):
            return False
        if chunk.kind == "SEP" and chunk.text not in (",", "and"):
            return False
        listed += chunk.kind == "SEP"
    return listed >= 2


def _as_filler(
    out: list[Chunk], start: int, ends: tuple[str, ...], *, reviews: bool, listed: bool = False
) -> int:
    # Read the chunks from ``start`` as filler words, up to the next verb, step or
    # sentence end (or, with ``reviews``, a review of its own: "... and then a
    # production-readiness audit"); return where it stopped.
    index = start
    while index < len(out):
        chunk = out[index]
        if chunk.kind in ("VERB", "THEN") or chunk.key in _SEQUENCING or chunk.text in ends:
            break
        if chunk.kind == "NEGATION" and chunk.key in _FORBIDDING and not listed:
            break  # "a review of the API, but do not change anything": a limit
        if reviews and index > start and chunk.kind == "CONCEPT" and chunk.intent in _REVIEWS:
            break
        if chunk.kind in ("CONCEPT", "WORD", "NOUN", "OPEN") or (
            listed and chunk.kind == "NEGATION"
        ):
            # "— ..., routes w/o authz": what the review looks for, not a removal.
            out[index] = replace(chunk, kind="FUNCTION")
        index += 1
    return index


# "don't", "never": what opens a limit set beside a command.
_FORBIDDING = frozenset({"donot", "dont", "never"})


def _tests_focus(found: list[Chunk]) -> list[Chunk]:
    # "write tests for auth pls, especially login and token refresh": what the
    # tests look at most, read as filler words up to the next verb or step.
    tests = next(
        (i for i, c in enumerate(found) if c.kind == "CONCEPT" and c.intent == "write_tests"), None
    )
    if tests is None:
        return found
    out = list(found)
    focus = None
    for index in range(tests + 1, len(out)):
        chunk = out[index]
        if chunk.kind == "VERB" and chunk.key in ("cover", "covers", "covering"):
            # "tests for auth - cover login and token refresh": what they go through.
            out[index] = replace(chunk, kind="FUNCTION")
            focus = index + 1
            break
        if chunk.kind in ("VERB", "THEN") or chunk.key in _SEQUENCING:
            return found
        if chunk.key in _FOCUSING and index > 0 and out[index - 1].text == ",":
            focus = index
            break
        # "tests for the auth flow: register, login, refresh", "tests for the auth
        # module, login/refresh/role checks": what they go through, to the end.
        listed = chunk.kind == "COLON" and index > tests + 2 and _listed_to_end(out, index + 1)
        if listed or (out[index - 1].text == "," and _slashed_to_end(out, index)):
            for at in range(index + listed, len(out)):
                if out[at].kind != "SEP":
                    out[at] = replace(out[at], kind="FUNCTION", intent=None)
            return out
        stop = next(
            (i for i in range(index + 1, len(out)) if out[i].kind == "SEP" and out[i].text in ";."),
            len(out),
        )
        if chunk.kind == "COLON" and index > tests + 2 and _cases_listed(out[index + 1 : stop]):
            # "tests for invoices: happy path, 404 for unknown ids, 422 for bad
            # payloads; ...": the cases, up to the clause's end.
            for at in range(index + 1, stop):
                if out[at].kind != "SEP":
                    out[at] = replace(out[at], kind="FUNCTION", intent=None)
            return out
        before = out[index - 1].kind
        if chunk.kind == "LPAR" and index > tests + 1 and before in ("WORD", "NOUN", "CONCEPT"):
            # "tests for the authentication flow (registration, login, token
            # refresh)": what the tests go through, in brackets.
            close = _closing(out, index)
            if close is None or any(c.kind == "VERB" for c in out[index:close]):
                return found  # "(and add caching)": a step of its own
            for inside in range(index, close + 1):
                if out[inside].kind in ("CONCEPT", "WORD", "NOUN", "OPEN", "UNSUPPORTED"):
                    out[inside] = replace(out[inside], kind="FUNCTION")
            return out
    if focus is None:
        return found
    _as_filler(out, focus, (".", ";"), reviews=False)
    return out


def _lacking_tests(clauses: list[_Clause], placed: list[tuple[int, _Command]]) -> set[int]:
    # The tests of a statement that there are none: "X has zero tests".
    found: set[int] = set()
    for number, command in placed:
        clause = clauses[number]
        if command.name != "write_tests" or clause.kinds("VERB"):
            continue
        for index, chunk in enumerate(clause.items[1:], start=1):
            if (
                chunk.kind == "CONCEPT"
                and chunk.intent == "write_tests"
                and clause.items[index - 1].key in ("zero", "no")
            ):
                found.add(id(command))
    return found


def _to_the_end(found: list[Chunk], start: int) -> list[Chunk]:
    # The chunks from ``start`` to the sentence's end, without its closing mark.
    rest = found[start:]
    while rest and rest[-1].kind == "SEP" and rest[-1].text in (".", "!"):
        rest = rest[:-1]
    return rest


def _listed_to_end(found: list[Chunk], start: int) -> bool:
    # "register, login, refresh." up to the sentence's end: names in a list.
    rest = _to_the_end(found, start)
    names = ("CONCEPT", "WORD", "NOUN", "UNSUPPORTED", "VERB")
    joints = [c for c in rest if c.kind == "SEP"]
    return (
        len(rest) >= 3
        and bool(joints)
        and all(c.text in (",", "and", "/") for c in joints)
        and all(c.kind in names or c.kind == "SEP" or c.key in ("the", "a") for c in rest)
    )


def _cases_listed(said: list[Chunk]) -> bool:
    # "happy path, 404 for unknown ids, 422 for invalid payloads": cases in a
    # list, with the statuses and what they are for.
    kinds = ("CONCEPT", "WORD", "NOUN", "NUMBER", "OPEN", "FUNCTION", "SEP", "UNSUPPORTED", "TYPE")
    return (
        len(said) >= 3
        and sum(c.text == "," for c in said) >= 1
        and any(c.kind == "NUMBER" for c in said)
        and all(c.kind in kinds for c in said)
        and all(c.text in (",", "and", "/") for c in said if c.kind == "SEP")
    )


def _slashed_to_end(found: list[Chunk], start: int) -> bool:
    # "login/refresh/role checks" up to the sentence's end: names joined by slashes.
    rest = _to_the_end(found, start)
    names = ("CONCEPT", "WORD", "NOUN", "ROLES_WORD", "FUNCTION")
    return (
        sum(c.text == "/" for c in rest) >= 1
        and all(c.kind in names or c.text == "/" for c in rest)
        and rest[0].kind != "FUNCTION"
    )


_LOOKING = frozenset({"in", "from", "through", "across"})


def _places_seen(found: list[Chunk]) -> list[Chunk]:
    # "lots of slow queries in the logs": where a problem was seen, when
    # the sentence asks for another feature; not logging to add.
    intents = {c.intent for c in found if c.kind == "CONCEPT"}
    # Errors and requests are what logs are read for: "tie an error back to a
    # request in our logs" is about the logs.
    if len(intents - {"logging", "error_handling", None}) == 0:
        return found
    out = list(found)
    for index, chunk in enumerate(found):
        if chunk.kind != "CONCEPT" or chunk.intent != "logging" or chunk.key not in _LOG_WORDS:
            continue
        before = index - 1
        while before >= 0 and found[before].key in ("the", "our", "my", "its", "their"):
            before -= 1
        if before >= 0 and found[before].key in _LOOKING and before < index - 1:
            out[index] = replace(chunk, kind="FUNCTION")
    return out


_LOG_WORDS = frozenset({"logs", "log", "thelogs"})


def _ids_in_error_bodies(
    commands: list[_Command], placed: list[tuple[int, _Command]], clauses: list[_Clause]
) -> list[_Command]:
    """ "every error response must have exactly the keys (code, message,
    request_id)": a request id named as a key of the error bodies is part of
    their shape, not a logging feature asked for."""
    if not any(c.name == "error_handling" for c in commands):
        return commands
    where = {id(c): n for n, c in placed}
    dropped = set()
    for command in commands:
        if command.name != "logging" or command.said not in _REQUEST_IDS:
            continue
        number = where.get(id(command))
        if number is None:
            continue
        clause = clauses[number]
        logged = any(
            c.kind == "CONCEPT" and c.intent == "logging" and c.key not in _REQUEST_IDS
            for c in clause.items
        )
        if clause.kinds("VERB") or logged:
            continue  # "..., then add request ids to the logs", "request id logging": asked
        # The list of keys may run over the clauses before ("(code, message, request_id)").
        near = {c.key for part in clauses[max(0, number - 2) : number + 1] for c in part.items}
        own = {c.key for c in clause.items}
        if near & _ERROR_SHAPES or ("without" in own and own & _ERRORS_SAID):
            dropped.add(id(command))
    if len(dropped) == sum(c.name == "logging" for c in commands):
        return [c for c in commands if id(c) not in dropped]
    return commands


_REQUEST_IDS = frozenset(
    {"requestid", "requestids", "traceid", "traceids", "correlationid", "correlationids", "reqid"}
)
_ERROR_SHAPES = frozenset({"key", "keys", "body", "bodies", "envelope", "shape"})
# "the client receives plain text 'Internal Server Error' without request ID".
_ERRORS_SAID = frozenset({"error", "errors", "exception", "exceptions", "500", "500s"})


def _signed(found: list[Chunk], sentence: str) -> list[Chunk]:
    """ "Hi! ... so we know it holds up? Dave": a name alone after the last
    sentence of a message that greets signs it; it is read as a filler word."""
    if not _GREETED.compiled().match(sentence):
        return found  # "Write tests. Invoices.": a title, in a message that greets no one
    end = len(found)
    while end and found[end - 1].kind == "SEP" and found[end - 1].text in (".", "!"):
        end -= 1
    if end < 3:
        return found
    name, stop = found[end - 1], found[end - 2]
    stopped = stop.kind == "SEP" and stop.text in (".", "!", "?", ";")
    thanked = stop.kind == "FUNCTION" and stop.key.startswith(("thank", "cheers", "regards"))
    if name.kind != "WORD" or not (stopped or thanked):
        return found
    if not re.fullmatch(r"[A-Z][a-z]{1,15}|[A-Z]", name.text):
        return found
    return [*found[: end - 1], replace(name, kind="FUNCTION"), *found[end:]]


_GREETED = _Pattern(
    r"\s*(?:hi|hello|hey|hiya|dear|greetings|good\s+(?:morning|afternoon|evening))\b", re.I
)


def _quoted_names(found: list[Chunk], sentence: str) -> list[Chunk]:
    """ "tests for `deployments` module", "slow queries on `audit_logs`": a
    feature's word in backticks is code's name, after a word that names a
    place ("for", "on") or before a noun of ours."""
    out = list(found)
    for index, chunk in enumerate(found):
        before = found[index - 1] if index else None
        if chunk.kind == "VERB" and before is not None and before.key in _ENTITY_NOUNS:
            # 'the entity "Review"', "the model Rating": its name, not a verb.
            out[index] = replace(chunk, kind="WORD", intent=None)
            continue
        if chunk.kind != "CONCEPT" or chunk.position < 1:
            continue
        end = chunk.position + len(chunk.text)
        quoted = sentence[chunk.position - 1] == "`" and sentence[end : end + 1] == "`"
        after = found[index + 1] if index + 1 < len(found) else None
        placed = (before is not None and before.kind == "OPEN") or (
            after is not None and after.kind == "NOUN"
        )
        if quoted and placed:
            out[index] = replace(chunk, kind="WORD", intent=None)
    return out


_ENTITY_NOUNS = frozenset({"entity", "resource", "model", "table"})


def _verb_roles(found: list[Chunk]) -> list[Chunk]:
    """ "roles admin, merchant and support": a role spelled like a verb, last in
    a list of roles."""
    out = list(found)
    for index, chunk in enumerate(found):
        if chunk.kind != "ROLES_WORD":
            continue
        at = index + 1
        while at + 1 < len(found) and found[at].kind == "WORD" and found[at + 1].kind == "SEP":
            at += 2
        last = found[at] if at < len(found) else None
        after = found[at + 1] if at + 1 < len(found) else None
        listed = at > index + 1 and found[at - 1].key in ("and", ",", "or")
        ends = after is None or after.kind in ("SEP", "FUNCTION")
        if listed and last is not None and last.kind == "VERB" and ends:
            out[at] = replace(last, kind="WORD", intent=None)
    return out


def _business_workflows(found: list[Chunk]) -> list[Chunk]:
    """ "for the screening workflow", "the approval workflow": a workflow of the
    business, not a CI workflow ("a GitHub workflow", "a release workflow")."""
    out = list(found)
    for index, chunk in enumerate(found):
        if chunk.kind != "CONCEPT" or chunk.key not in _WORKFLOWS or index == 0:
            continue
        before = found[index - 1]
        if before.kind == "WORD" and before.key not in _PIPELINE_WORDS:
            out[index] = replace(chunk, kind="WORD", intent=None)
    return out


_WORKFLOWS = frozenset({"workflow", "workflows"})
_PIPELINE_WORDS = frozenset(
    {"build", "release", "test", "tests", "lint", "linting", "cd", "ci", "delivery", "deploy"}
    | {"deployment", "docker", "image", "publish", "automated", "yaml", "yml", "actions"}
)


def _based(found: list[Chunk]) -> list[Chunk]:
    # "a WebSocket-based channel", "Redis-backed sessions": the feature the
    # compound is made of.
    out = list(found)
    for index, chunk in enumerate(found):
        stem, dash, tail = chunk.text.rpartition("-")
        if chunk.kind != "WORD" or not dash or tail.lower() not in _BASED:
            continue
        intent = concept_table().get(concept_key(stem))
        if intent is not None:
            out[index] = replace(chunk, kind="CONCEPT", intent=intent)
    return out


_BASED = frozenset({"based", "backed", "powered", "driven", "enabled"})


def _measured(found: list[Chunk]) -> list[Chunk]:
    # "p99 is 3s", "the page takes 4s", "polls every 2 seconds": a time
    # measured or a rate, not a time to live;
    # read as a filler word ("the ttl is 5 minutes" still sets one).
    kept = list(found)
    for index, chunk in enumerate(found):
        if chunk.kind != "DURATION" or index == 0:
            continue
        before = found[index - 1].key
        subject = found[index - 2].key if index > 1 else ""
        copula = before in _COPULAS and subject not in _LIVING
        # "p95 on /experiments ~4s", "latency at about 2s": a time measured.
        metric = any(_METRIC.compiled().fullmatch(c.key) for c in found[max(0, index - 4) : index])
        # "refresh it every 6 hours", "expire every 10 minutes": how long
        # a cached value lives.
        refreshed = before in _EVERY and any(
            c.key in _REFRESHING for c in found[max(0, index - 4) : index - 1]
        )
        if before in _TAKING or (before in _EVERY and not refreshed) or copula or metric:
            kept[index] = replace(chunk, kind="FUNCTION")
    return kept


_METRIC = _Pattern(r"p\d{2,3}|latency|latencies|avg|average|median|mean|response-?time")
# "polls every two seconds": how often, not how long.
_EVERY = frozenset({"every", "each", "per"})
_REFRESHING = frozenset(
    {"refresh", "refreshed", "refreshes", "expire", "expires", "expired", "expiring", "reload"}
)
_TAKING = frozenset({"takes", "took", "taking", "take", "spends", "spent", "spend"})
# What a time to live is said of: "the ttl is 5 minutes", "expiry is 1h".
_LIVING = frozenset({"ttl", "expiry", "expiration", "lifetime", "timeout", "duration", "age"})


def _recorded(found: list[Chunk]) -> list[Chunk]:
    """ "need to log vacation requests": "to log" a thing records it; it is
    not the logging feature."""
    out = list(found)
    for index, chunk in enumerate(out):
        if chunk.kind != "CONCEPT" or chunk.key != "log" or index == 0:
            continue
        following = out[index + 1] if index + 1 < len(out) else None
        if out[index - 1].key == "to" and following is not None and following.kind == "WORD":
            out[index] = replace(chunk, kind="WORD", intent=None)
    for index, chunk in enumerate(out):
        # "I want to register vehicles with plate_number: str": things are
        # registered as records; people register by signing up.
        if chunk.kind != "CONCEPT" or chunk.key != "register":
            continue
        at = index + 1
        while at < len(out) and out[at].key in ("the", "our", "all", "new", "my"):
            at += 1
        thing = out[at] if at < len(out) else None
        if thing is None or thing.kind != "WORD" or not thing.key.endswith("s"):
            continue
        if thing.key not in _WHO_SIGN_UP:
            out[index] = replace(chunk, kind="WORD", intent=None)
    return out


# Who registers by signing up, not as a record.
_WHO_SIGN_UP = frozenset(
    {"users", "accounts", "members", "customers", "people", "players", "visitors", "guests"}
    | {"clients", "subscribers", "sellers", "buyers", "employees", "admins", "drivers"}
)


def _sections(found: list[Chunk]) -> list[Chunk]:
    """A ticket's sections: "Symptoms: p95 on /reports is 4s." says how things
    are (context); "Scope: all public endpoints." where the work goes, context
    unless it names features, when only its label is."""
    out: list[Chunk] = []
    index = _titled_list(found, out)
    while index < len(found):
        chunk = found[index]
        labelled = index + 1 < len(found) and found[index + 1].kind == "COLON"
        # A section opens a sentence of the ticket; "notes: text" is a field.
        opens = index == 0 or (found[index - 1].kind == "SEP" and found[index - 1].text in ".;")
        typed = index + 2 < len(found) and found[index + 2].kind == "TYPE"
        if not labelled or not opens or typed or chunk.key not in _SECTIONS | _SCOPES | _LIMITS:
            out.append(chunk)
            index += 1
            continue
        end = index + 2
        while end < len(found) and not (found[end].kind == "SEP" and found[end].text in ".;"):
            if _so_asks(found, end):
                break  # "Context: we are a small team, so please run the audit"
            end += 1
        body = found[index + 2 : end]
        if body and body[0].kind == "VERB":
            # "Context: add logging": the label, then the request.
            out.append(Chunk("CONTEXT", chunk.text, chunk.position))
            index += 2
            continue
        named = any(c.kind in ("CONCEPT", "FIELDS", "STORE", "DURATION") for c in body)
        if chunk.key in _SCOPES and named:
            out.append(Chunk("CONTEXT", chunk.text, chunk.position))
            out.extend(body)
        elif chunk.key in _LIMITS:
            # "Constraints: redis only in prod (REDIS_URL set), TTL 10m.": the
            # store and time to live it sets are kept; where it runs is context.
            out.append(Chunk("CONTEXT", chunk.text, chunk.position))
            kept = ("STORE", "TTL", "DURATION")
            out.extend(
                c if c.kind in kept else Chunk("CONTEXT", c.text, c.position)
                for c in body
                if c.kind != "SEP"
            )
        else:
            out.append(Chunk("CONTEXT", chunk.text, chunk.position))
            out.extend(Chunk("CONTEXT", c.text, c.position) for c in body if c.kind != "SEP")
        index = end
    return out


def _so_asks(found: list[Chunk], index: int) -> bool:
    """ ", so please run the audit": a request after the reason before it."""
    if found[index].text != "," or index + 1 >= len(found) or found[index + 1].key != "so":
        return False
    verb = index + 2
    while verb < len(found) and found[verb].kind == "FUNCTION":
        verb += 1
    return verb < len(found) and found[verb].kind == "VERB"


def _titled_list(found: list[Chunk], out: list[Chunk]) -> int:
    # "Sprint goal • cache /categories ...", "Release checklist - ...": the
    # title of the list that follows; where the list starts.
    end = 0
    while end < min(len(found), 4) and found[end].kind in ("WORD", "NOUN", "FUNCTION"):
        end += 1
    after = found[end] if end < len(found) else None
    titled = end and found[end - 1].key in _LIST_TITLES
    if not titled or after is None or after.kind not in ("SEP", "COLON") or after.text == ",":
        return 0
    out.extend(Chunk("CONTEXT", c.text, c.position) for c in found[:end])
    # "ok so the plan: first audit ...": the colon goes with the title.
    out.append(Chunk("CONTEXT", after.text, after.position) if after.kind == "COLON" else after)
    return end + 1


_LIST_TITLES = frozenset(
    {"goal", "goals", "checklist", "todo", "todos", "tasks", "plan", "items", "asks", "wishlist"}
)


_GRADES = frozenset({"prodgrade", "productiongrade", "enterprisegrade", "prodready"})
# An audit's words that say what a review reports; "before ..." says when.
_REVIEWED_WHEN = frozenset(
    {"whatiswrong", "whatswrong", "whatismissing", "whatsmissing", "gaps", "thegaps", "findings"}
)


_SECTIONS = frozenset(
    {
        "justification",
        "rationale",
        "symptoms",
        "symptom",
        "background",
        "context",
        "notes",
        "note",
        "priority",
        "impact",
        "why",
        "owner",
        "deadline",
        "estimate",
        "reason",
        "motivation",
        "problem",
        "labels",
        "label",
        "tags",
        "assignee",
        "assignees",
        "milestone",
        "reporter",
        "status",
        "environment",
    }
)
_SCOPES = frozenset({"scope", "where", "target", "targets"})
_LIMITS = frozenset({"constraints", "constraint", "assumptions", "limits"})


def _criteria(found: list[Chunk]) -> list[Chunk]:
    """ "Ticket: ... AC: happy paths covered for every endpoint": what follows
    a ticket's acceptance criteria heading says when it is done, never more to
    do."""
    for index, chunk in enumerate(found[:-1]):
        heading = chunk.key in _CRITERIA and found[index + 1].kind == "COLON"
        typed = index + 2 < len(found) and found[index + 2].kind == "TYPE"
        if heading and index > 0 and not typed:  # "ac: bool" is a field
            start = index - 1 if found[index - 1].key == "acceptance" else index
            body = found[index + 2 :]
            if any(c.kind == "TYPE" for c in body):
                # "Acceptance: CRUD for invoices with number (string), ...",
                # "Acceptance: title: str, body: text": what is asked, or its fields.
                heading_words = [
                    Chunk("CONTEXT", c.text, c.position) for c in found[start : index + 1]
                ]
                return [*found[:start], *heading_words, *body]
            rest: list[Chunk] = []
            originals: list[Chunk] = []
            kept = False
            previous = ""
            delivered = _deliverables(found, index + 2)
            for at, c in enumerate(found[start:], start):
                # "...; roles: owner, member, guest": the roles it names are read;
                # "three roles in this order - a, b, c" too.
                ending = c.text in (".", ";") and previous != "inthisorder"
                kept = c.kind == "ROLES_WORD" or (kept and not ending)
                # "AC: store: Redis; ttl: 120": the parameters it gives; "AC: 1)
                # production readiness audit 2) security review": the work listed.
                kept = kept or c.kind in ("STORE", "TTL", "DURATION") or at in delivered
                previous = c.key
                if c.kind == "ROLES_WORD":
                    # "role-based access with a single `admin` role": named before it.
                    back = len(rest)
                    while back > 0 and len(rest) - back < 4:
                        if originals[back - 1].kind not in ("WORD", "FUNCTION", "OPEN"):
                            break
                        back -= 1
                    rest[back:] = originals[back:]
                if kept or c.kind == "SEP":
                    rest.append(c)
                    originals.append(c)
                elif c.kind != "COLON":
                    rest.append(Chunk("CONTEXT", c.text, c.position))
                    originals.append(c)
            return [*found[:start], *rest]
    return found


def _deliverables(found: list[Chunk], start: int) -> set[int]:
    """The items of a criteria list that name work ("production readiness audit;
    security review against checklist; Dockerfile and CI workflow"): each opens
    with a feature word and says no state ("happy paths covered", "tokens issued")."""
    kept: set[int] = set()
    item: list[int] = []
    for at in range(start, len(found) + 1):
        chunk = found[at] if at < len(found) else None
        if chunk is None or (chunk.kind == "SEP" and chunk.text in (";", ".")):
            said = [found[i] for i in item]
            stated = any(
                (c.kind in ("WORD", "FUNCTION") and c.key.endswith("ed"))
                or c.key in ("is", "are", "must", "should", "shall", "can")
                or c.key in _STATE_VERBS
                for c in said
            )
            if said and said[0].kind == "CONCEPT" and not stated:
                kept.update(item)
            # "all error responses share one identical JSON schema": the envelope's shape.
            every = len(said) > 1 and said[0].key in ("all", "every", "each")
            if every and said[1].intent == "error_handling":
                kept.update(item)
            if chunk is None or chunk.text == ".":
                break
            item = []
            continue
        item.append(at)
    return kept


# "AC: skeleton boots locally": what the work does once done.
_STATE_VERBS = frozenset(
    {
        "boots",
        "compiles",
        "starts",
        "runs",
        "works",
        "passes",
        "returns",
        "responds",
        "answers",
        "loads",
        "succeeds",
        "builds",
        "exists",
        "shows",
        "serves",
    }
)


# The strict envelope said across clauses: exactly these keys, nothing else.
_STRICT_SAID = _Pattern(
    # "all errors exactly the same keys": every body holds the same keys, no other.
    r"(?:exactly|precisely)\s+the\s+same\s+(?:keys|fields|properties)\b"
    r"|exact\s+(?:response\s+|error\s+)?(?:envelope|shape|format|structure)\s*(?:of\s+)?\W{0,6}\{?\s*\W?code"
    r"\W{1,6}message"
    r"\W{1,8}(?:and\s+)?\W?details?\b"
    r"|\bcode\W{1,6}(?:an?\s+)?message\W{1,8}(?:and\s+)?(?:the\s+)?\W?details?\b[^.;]{0,40}\bexactly\b"
    r"|exactly\s+one\s+(?:shape|format|structure|envelope|form)\W{1,6}\{?\s*\W?code\W{1,6}message"
    r"\W{1,8}(?:and\s+)?\W?details?\b"
    r"|exactly\s+(?:three|3|these|those|the\s+following)\s+(?:keys|fields|properties|things|parts|items"
    r"|elements)\b.*"
    r"code.{0,20}message.{0,20}details?"
    r"|exactly\s+(?:the\s+)?(?:format|shape|structure)\W{1,6}\{?\s*\W?code\W{1,6}message"
    r"\W{1,8}(?:and\s+)?\W?details?\b"
    r"|code,?\s+(?:an?\s+)?message,?\s+(?:and\s+)?(?:the\s+|some\s+)?details?,?\s+(?:and\s+)?"
    r"nothing\s+(?:else|more)"
    # "exactly `code`, `message` and `details`", "exactly {code, message, details}"
    r"|exactly\s+(?:the\s+)?\{?\s*\W?code\W{1,6}message\W{1,8}(?:and\s+)?\W?details?\b"
    # "{code, message, details} only", "code, message, details — exactly those three keys"
    r"|code\W{1,6}message\W{1,8}(?:and\s+)?details?\W{0,6}(?:only|exclusively)\b"
    r"|code\W{1,6}message\W{1,8}(?:and\s+)?details?\W{0,6}exactly\s+(?:those|these)\b"
    # "..., also the ones we have now", "including the existing ones": the
    # bodies the app answers today go too.
    r"|\b(?:also|even|including)\s+the\s+ones\s+(?:that\s+)?(?:we|you|it)\s+(?:already\s+)?"
    r"(?:have|has|got|return|use)\b"
    r"|\b(?:also|even|including)\s+the\s+(?:existing|current|old)\s+ones\b"
    r"|\bthe\s+(?:existing|current|old)\s+ones\s+(?:too|also|as\s+well)\b",
    re.IGNORECASE,
)
_CRITERIA = frozenset(
    {"ac", "acs", "acceptance", "acceptancecriteria", "dod", "definitionofdone", "criteria"}
)


def _fix_both(clause: _Clause) -> bool:
    keys = [c.key for c in clause.items]
    return "both" in keys and any(c.kind == "VERB" for c in clause.items)


def _unreviewed(clause: _Clause) -> bool:
    keys = {c.key for c in clause.items}
    return bool(keys & {"nobody", "noone"}) and bool(keys & _LOOKED)


_LOOKED = frozenset({"looked", "checked", "reviewed", "audited", "touched", "seen"})


def _checked_for(found: list[Chunk]) -> list[Chunk]:
    """ "review the API for security holes like SQL injection and missing
    auth": what a review looks for, listed after "like", is not a feature to
    add; a verb or the sentence's end closes the list."""
    out: list[Chunk] = []
    reviewing = listing = False
    for chunk in found:
        if chunk.kind == "CONCEPT" and chunk.intent in _REVIEWS:
            reviewing = True
        elif reviewing and chunk.kind == "OPEN" and chunk.key in _EXAMPLES:
            listing = True
        elif chunk.kind in ("VERB", "THEN") or (chunk.kind == "SEP" and chunk.text in _STOPS):
            listing = False
        elif listing and chunk.kind not in ("SEP", "FUNCTION") and chunk.intent not in _REVIEWS:
            # "missing auth on routes", "CORS wide open": each item as said.
            chunk = Chunk("CONTEXT", chunk.text, chunk.position)
        out.append(chunk)
    return out


_EXAMPLES = frozenset({"like", "suchas", "including", "especially", "eg"})
_STOPS = frozenset({".", ";", "?", "!"})


def _ready_by_deploying(found: list[Chunk]) -> list[Chunk]:
    """ "we need this thing production-ready: Dockerfile, compose, CI", "I
    would like the application to be production-ready, with containers and
    health checks": the readiness the deployment asked brings, not an audit."""
    deploying = [c for c in found if c.kind == "CONCEPT" and c.intent == "deploy"]
    if not deploying:
        return found
    out = list(found)
    for index, chunk in enumerate(found):
        after = found[index + 1].key if index + 1 < len(found) else ""
        # "production readiness audit": the audit of it, asked.
        if chunk.kind == "CONCEPT" and chunk.key in _READY_WORDS and after not in _ASSESSING:
            out[index] = replace(chunk, intent="deploy")
    return out


_READY_WORDS = frozenset(
    {"productionready", "prodready", "readyforproduction", "productionreadiness", "readyforprod"}
)


def _deploy_as_modifier(found: list[Chunk]) -> list[Chunk]:
    """ "live updates of deploy status", "it will run in the k8s cluster", "the
    k8s log shipper needs json": a deployment word naming what another feature
    is about or where it runs, beside that feature, is no deployment asked."""
    others = {c.intent for c in found if c.kind == "CONCEPT"} - {"deploy", None}
    if not others:
        return found
    out = list(found)
    for index, chunk in enumerate(found):
        if chunk.kind != "CONCEPT" or chunk.intent != "deploy":
            continue
        after = found[index + 1] if index + 1 < len(found) else None
        if after is not None and after.key in _DEPLOY_MODIFIED:
            out[index] = replace(chunk, kind="WORD", intent=None)
    return out


_DEPLOY_MODIFIED = frozenset(
    {"status", "statuses", "cluster", "clusters", "shipper", "namespace", "pods", "nodes", "logs"}
    | {"log", "dashboard", "progress", "runs", "events", "updates"}
)


def _secured_by_login(found: list[Chunk]) -> list[Chunk]:
    """ "secure the API so that only logged-in users (with the role admin) can
    use it": securing that the sentence says is done by a login is auth."""
    out = list(found)
    for index, chunk in enumerate(found):
        if chunk.kind != "CONCEPT" or chunk.key not in _SECURING:
            continue
        rest = found[index + 1 :]
        end = next((i for i, c in enumerate(rest) if c.kind == "SEP" and c.text in _STOPS), None)
        rest = rest[:end]
        keys = [c.key for c in rest]
        if "so" not in keys:
            continue
        after = rest[keys.index("so") :]
        if any(c.kind == "ACCESS" or any(w in c.key for w in _SIGNED_IN) for c in after):
            out[index] = replace(chunk, intent="auth")
    return out


_SECURING = frozenset({"secure", "protect"})
_SIGNED_IN = frozenset({"signedin", "loggedin", "authenticated"})


def _looked_at(found: list[Chunk]) -> list[Chunk]:
    """ "take a look at our database layer and tune it": a look that another
    feature follows is how that feature is done, not an audit."""
    features = {c.intent for c in found if c.kind == "CONCEPT" and c.key not in _WEAK}
    others = features - {"audit", "security_review", None}
    if not others:
        return found
    return [
        replace(c, kind="WORD", intent=None) if c.kind == "CONCEPT" and c.key in _LOOKS else c
        for c in found
    ]


_LOOKS = frozenset({"takealook", "havealook", "lookat", "lookinto", "onceover", "sanitycheck"})


def _registers(found: list[Chunk]) -> list[Chunk]:
    """ "tests for the accession register", "the risk register": a register of
    things is a name, not sign-up; "user register" and "register users" are."""
    out = list(found)
    for index, chunk in enumerate(found):
        office = chunk.key == "registration" and index + 1 < len(found)
        if office and found[index + 1].key in _OFFICES:
            # "the registration office needs to book appointments": a place.
            out[index] = replace(chunk, kind="WORD", intent=None)
            continue
        listed = index + 2 < len(found) and found[index + 2].kind in ("LPAR", "COLON", "FIELDS")
        if chunk.kind == "CONCEPT" and chunk.key == "register" and listed:
            thing = found[index + 1]
            if thing.kind == "WORD" and thing.key not in _SIGNING_UP:
                # "register patients (full_name, ...)": records kept, not sign-up.
                out[index] = replace(chunk, kind="VERB", intent=None)
                continue
        if chunk.kind == "CONCEPT" and chunk.key == "register" and _kept_in_system(found, index):
            # "register our suppliers in the system": records kept, not sign-up.
            out[index] = replace(chunk, kind="VERB", intent=None)
            continue
        if chunk.kind == "CONCEPT" and chunk.key == "register":
            # "register global handlers for all exceptions", "register the
            # request-id middleware": another feature's parts, put in place.
            ahead = found[index + 1 : index + 4]
            put = next((c for c in ahead if c.kind not in ("FUNCTION", "WORD")), None)
            if put is not None and put.kind == "CONCEPT" and put.intent != "auth":
                out[index] = replace(chunk, kind="VERB", intent=None)
                continue
        if chunk.kind != "CONCEPT" or chunk.key != "register" or index < 2:
            continue
        word, before = found[index - 1], found[index - 2]
        named = word.kind == "WORD" and word.key not in _REGISTERING
        if named and before.kind in ("FUNCTION", "OPEN") and before.key not in ("to", "can"):
            out[index] = replace(chunk, kind="WORD", intent=None)
    return out


def _kept_in_system(found: list[Chunk], index: int) -> bool:
    keys = [c.key for c in found[index + 1 : index + 7]]
    # "a Django model you'd register in the admin": shown there, no sign-up.
    admin = keys[:2] == ["in", "admin"]
    if admin or keys[:3] in (["in", "the", "admin"], ["in", "django", "admin"]):
        return True
    at = 1 if keys[:1] in (["our"], ["the"], ["my"], ["all"], ["new"]) else 0
    if len(keys) < at + 3 or keys[at] in _SIGNING_UP or found[index + 1 + at].kind != "WORD":
        return False
    place = keys[at + 1 : at + 4]
    return place[:1] in (["in"], ["into"]) and bool(
        {"system", "database", "db", "app", "application"} & set(place[1:])
    )


# Who registers to sign in: "register users (email, password)" is sign-up.
_SIGNING_UP = frozenset({"users", "user", "accounts", "account", "members", "logins"})


def _only_the_report(found: list[Chunk]) -> list[Chunk]:
    """ "a security review, only the report", "just the score please", "review
    it and give us a rating": what a review is to give, read as filler words."""
    if not any(c.kind == "CONCEPT" and c.intent in _REVIEWS for c in found):
        return found
    out = list(found)
    for index, chunk in enumerate(found):
        if chunk.key not in ("only", "just", "give", "send", "show"):
            continue
        at = index + 1
        while at < len(found) and found[at].key in ("the", "a", "its", "your", "me", "us"):
            at += 1
        if at < len(found) and found[at].key in _REPORTS:
            for inside in range(index, at + 1):
                out[inside] = replace(found[inside], kind="FUNCTION", intent=None)
    return out


# What a review gives: "only the report", "just the score".
_REPORTS = frozenset(
    {"report", "score", "scores", "findings", "results", "summary", "list", "rating", "verdict"}
)


def _error_classes(found: list[Chunk]) -> list[Chunk]:
    """ "an error hierarchy (NotFound, Conflict, Forbidden...)", "errors like
    ParcelNotFound, PaymentRejected": the classes it should have, as examples,
    read as filler words; so is every word of a bracket that holds one, and
    what the errors should be ("everything consistent")."""
    if not any(c.kind == "CONCEPT" and c.intent == "error_handling" for c in found):
        return found
    out = list(found)
    for index, chunk in enumerate(found):
        if chunk.kind != "WORD":
            continue
        # "the errors are not uniform" states a problem: it stays as said.
        denied = index > 0 and found[index - 1].kind == "NEGATION"
        if _CLASS_NAME.fullmatch(chunk.text) or (chunk.key in _UNIFORM and not denied):
            out[index] = replace(chunk, kind="FUNCTION")
    for index, chunk in enumerate(found):
        if chunk.kind != "LPAR":
            continue
        end = _closing(found, index + 1)
        inside = found[index + 1 : end] if end is not None else []
        named = any(c.kind == "WORD" and _CLASS_NAME.fullmatch(c.text) for c in inside)
        # "(NotFound, Conflict, ValidationError mapping to 4xx)": the classes and
        # the statuses they answer.
        said = ("WORD", "SEP", "FUNCTION", "OPEN", "NUMBER")
        if named and all(
            c.kind in said or (c.kind == "CONCEPT" and c.intent == "error_handling") for c in inside
        ):
            for at in range(index + 1, index + 1 + len(inside)):
                if found[at].kind != "SEP":
                    out[at] = replace(found[at], kind="FUNCTION", intent=None)
    return out


# How errors should be: "everything consistent", "all uniform".
_UNIFORM = frozenset(
    {"consistent", "uniform", "unified", "standardized", "standardised", "coherent", "predictable"}
)
# A class's name: "ParcelNotFound", "PaymentRejectedError", "ValidationException".
_CLASS_NAME = re.compile(r"(?:[A-Z][a-z0-9]+){2,}|[A-Za-z]\w*(?:Error|Exception)")


def _verbs_as_names(found: list[Chunk]) -> list[Chunk]:
    """ "the grade feature", "our search endpoint", "the report card page": a
    verb, or a review's word, between a determiner and a noun of ours names that
    thing."""
    out = list(found)
    for index in range(1, len(found) - 1):
        chunk, before, after = found[index], found[index - 1], found[index + 1]
        # A review's word names a page ("the report card page"); before an
        # endpoint it is what the endpoint does ("a health check endpoint").
        review = chunk.kind == "CONCEPT" and chunk.intent in _REVIEWS
        naming = chunk.kind == "VERB" or (review and after.key in ("page", "pages"))
        if naming and before.key in _DETERMINERS and after.key in _NAMED_THINGS:
            out[index] = replace(chunk, kind="WORD", intent=None)
        # "a CRUD for grade: ...", "score:float": a verb named, then its fields
        # or its type.
        typed = after.kind == "COLON" and index + 2 < len(found) and found[index + 2].kind == "TYPE"
        crud_for = before.kind == "OPEN" and index > 1 and found[index - 2].intent == "crud"
        named = crud_for and after.kind in ("COLON", "OPEN", "SEP")
        if chunk.kind == "VERB" and (typed or named):
            out[index] = replace(chunk, kind="WORD", intent=None)
    return out


_DETERMINERS = frozenset({"the", "our", "my", "their", "your", "its", "this", "that", "a", "an"})
_NAMED_THINGS = frozenset(
    {"feature", "features", "endpoint", "endpoints", "module", "page", "pages", "router", "service"}
)


def _paid(found: list[Chunk]) -> list[Chunk]:
    """ "the service of payments", "each payment goes ...", "their payment is
    done": payments the app records are a noun of its domain, not the payment
    processing fastprod does not add ("add payments", "accept payments")."""
    out = list(found)
    for index, chunk in enumerate(found):
        if chunk.kind != "UNSUPPORTED" or chunk.key not in ("payment", "payments"):
            continue
        before = found[index - 1].key if index else ""
        after = found[index + 1].key if index + 1 < len(found) else ""
        if before in _OWNING or after in _BEING_DONE:
            out[index] = replace(chunk, kind="WORD", intent=None)
    return out


# "of payments", "each payment", "their payment": whose or which payments.
_OWNING = frozenset({"of", "each", "every", "their", "its", "his", "her", "whose", "per"})
# "the payments are real money", "each payment goes to ...": said of payments.
_BEING_DONE = frozenset(
    {"is", "are", "was", "were", "goes", "go", "went", "get", "gets", "fails", "failed", "bounces"}
)


def _new_as_place(found: list[Chunk]) -> list[Chunk]:
    """ "For the new service: JWT auth ...": where the work goes, not a
    project to start."""
    out = list(found)
    for index, chunk in enumerate(found):
        placed = index >= 2 and found[index - 1].key == "the" and found[index - 2].key in _PLACING
        if chunk.intent == "new_project" and chunk.kind == "CONCEPT" and placed:
            out[index] = replace(chunk, kind="FUNCTION", intent=None)
    return out


def _ready_when_deployed(found: list[Chunk]) -> list[Chunk]:
    """ "get this containerised and ready to go live": ready is what the
    deployment makes it, not an audit asked beside it."""
    out = list(found)
    for index, chunk in enumerate(found):
        ready = (
            chunk.kind == "CONCEPT" and chunk.intent == "audit" and chunk.key.startswith("ready")
        )
        joined = index >= 2 and found[index - 1].key == "and"
        if ready and joined and found[index - 2].intent == "deploy":
            out[index] = replace(chunk, kind="FUNCTION", intent=None)
        # "getting ready to go live on ECS, need the container + CI bits": where
        # things stand, before the deployment asked.
        getting = index > 0 and found[index - 1].key in ("getting", "gettin", "almost", "nearly")
        deployed = any(c.intent == "deploy" for c in found[index + 1 :])
        audited = sum(c.intent == "audit" for c in found) == 1
        if ready and getting and deployed and audited:
            out[index] = replace(chunk, kind="FUNCTION", intent=None)
            out[index - 1] = replace(found[index - 1], kind="FUNCTION")
    return out


_PLACING = frozenset({"for", "in", "on", "into", "to"})
_OFFICES = frozenset({"office", "offices", "desk", "desks", "number", "numbers", "plate", "plates"})
# Who or what registers: "user register", "customer register" ask for sign-up.
_REGISTERING = frozenset(
    {"user", "users", "account", "accounts", "customer", "customers", "member", "members"}
    | {"client", "clients", "player", "players", "patient", "patients", "new", "self"}
)


def _after_heading(clause: _Clause) -> list[_Clause]:
    """Split "we go live next week: security review, logging" at its colon.

    What comes before a colon that asks for nothing is the heading of the
    features listed after it, never their context.
    """
    for index in clause.kinds("COLON"):
        following = clause.at(index + 1)
        if index and following is not None and following.kind in ("CONCEPT", "VERB"):
            heading = _Clause(clause.items[:index])
            if not _asks(heading) and not heading.kinds("FIELDS", "FIELDS_WORD"):
                return [heading, _Clause(clause.items[index + 1 :])]
    return [clause]


def _stated_before(
    before: _Clause,
    clause: _Clause,
    earlier: list[_Command],
    read_here: list[_Command],
) -> bool:
    # A statement of how things are (no verb of ours, a subject or a copula
    # and words of its own) followed by a command that refers back to it
    # ("cache it") or opens with its verb ("evaluate the whole project") is
    # that command's reason: its feature words are context.
    if {c.name for c in earlier} & {c.name for c in read_here}:
        return False
    if before.kinds("VERB") or not before.kinds("WORD"):
        return False
    # "once the test suite is written, deploy it": a step, not a statement.
    if before.items[0].key in _STEPS and not any(c.key in _TROUBLE for c in before.items):
        return False
    if _route_did(before, clause):
        return True
    if before.kinds("CONCEPT") and _asks(before):
        # "crud for beneficiaries (...) and cache them": a request, not a
        # statement.
        return False
    start = clause.skip(0, *_FILLERS)
    first, after = clause.at(start), clause.at(start + 1)
    if first is None:
        return False
    if first.kind == "CONCEPT" and after is not None and after.key in _OBJECTS:
        return True
    stating = any(c.key in _SUBJECTS for c in before.items if c.kind == "FUNCTION")
    return stating and first.kind == "VERB"


def _route_did(before: _Clause, clause: _Clause) -> bool:
    """ "the pricing endpoint saturated the database under load; cache pricing":
    what a route did, then the cache asked for it."""
    first = clause.at(clause.skip(0, *_FILLERS))
    if first is None or first.kind != "CONCEPT" or first.key not in ("cache", "memoize"):
        return False
    colons = before.kinds("COLON")  # "Action item from INC-2355: the pricing ..."
    lead = before.skip(colons[-1] + 1 if colons else 0, "FUNCTION", "SEP", "THEN")
    words = lead
    while (chunk := before.at(words)) is not None and chunk.kind == "WORD":
        words += 1
    head = before.at(words)
    owned = lead > 0 and before.items[lead - 1].key in ("the", "our", "my")
    return owned and words > lead and head is not None and head.key in _ROUTE_NOUNS


_ROUTE_NOUNS = frozenset({"endpoint", "endpoints", "route", "routes", "page", "pages"})


_COPULAS = frozenset({"is", "are", "was", "were", "am", "been", "being"})
# "when the db is down, ...": trouble, not a step done before the request.
_TROUBLE = frozenset(
    {
        "down",
        "fails",
        "fail",
        "failing",
        "crashes",
        "crash",
        "dies",
        "slow",
        "breaks",
        "500",
        "timeout",
    }
)


def _stated_after(clause: _Clause, before: list[_Command]) -> bool:
    # A statement after a request (a subject, a copula or a verb of its own,
    # no verb of ours) whose only feature words are weak ("prod", "errors", "the
    # database") or name what was just asked ("write tests for payments,
    # coverage there is zero"): they say where the trouble is, not what to add.
    concepts = [clause.items[i] for i in clause.kinds("CONCEPT")]
    asked = {c.name for c in before}
    weak = all(c.key in _WEAK or c.intent in asked for c in concepts)
    start = clause.skip(0, "FUNCTION", "THEN")
    if concepts and weak and no_need_to(clause, start):
        return True  # "cache the banners, no need to hit the DB again": what it spares
    # "the same GET hits the db ...": a method written in capitals names requests.
    methods = [i for i in clause.kinds("VERB") if clause.items[i].text in _METHODS]
    if not concepts or not weak or len(clause.kinds("VERB")) > len(methods):
        return False
    if not clause.kinds("WORD") or any(c.kind in _ASKED for c in clause.items):
        return False
    if any(c.key in ("should", "must") for c in clause.items):
        return False  # "also the errors should be consistent": wanted, not how it is
    if any(c.kind == "FUNCTION" and c.key in _COPULAS for c in clause.items):
        return True
    # "production keeps timing out", "api hits the db on every request": the
    # feature word, or the API, is the subject of a verb of its own.
    start = clause.skip(0, "FUNCTION", "THEN")
    subject, verb = clause.at(start), clause.at(start + 1)
    if (
        subject is not None
        and subject.kind == "WORD"
        and verb is not None
        and verb.kind == "CONCEPT"
    ):
        # "the client's CI needs coverage by Thursday": whose, then the subject.
        subject, verb = verb, clause.at(start + 2)
    return (
        subject is not None
        and (subject.kind in ("CONCEPT", "NOUN") or subject.text in _METHODS)
        and verb is not None
        and verb.kind == "WORD"
        and verb.key.endswith(("s", "ed"))
    )


_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})


def _observed_in(clause: _Clause) -> None:
    # "we see hundreds of queries in the logs": where something was seen is
    # no feature asked for; its word is read as a filler word.
    seen = [i for i, c in enumerate(clause.items) if c.key in _SEEING]
    if not seen:
        return
    for index in clause.kinds("CONCEPT"):
        before = index - 1
        while (chunk := clause.at(before)) is not None and chunk.kind == "FUNCTION":
            before -= 1
        opener = clause.at(before)
        if index > seen[0] and opener is not None and opener.key in ("in", "from", "through"):
            clause.items[index] = replace(clause.items[index], kind="FUNCTION")


# Verbs of seeing something happen.
_SEEING = frozenset(
    {"see", "saw", "seen", "seeing", "notice", "noticed", "spot", "spotted", "found", "observed"}
)


def _fields_said_of(clauses: list[_Clause], placed: list[tuple[int, _Command]]) -> None:
    """Give fields said of a resource in a clause of their own to its CRUD.

    "crud for the Transfer model? It has from_account (uuid), ...", "the CRUD
    of employees, they have name string, ...": a clause that only says the
    resource has these fields gives them to the nearest CRUD before it that
    has none.
    """
    for number, clause in enumerate(clauses):
        for index in clause.kinds("FIELDS"):
            if index in clause.used:
                continue
            earlier = [c for n, c in placed if n <= number and c.name == "crud"]
            if not earlier or earlier[-1].params.get("fields"):
                continue
            crud = earlier[-1]
            names = {crud.params.get("resource", ""), crud.params.get("plural", "")}
            names |= {w.lower() for w in crud.slot_words}
            # From the start of the clause, or of its part after a comma.
            start = max([i + 1 for i in clause.kinds("SEP") if i < index], default=0)
            lead = clause.items[start:index]
            if all(
                c.kind in ("FUNCTION", "SEP", "THEN", "COLON")
                or c.key in _HAVING
                or c.key in names
                or c.key in _ONE_OF_THEM
                or c.key in _CRUD_PARTS
                for c in lead
            ):
                crud.params["fields"] = list(clause.items[index].items)
                clause.used.update(range(start, index + 1))


# "each one has", "they have", "an invoice contains": a resource and its fields.
_HAVING = frozenset(
    {"has", "have", "having", "contains", "contain", "includes", "include", "holds"}
)
_ONE_OF_THEM = frozenset({"one", "each", "every", "item", "record", "entry", "row", "object"})
# A CRUD's parts, listed before its fields ("a Coupon model + routes + migration. code, ...").
_CRUD_PARTS = frozenset(
    {"model", "models", "routes", "endpoints", "migration", "migrations", "schemas", "table"}
)


def _refuse_unread_fields(clauses: list[_Clause]) -> None:
    # Fields no command took would be dropped without a word: refuse.
    for clause in clauses:
        for index in clause.kinds("FIELDS"):
            if index not in clause.used:
                chunk = clause.items[index]
                raise Failure(
                    f"The fields '{chunk.text}' belong to no CRUD feature read here; say which "
                    "resource they are for, e.g. 'crud for invoices with number:str'.",
                    chunk.position,
                )


def _context(clause: _Clause, others: list[_Clause]) -> bool:
    # What is already there ("we already have CRUD for customers", "auth is
    # already in place") or what the person does ("we go live friday", "we
    # deploy on fridays"): a subject and its state, no request of ours.
    if _people_say(clause, others) or _accepted(clause, others) or _anyone_does(clause, others):
        return True
    if (
        _on_a_day(clause, others)
        or _in_a_mood(clause, others)
        or _tools_used(clause, others)
        or _just_asking(clause, others)
    ):
        return True
    if _wished_behaviour(clause, others) or _there_is_none(clause, others):
        return True
    if _on_occasion(clause) or _making_sure(clause, others) or _someone_wants(clause, others):
        return True
    if _it_broke(clause, others) or _past_told(clause, others) or _reports_state(clause):
        return True
    said = {c.key for c in clause.items}
    if "already" in said and said & {"have", "has", "got"} and clause.kinds("CONCEPT"):
        return True  # "We already have the caching with Redis.": in place, with its store
    if clause.kinds("VERB") or any(c.kind in _ASKED for c in clause.items):
        return False
    if _fixed_next(clause):
        return False
    keys = [c.key for c in clause.items]
    if _states_what_is_asked(clause, others) or _only_where(clause, others):
        return True
    if _client_does(clause, others):
        return True
    if not clause.kinds("CONCEPT", "NEGATION") and done_today(clause):
        # "SQLAlchemy sessions opened per call, no pool sizing. Ask: ...": how it is done today.
        return any(other.kinds("CONCEPT") for other in others)
    if clause.kinds("NEGATION"):
        return False
    if "already" in keys and clause.kinds("CONCEPT"):
        return True
    start = clause.skip(0, "THEN", "SEP")
    subject, concept = clause.at(start), clause.at(start + 1)
    return (
        subject is not None
        and subject.key in _PERSONS
        and concept is not None
        and concept.kind == "CONCEPT"
    )


_PERSONS = frozenset({"we", "i", "they"})


def _on_occasion(clause: _Clause) -> bool:
    """ "when a test fails in CI I can't tie the log lines to the request, add a
    request id": when the trouble shows; "we are worrying about slowness and
    security, so could you optimize the database": what worries the person.
    Said before a clause that asks, it is why, not a request."""
    start = clause.skip(0, "SEP", "THEN")
    keys = [c.key for c in clause.items[start : start + 3]]
    occasion = keys[:1] == ["whenever"] or (keys[:1] == ["when"] and keys[1:2] != ["you"])
    worried = keys[:1] in (["we"], ["i"]) and (
        keys[1:2] in (["worry"], ["fear"])
        or (keys[1:2] in (["are"], ["am"]) and keys[2:3] != [] and keys[2] in _WORRIED_KEYS)
    )
    if not (occasion or worried):
        # "... about both slowness and security": the list goes on in the next clause.
        before = clause.preceding
        goes_on = before is not None and not clause.kinds("VERB") and _on_occasion(before)
        return goes_on and not any(c.key in _ASKING_WORDS for c in clause.items)
    # The request after it names what it asks ("so please kindly improve this
    # situation" asks to fix what worries them: the worry is the request).
    later = clause.following
    while later is not None:
        if later.kinds("CONCEPT") and (
            later.kinds("VERB") or any(c.key in _ASKING_WORDS for c in later.items)
        ):
            return True
        later = later.following
    return False


def _it_broke(clause: _Clause, others: list[_Clause]) -> bool:
    """ "the sign up part broke twice this month, please write tests for signup",
    "CI passes but login still breaks": what broke or passed, beside a request
    that names what to do about it."""
    if clause.kinds("VERB") or not any(c.key in _BROKE for c in clause.items):
        return False
    # "..., and we have no tests for it": what is missing asks too.
    return any(
        (other.kinds("VERB") or other.kinds("NEGATION")) and other.kinds("CONCEPT")
        for other in others
    )


_BROKE = frozenset(
    {"broke", "crashed", "died", "regressed", "breaks", "crashes", "fails", "passes", "passed"}
    | {"fail", "break", "crash"}
)


def _someone_wants(clause: _Clause, others: list[_Clause]) -> bool:
    """ "ugh client now wants everything live lol, add websocket support": what
    someone else wants, in words of theirs, beside the request that names it."""
    start = clause.skip(0, "FUNCTION", "THEN", "SEP")
    subject = clause.at(start)
    if subject is None or subject.key not in _WANTERS:
        return False
    verb = clause.at(clause.skip(start + 1, "FUNCTION"))
    if verb is None or verb.key not in _REPORTED_WANTS:
        return False
    if clause.kinds("CONCEPT", "NEW", "STORE", "FIELDS", "ROLES", "UNSUPPORTED"):
        return False
    return any(other.kinds("VERB") and other.kinds("CONCEPT") for other in others)


_WANTERS = frozenset(
    {"client", "customer", "customers", "boss", "pm", "manager", "team", "stakeholders"}
)
_REPORTED_WANTS = frozenset(
    {"wants", "asks", "needs", "said", "says", "asked", "expects", "requested"}
)


def _making_sure(clause: _Clause, others: list[_Clause]) -> bool:
    """ "write tests for the authentication? I would like to be sure that the
    tokens expire correctly": what the tests asked beside should show."""
    start = clause.skip(0, "SEP", "THEN")
    keys = [c.key for c in clause.items[start : start + 6]]
    if keys[:1] not in (["i"], ["we"]) or not any(
        keys[i : i + 2] in (["be", "sure"], ["make", "sure"]) for i in range(1, 5)
    ):
        return False
    return any(
        other.kinds("VERB") and any(c.intent == "write_tests" for c in other.items)
        for other in others
    )


_WORRIED_KEYS = frozenset({"worrying", "worried", "concerned", "anxious"})
_ASKING_WORDS = frozenset({"appreciated", "grateful", "please", "kindly", "need", "want"})


def _wanted(clause: _Clause) -> tuple[int, int] | None:
    """ "I want my athletes list to load ...": where what is wanted starts (after
    the person and the want) and where its "to" stands."""
    start = clause.skip(0, "SEP", "THEN")
    person, want = clause.at(start), clause.at(start + 1)
    if person is None or want is None or person.key not in _PERSONS:
        return None
    if want.kind != "VERB" or want.key not in _WANTING:
        return None
    items = clause.items
    to = next(
        (
            i
            for i in range(start + 2, len(items))
            if items[i].kind == "OPEN" and items[i].key == "to"
        ),
        None,
    )
    return None if to is None else (start + 2, to)


def _wants_so(clause: _Clause) -> bool:
    """ "I want every read to hit the database": a person wanting how things go."""
    start = clause.skip(0, "SEP", "THEN")
    keys = [c.key for c in clause.items[start : start + 3]]
    return keys[:2] in (["i", "want"], ["we", "want"]) and keys[2:3] in (["every"], ["all"])


def _wished_behaviour(clause: _Clause, others: list[_Clause]) -> bool:
    """ "(As a coach) I want my athletes list to load in under a second", "I want
    to record my body measurements": how the person wants the app to behave, in
    their own verbs, beside a request that names a feature (a user story's want)."""
    wanted = _wanted(clause)
    if wanted is None:
        return False
    if clause.kinds("CONCEPT", "NEW", "FIELDS", "STORE", "ROLES", "PATH", "UNSUPPORTED"):
        return False
    start, to = wanted
    doing = clause.at(to + 1)
    if doing is None or (doing.kind not in ("WORD", "FUNCTION") and doing.key not in _USERS_VERBS):
        return False
    # What comes before "to" is who or what should behave ("my athletes list").
    if any(c.kind not in ("WORD", "NOUN", "FUNCTION") for c in clause.items[start:to]):
        return False
    return any(other.kinds("CONCEPT") for other in others)


def _there_is_none(clause: _Clause, others: list[_Clause]) -> bool:
    """ "Add an auth test suite. There are no tests for login, token refresh or
    role checks.": what is missing, said beside the request that adds it."""
    start = clause.skip(0, "SEP", "THEN")
    keys = [c.key for c in clause.items[start : start + 3]]
    if keys not in (["there", "are", "no"], ["there", "is", "no"]):
        return False
    return any(other.kinds("VERB") and other.kinds("CONCEPT") for other in others)


def _wished_subject(before: _Clause) -> str | None:
    """ "I want the leaderboard to load instantly. Cache it": what should behave."""
    wanted = _wanted(before)
    if wanted is None:
        return None
    start, to = wanted
    first = before.skip(start, "FUNCTION")
    words = before.items[first:to]
    if not words or any(c.kind not in ("WORD", "NOUN") for c in words):
        return None
    before.used.update(range(first, to))
    return _place_name(words)


_WANTING = frozenset({"want", "need", "wouldlike", "wish"})
# What people do with an app, not what fastprod does to it ("I want to see ...").
_USERS_VERBS = frozenset(
    {"see", "get", "record", "track", "view", "know", "keep", "find", "open"}
    | {"use", "share", "show"}
)


def _fixed_next(clause: _Clause) -> bool:
    """ "the dashboard makes hundreds of queries; could you optimise it ...": the
    next clause asks to fix what this one states, so this one is the request."""
    following = clause.following
    if following is None:
        return False
    said = [c for c in following.items if c.kind not in ("FUNCTION", "THEN")]
    pronoun = any(c.kind == "FUNCTION" and c.key in ("it", "this", "that") for c in following.items)
    verb = len(said) == 1 and said[0].kind in ("VERB", "WORD") and said[0].key in _FIXING
    return pronoun and verb


_FIXING = frozenset(
    {"optimise", "optimize", "fix", "address", "solve", "sort", "improve", "tune", "speed up"}
)


def _in_a_mood(clause: _Clause, others: list[_Clause]) -> bool:
    # "add tests for products, CI is sad", "the build is red again": how a
    # thing is, beside a request; not a request for it.
    start = clause.skip(0, "FUNCTION", "THEN", "SEP")
    words = [c for c in clause.items[start:] if c.kind not in ("SEP",)]
    if len(words) < 3 or words[0].kind != "CONCEPT" or words[1].key not in ("is", "are", "was"):
        return False
    rest = [c for c in words[2:] if c.key not in ("again", "today", "now", "still", "so", "very")]
    if len(rest) == 3 and rest[1].key == "without" and rest[2].key in ("them", "it", "those"):
        rest = rest[:1]  # "ci is sad w/o them": without what was asked
    moody = len(rest) == 1 and rest[0].key in _MOODS
    return moody and _asked_beside(others)


_MOODS = frozenset(
    {"sad", "red", "unhappy", "angry", "mad", "upset", "grumpy", "failing", "overrated"}
    | {"pointless", "overkill", "unnecessary", "enough"}
)


def _past_told(clause: _Clause, others: list[_Clause]) -> bool:
    """ "My supervisor said the caching was a good idea", "Last week the audit
    score was 62", "we had websockets in the old service", "I think websocket
    is cool technology": a clause that tells what was, or what someone thinks,
    is no request of what it names."""
    items = clause.items
    # "... and score was 72": a verb's word as the subject of "was" names it too.
    named = clause.kinds("CONCEPT", "STORE") or any(
        c.kind == "VERB" and items[i + 1].key in _PAST_TOLD for i, c in enumerate(items[:-1])
    )
    if not named:
        return False
    # Alone, nothing is asked; beside a request that names its own feature it
    # is why ("tests for the whole api. coverage or it didn't happen"); beside
    # one that does not ("we found a db password in the repo, check for more of
    # that"), it is what the request is about.
    if not _tells(clause) or _asks_anything(clause):
        return False
    asking = [c for c in others if _asks_anything(c) or c.kinds("CONCEPT")]
    return all(c.kinds("CONCEPT") for c in asking)


def _reports_state(clause: _Clause) -> bool:
    """ "ok, tests are green now", "redis running on port 6379 already", "the
    websocket thing u added works perfectly", "i checked logs", "I will check
    logs tomorrow morning": how a feature is, or what the person did or will
    do with it, asks nothing of fastprod."""
    items = clause.items
    keys = [c.key for c in items]
    if {"please", "pls", "plz", "can", "could", "need", "want", "would"} & set(keys):
        return False
    if _done_by_someone(clause, keys):
        return True
    if not any(c.kind in ("CONCEPT", "STORE") for c in items):
        return False
    placed = keys[-1] in _IN_PLACE or (not clause.kinds("VERB") and bool(_IN_PLACE & set(keys)))
    if "already" in keys and placed:
        return True  # "We already have Redis set up", "Redis is already configured"
    standard = "stdlib" in keys or ("standard" in keys and "library" in keys)
    if standard and not clause.kinds("VERB") and {"is", "are"} & set(keys):
        return True  # "The logging module is in the standard library."
    start = clause.skip(0, "SEP", "THEN")
    lead = [c.key for c in items[start : start + 3]]
    if not clause.kinds("VERB") and _said_of_a_feature(clause, keys, lead):
        return True
    dated = any(k in _STATE_DATES or k.startswith(("next", "this")) for k in keys)
    for index, chunk in enumerate(items[:-1]):
        going = chunk.key in ("will", "might", "may") and items[index + 1].intent == "deploy"
        if going and not clause.kinds("VERB") and dated:
            return True  # "The telehealth module will go live next quarter."
    if lead[:1] and lead[0] in ("loving", "loved", "enjoying"):
        return True  # "Loving the new caching setup"
    if lead[:2] in (["before", "we"], ["before", "i"], ["until", "we"], ["before", "they"]):
        return True  # "Before we promote this service to prod, ...": when the request is for
    if lead[:1] and lead[0] in _STATE_WHEN:
        return False  # "once caching for invoices is done, ...": when, not how it is
    said = [c for c in items if c.key not in _STATE_ADVERBS]
    given = clause.kinds("DURATION", "TTL", "FIELDS", "ROLES")
    subject = False
    for index, chunk in enumerate(said):
        after = said[index + 1].key if index + 1 < len(said) else ""
        subject = chunk.kind in ("CONCEPT", "STORE") or (subject and chunk.kind != "OPEN")
        # "(in memory is ok)": a store said fine is the one chosen.
        told = index and said[index - 1].kind in ("CONCEPT", "WORD", "NOUN")
        done = after.endswith("ed") or after in ("rebuilt", "built", "rerun", "run", "redone")
        if told and chunk.key in ("is", "are") and done and _STATE_OFTEN & set(keys):
            return True  # "the underlying index is rebuilt only twice a day"
        # "... to see if a job is done": what a client waits for, not how it is.
        waited = any(c.key in ("if", "whether", "until") for c in said[max(0, index - 3) : index])
        if told and chunk.key in _STATE_BEING and after in _STATE_FINE and not given and not waited:
            return True  # "tests are green now", "the hit rate looks healthy"
        running = chunk.key in _STATE_WORKING and (
            not after or after in _STATE_FINE | {"on", "in", "at", "since"}
        )
        finished = chunk.key in _STATE_DONE and after in _STATE_FINE | {"without"}
        if finished and index and said[index - 1].kind in ("WORD", "NOUN", "CONCEPT"):
            return True  # "the canary rollout finished without errors"
        if running and index and said[index - 1].kind != "OPEN" and subject:
            return True  # "works perfectly", "redis running on port 6379"
    if lead[:3] in (["i", "am", "working"], ["we", "are", "working"], ["i", "m", "working"]):
        return True  # "I'm working on the orders CRUD myself today."
    perfect = lead[:1] in (["i"], ["we"]) and len(lead) > 2 and lead[1] in ("have", "had", "ve")
    done = lead[2].endswith("ed") or lead[2] in _DONE_IRREGULAR if perfect else False
    if perfect and done and lead[2] not in _STILL_WANTED | {"need", "needed"}:
        return True  # "i have deployed yesterday with docker"
    if lead[:1] in (["i"], ["we"]) and len(lead) > 1:
        if lead[1].endswith("ed") and lead[1] not in _STILL_WANTED | {"need", "needed"}:
            return True  # "i checked logs"
        if lead[1] in ("will", "ll") and lead[2:] and lead[2] in _STATE_LATER:
            return True  # "I will check logs tomorrow morning"
    return False


# "I've read the OWASP cheat sheet", "we have seen the audit": done, not asked.
_DONE_IRREGULAR = frozenset({"read", "seen", "done", "written", "built", "taken"})
_IN_PLACE = frozenset({"setup", "configured", "installed", "running", "provisioned", "deployed"})


def _done_by_someone(clause: _Clause, keys: list[str]) -> bool:
    """ "The hospital switched to a new EHR system in March", "The registrar
    has approved the new role structure", "my nephew set up the logging last
    week", "Tests are green in CI.": what someone did, or how a feature is."""
    verbless = not clause.kinds("VERB")
    if verbless and (_moved_to(clause) or _has_done(clause)):
        return True
    if _past_marked(keys) and (_someone_did(clause) or (verbless and {"was", "were"} & set(keys))):
        return True  # "..., logging and deploy were covered in the last workshop"
    # A feature, and all that is said of how it is ("are green in CI").
    parts = [c for c in clause.items if c.kind not in ("FUNCTION", "SEP", "THEN")]
    stated = len(parts) == 2 and parts[0].kind == "CONCEPT" and parts[1].kind == "CONTEXT"
    words = parts[1].text.lower().split() if stated else []
    placed = words[1:2] in (["on"], ["in"])  # "our CI is on GitHub Actions"
    return bool(words) and words[0] in _STATE_BEING and (bool(set(words) & _STATE_FINE) or placed)


def _said_of_a_feature(clause: _Clause, keys: list[str], lead: list[str]) -> bool:
    """What a clause with no verb tells of a feature that is there: "The tests
    for invoices pass now", "Database is Postgres 15", "We have Postgres 14 in
    production", "The CRUD for suppliers exists since version 1.2", "the
    websocket for the lab screens works since Tuesday", "The auth uses JWT",
    "the Dockerfile's been there since March", "The client's happy with the
    auth as it is", "The caching work shipped in v2.3"."""
    said = set(keys)
    pairs = list(itertools.pairwise(keys))
    return (
        _tests_pass(clause)
        or _engine_named(clause)
        or (lead[:2] in (["we", "have"], ["we", "run"]) and bool(said & _ENGINES))
        or bool(said & {"exists", "exist", "existed"})
        or any(a in ("works", "worked", "working") and b == "since" for a, b in pairs)
        or _uses(clause)
        or _been_there(keys)
        or (bool(said & _PLEASED) and "with" in said and not clause.kinds("NEGATION"))
        or any(a in _RELEASED and b in ("in", "on", "with", "last", "yesterday") for a, b in pairs)
        # "our logging is on loki now"
        or (lead[:1] in (["our"], ["the"]) and ("is", "on") in pairs)
    )


def _past_marked(keys: list[str]) -> bool:
    # "yesterday", "last week", "two days ago", "back in March".
    for index, key in enumerate(keys):
        following = keys[index + 1] if index + 1 < len(keys) else ""
        if key in ("yesterday", "ago", "lastweek", "last week", "lastmonth", "last month"):
            return True
        if key == "last" and following in _PERIODS:
            return True
        if key == "back" and following == "in":
            return True
        if key == "in" and following in _MONTHS:
            return True  # "set up JWT authentication in March"
        if key == "on" and following in _PERIODS and index > 0 and keys[index - 1] != "every":
            return True  # "we deployed to prod on friday"
    return False


_MONTHS = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september"}
    | {"october", "november", "december"}
)
_PERIODS = frozenset(
    {"week", "month", "year", "night", "sprint", "time", "quarter", "monday", "tuesday"}
    | {"wednesday", "thursday", "friday", "saturday", "sunday", "release", "workshop", "meeting"}
)


def _someone_did(clause: _Clause) -> bool:
    # A person or thing before the verb ("my nephew set up", "we put", "I
    # deployed"): said of someone, not asked of fastprod.
    items = [c for c in clause.items if c.key not in _TIME_OPENERS]
    start = 0
    while start < len(items) and items[start].kind in ("SEP", "THEN"):
        start += 1
    first = items[start] if start < len(items) else None
    if first is None:
        return False
    if first.key in ("i", "we", "they", "he", "she", "someone", "somebody"):
        return True
    following = items[start + 1] if start + 1 < len(items) else None
    return (
        first.key in ("my", "our", "their", "his", "her", "the")
        and following is not None
        and following.kind in ("WORD", "NOUN")
    )


_TIME_OPENERS = frozenset({"yesterday", "today", "lastweek", "last week", "earlier"})


def _has_done(clause: _Clause) -> bool:
    # "The registrar has approved ...": someone has done something.
    items = clause.items
    for index in range(1, len(items) - 1):
        done = items[index + 1]
        if done.kind != "WORD" or not done.key.endswith("ed"):
            continue
        if items[index].key == "has" and items[index - 1].kind in ("WORD", "NOUN"):
            return True
        if items[index].key in ("has", "have") and items[index - 1].key in _PERSONS:
            return True
    return False


def _uses(clause: _Clause) -> bool:
    # "The auth uses JWT with admin and staff roles": how a feature is made.
    items = [c for c in clause.items if c.kind not in ("SEP", "THEN")]
    start = 1 if items and items[0].key in ("the", "our", "my") else 0
    subject = items[start] if start < len(items) else None
    verb = items[start + 1] if start + 1 < len(items) else None
    return (
        subject is not None
        and subject.kind == "CONCEPT"
        and verb is not None
        and verb.key in ("uses", "runs", "relies")
    )


def _been_there(keys: list[str]) -> bool:
    # "has been there since March", "has been in place for a year".
    for index, key in enumerate(keys[:-1]):
        if key == "been" and keys[index + 1] in ("there", "in", "around", "live", "running"):
            return True
    return False


_PLEASED = frozenset({"happy", "satisfied", "content", "pleased"})
_RELEASED = frozenset({"shipped", "released", "landed", "merged", "launched"})


def _moved_to(clause: _Clause) -> bool:
    # "we migrated to a new project layout", "the clinic moved to new
    # servers": a subject, then a past move to something.
    items = clause.items
    for index in range(1, len(items) - 1):
        chunk, following = items[index], items[index + 1]
        if chunk.kind == "WORD" and chunk.key in _MOVED and following.key in ("to", "onto"):
            return items[index - 1].kind in ("WORD", "NOUN", "FUNCTION")
    return False


_MOVED = frozenset({"switched", "moved", "migrated", "changed", "upgraded", "transitioned"})


def _tests_pass(clause: _Clause) -> bool:
    # "the tests for invoices pass now", "auth tests fail on CI": how tests do.
    concepts = clause.kinds("CONCEPT")
    if not concepts or clause.items[concepts[0]].intent != "write_tests":
        return False
    for chunk in clause.items[concepts[0] + 1 :]:
        if chunk.kind == "NEGATION" or chunk.key in _TESTS_FOR:
            return False  # "tests ... so we don't break it": what they are for
        if chunk.key in _TESTS_DO:
            return True
    return False


_TESTS_DO = frozenset({"pass", "passes", "fail", "fails", "failing", "flaky"})
_TESTS_FOR = frozenset({"so", "to", "because", "that", "which", "in", "order"})


def _engine_named(clause: _Clause) -> bool:
    # "Database is Postgres 15", "our db is MySQL": which engine there is.
    said = [c for c in clause.items if c.kind not in ("FUNCTION", "SEP", "NUMBER")]
    keys = [c.key for c in clause.items if c.kind != "SEP"]
    # "postgres is 15.4 btw": which version it is.
    versioned = (
        said[:1] != []
        and said[0].key in _ENGINES
        and any(c.kind == "NUMBER" or re.fullmatch(r"v\d+(?:\.\d+)*", c.key) for c in clause.items)
        and "is" in keys
        and len(said) <= 4
    )
    return versioned or (
        len(said) == 2
        and said[0].intent == "optimize_db"
        and said[1].key in _ENGINES
        and ("is" in keys or "are" in keys)
    )


_ENGINES = frozenset({"postgres", "postgresql", "mysql", "mariadb", "sqlite", "mongodb", "mongo"})


_STATE_DATES = frozenset(
    {"next", "tomorrow", "soon", "quarter", "week", "month", "monday", "tuesday", "wednesday"}
    | {"thursday", "friday", "saturday", "sunday", "tonight", "later"}
)
_STATE_OFTEN = frozenset(
    {"seldom", "twice", "once", "daily", "nightly", "hourly", "weekly", "rarely", "every"}
)
_STATE_ADVERBS = frozenset({"now", "already", "still", "all", "very", "so", "really", "again"})
_STATE_BEING = frozenset(
    {"is", "are", "was", "were", "look", "looks", "seem", "seems", "stays", "stay"}
)
_STATE_FINE = frozenset(
    {"green", "good", "fine", "healthy", "ok", "okay", "done", "perfect", "great", "stable"}
    | {"perfectly", "well", "smoothly", "passing", "working", "solid"}
)
_STATE_WORKING = frozenset({"works", "worked", "working", "running", "runs", "work"})
_STATE_DONE = frozenset(
    {"finished", "completed", "passed", "succeeded", "went", "ran", "deployed", "shipped"}
)
_STATE_LATER = frozenset(
    {
        "check",
        "look",
        "read",
        "see",
        "watch",
        "monitor",
        "ask",
        "tell",
        "talk",
        "lookat",
        "lookinto",
    }
)
_STATE_WHEN = frozenset({"once", "when", "after", "until", "before", "if", "unless", "whenever"})


def _tells(clause: _Clause) -> bool:
    items = clause.items
    keys = [c.key for c in items]
    asked_if = any(
        a in ("ask", "asks", "asked") and b in ("if", "whether")
        for a, b in itertools.pairwise(keys)
    )
    if {"wish", "wished", "ideally"} & set(keys) or ("if" in keys and not asked_if):
        return False  # "wish we had proper structured logs": wanted
    dated = bool(set(keys) & _PAST_TIMES) or any(
        k.startswith("last") and (k != "last" or i + 1 < len(keys)) for i, k in enumerate(keys)
    )
    for i, key in enumerate(keys):
        before = items[i - 1] if i > 0 else None
        if key == "found" and before is not None and before.key in ("not", "is", "are", "be"):
            continue  # "when an order is not found": a 404, not a finding
        if key in _PAST_TOLD or (key == "used" and keys[i + 1 : i + 2] == ["to"]):
            return True  # "used to say"
        if key in _HEARD and before is not None and before.key in _PERSONS:
            return True
        if (
            key in _PLANNED
            and before is not None
            and before.key in ("the", "our", "by", "is", "are")
        ):
            return True  # "Logging is on the agenda", "the pipeline is owned by the platform team"
        if (
            key == "else"
            and before is not None
            and before.key in ("somebody", "someone", "somebodys")
        ):
            return True  # "somebody else's problem"
        if (
            key in _REPORTED_ASKING
            and before is not None
            and before.key in ("ask", "asks", "asked")
        ):
            return True  # "my boss ask why we use jwt", "students asked whether ...": reported
        if key == "other" and keys[i + 1 : i + 2] and keys[i + 1] in _ELSEWHERE_OURS:
            return True  # "in our other project", "on the other service"
        if key in ("done", "based") and keys[i + 1 : i + 2] in (["by"], ["on"]):
            return True  # "Deploy is done by platform team", "Our auth is based on JWT"
        if (
            key == "most"
            and before is not None
            and before.key == "the"
            and {"is", "are"} & set(keys)
        ):
            return True  # "Tests are the most neglected part of student projects"
        if key in _HOLDS and before is not None and before.key in _OTHERS_WHO:
            return True  # "our competitor has real-time stock updates"
        if dated and clause.kinds("CONCEPT") and not clause.kinds("VERB") and key in _FROM:
            return True  # "the security review from last month"
        hedged = i > 1 and before is not None and before.key in _HEDGES and keys[i - 2] in _SEEMING
        if key in _OPINIONS and before is not None and (before.key in _SEEMING or hedged):
            return True  # "websockets sound cool", "caching is kinda overrated"
        if key == "about" and before is not None and before.key in _TALKED:
            return True  # "my cofounder keeps asking about security", "boss talk about cache"
        if dated and key in ("problem", "problems", "issue", "issues", "trouble"):
            return True  # "My team last week have problem with deploy"
        # "we realized a security review", "the last review raised three findings",
        # "the crud generator saved me 3 hours yesterday": done before.
        done = key.endswith("ed") and key not in _STILL_WANTED and items[i].kind in _SAID_KINDS
        if (
            done
            and before is not None
            and (before.key in _TELLERS | _USERS | _SPEAKERS or before.kind == "CONCEPT" or dated)
        ):
            return True
    return False


def _asks_anything(clause: _Clause) -> bool:
    items = clause.items
    first = clause.at(clause.skip(0, "SEP", "THEN"))
    if first is not None and first.key in _ASKING_OPENERS:
        return True  # "can the database be used in a smarter way"
    for i, item in enumerate(items):
        after = items[i + 1].key if i + 1 < len(items) else ""
        if item.key in ("ask", "asks", "asked") and after in _REPORTED_ASKING:
            # "My manager asks if we can go live": a question told, no request.
            return False
        if item.key in _ASKING_WORDS or item.key in _PLEASE_KEYS or item.key in _WANTED_BY:
            return True
        # "the audit score was 62": a verb's word as the subject of "was".
        after = items[i + 1].key if i + 1 < len(items) else ""
        # "yesterday we did audit": a verb of ours, done before, asks nothing.
        done = item.key in _PAST_TOLD or item.key.endswith("ed")
        # "their previous vendor set up Docker", "i just tell you": a verb after
        # its subject tells; "my boss ask why we use jwt": one in a question told.
        back = i - 1
        while back >= 0 and items[back].key in _ADVERBS:
            back -= 1
        subject = back >= 0 and (
            items[back].kind in ("WORD", "NOUN", "CONCEPT") or items[back].key in _SUBJECT_WORDS
        )
        subject = subject or any(c.key in ("why", "whether") for c in items[:i])
        if (
            item.kind == "VERB"
            and not done
            and not subject
            and after not in _PAST_TOLD
            and after not in ("is", "are")
            # "Valkey was set up last sprint": done to it, before.
            and not (back >= 0 and items[back].key in ("was", "were", "been"))
        ):
            return True
    return False


_PAST_TOLD = frozenset(
    {"was", "were", "had", "did", "said", "worked", "found", "succeeded", "went", "saw", "ran"}
    | {"meant", "wrote", "built", "broke", "forgot", "made", "gave", "took", "sent"}
)
# "my lead wants a security review of it": someone's want is asked for them.
_WANTED_BY = frozenset({"wants", "needs", "asks", "asked", "requests", "requested", "expects"})
# What another company has or uses: "our competitor has real-time updates".
_HOLDS = frozenset({"has", "have", "had", "uses", "offers", "shipped", "launched"})
_OTHERS_WHO = frozenset({"competitor", "competitors", "rival", "rivals", "neighbour", "neighbor"})
_FROM = frozenset({"from", "of", "in"})
# "we realized", "as recorded in the change log", "was fixed": done before.
_TELLERS = frozenset({"we", "they", "you", "as", "was", "were"})
# Said with "last ..." ("last sprint", "last month") or one of these, it is past.
_PAST_TIMES = frozenset({"yesterday", "ago", "earlier", "previously", "previous", "already"})
_OPINIONS = frozenset(
    {"cool", "interesting", "neat", "awesome", "nice", "fun", "overrated", "good", "great"}
)
_SEEMING = frozenset({"is", "are", "sound", "sounds", "seem", "seems", "look", "looks", "was"})
_ASKING_OPENERS = frozenset({"can", "could", "would", "will", "should", "may", "do", "does"})
_HEARD = frozenset({"read", "heard", "remember", "recall"})
_HEDGES = frozenset({"kinda", "pretty", "so", "very", "really", "totally", "quite", "bit"})
_TALKED = frozenset({"learned", "learnt", "read", "heard"}) | frozenset(
    {"asking", "asked", "talk", "talks", "talked", "talking", "mentioned", "complaining"}
)
_REPORTED_ASKING = frozenset({"why", "whether", "if", "how"})
_ELSEWHERE_OURS = frozenset(
    {"project", "projects", "service", "services", "team", "company", "repo"}
)
_ADVERBS = frozenset({"just", "already", "also", "really", "simply", "still", "then"})
_SUBJECT_WORDS = frozenset({"i", "we", "they", "he", "she", "it", "who"})
_SPEAKERS = frozenset({"customer", "vendor", "colleague", "lead", "team", "auditor", "auditors"})
_SAID_KINDS = frozenset({"WORD", "VERB", "FUNCTION"})
_PLANNED = frozenset({"agenda", "roadmap", "owned", "handled", "maintained"})
_STILL_WANTED = frozenset({"wanted", "needed", "hoped", "wondered", "liked", "planned", "decided"})
_PLEASE_KEYS = frozenset({"pls", "plz", "plse", "pleaase", "thanks", "thx", "asap"})


def _asked_beside(others: list[_Clause]) -> bool:
    # Another clause asks for something: a verb or a feature's word.
    return any(other.kinds("VERB") or other.kinds("CONCEPT") for other in others)


def _just_asking(clause: _Clause, others: list[_Clause]) -> bool:
    # "How does our API score? Just curious", "only wondering": why the
    # person asks, beside the request.
    words = [c for c in clause.items if c.kind not in ("SEP", "FUNCTION")]
    asking = bool(words) and all(c.key in _ASKING_WHY for c in words)
    return asking and _asked_beside(others)


_ASKING_WHY = frozenset({"curious", "wondering", "asking", "checking"})


def _on_a_day(clause: _Clause, others: list[_Clause]) -> bool:
    # "go-live review is thursday", "the demo is tomorrow": when, beside a request.
    keys = [c.key for c in clause.items]
    dated = any(keys[i] in _COPULAS and keys[i + 1] in _DAYS for i in range(len(keys) - 1))
    first = clause.at(clause.skip(0, "FUNCTION", "SEP", "THEN"))
    opens = first is not None and first.kind != "VERB"
    # "AUDIT THIS PROJECT, GO-LIVE IS FRIDAY": the request may be a feature word alone.
    return dated and opens and _asked_beside(others)


_DAYS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
    | {"tomorrow", "today", "tonight", "next", "soon"}
)


def _anyone_does(clause: _Clause, others: list[_Clause]) -> bool:
    # "nobody trusts a deploy", "everyone hates the logs": what people do,
    # said beside a request.
    start = clause.skip(0, "SEP", "THEN")
    who, does = clause.at(start), clause.at(start + 1)
    if who is None or does is None or who.key not in _SOMEONE:
        return False
    acts = does.kind == "WORD" and does.key.endswith("s") and not does.key.endswith("ss")
    return acts and any(other.kinds("VERB") for other in others)


_SOMEONE = frozenset({"nobody", "noone", "everyone", "everybody", "someone", "somebody"})


def _goes_on_saying(clause: _Clause) -> bool:
    # "We use pytest and httpx AsyncClient": the words after "and" go on with
    # what the clause before says; no request of their own.
    before = clause.preceding
    said = before is not None and before.pending and before.consumed and _says_uses(before)
    return said and not clause.kinds("VERB", "CONCEPT", "FIELDS", "ROLES", "STORE", "NEW")


def _says_uses(clause: _Clause) -> bool:
    """ "we use ...", "i use ...", "we are using ...": the tools a person works with."""
    start = clause.skip(0, "SEP", "THEN")
    keys = [c.key for c in clause.items[start : start + 3]]
    return keys[:2] in (["we", "use"], ["i", "use"]) or keys == ["we", "are", "using"]


def _tools_used(clause: _Clause, others: list[_Clause]) -> bool:
    # "add tests for invoices? We use pytest and httpx AsyncClient": the tools
    # the person works with, said after a request.
    uses = _says_uses(clause)
    here = clause.items[0].position if clause.items else 0
    asked = any(o.kinds("VERB") and o.items and o.items[0].position < here for o in others)
    if uses and asked and not any(c.kind in ("FIELDS", "ROLES") for c in clause.items):
        return True
    # "we use postgres. Add caching to products.": the tools, said before a
    # request in a sentence of their own.
    following = clause.following
    later = following is not None and following.new_sentence and bool(following.kinds("VERB"))
    plain = all(c.kind in ("FUNCTION", "VERB", "CONCEPT", "WORD", "SEP") for c in clause.items)
    if uses and later and plain:
        return True
    if uses and not others and not clause.kinds("FIELDS", "ROLES", "DURATION", "TTL"):
        return True  # "We use PostgreSQL 15 with the asyncpg driver.": all that is said
    # "write tests for the login flow; pytest with httpx AsyncClient, please":
    # what the tests asked before are written with.
    lead = clause.at(clause.skip(0, "FUNCTION", "SEP", "THEN"))
    tests = any(c.intent == "write_tests" and c.position < here for o in others for c in o.items)
    # "...; use dependency overrides for the database session": how; a
    # feature named there ("use redis caching for products") is asked.
    named = any(
        c.kind in ("STORE", "NEW") or (c.kind == "CONCEPT" and c.key not in _WEAK)
        for c in clause.items
    )
    if tests and lead is not None and lead.key in ("use", "reuse") and not named:
        return True
    return (
        tests
        and lead is not None
        and lead.key == "pytest"
        and all(c is lead or c.kind in ("OPEN", "WORD", "FUNCTION", "SEP") for c in clause.items)
        and any(c.key in ("with", "using", "via", "and", "plus") for c in clause.items)
    )


def _accepted(clause: _Clause, others: list[_Clause]) -> bool:
    # "scaffold a new service, empty is fine", "sqlite is ok for now": what
    # the person will settle for, beside a request.
    keys = [c.key for c in clause.items if c.kind != "SEP"]
    tail = keys[-3:]
    settled = any(
        tail[i] in _COPULAS_SETTLED and tail[i + 1] in _SETTLED for i in range(len(tail) - 1)
    )
    return settled and len(keys) <= 6 and any(other.kinds("VERB", "CONCEPT") for other in others)


_COPULAS_SETTLED = frozenset({"is", "are", "'s", "would", "will"})
_SETTLED = frozenset({"fine", "ok", "okay", "enough", "acceptable", "alright", "good", "do"})


def _people_say(clause: _Clause, others: list[_Clause]) -> bool:
    # "users have to refresh the page to see new messages, we need realtime
    # push": what the people who use the API do or say, beside a request.
    start = clause.skip(0, "FUNCTION", "THEN", "SEP")
    subject, verb = clause.at(start), clause.at(start + 1)
    team = verb is not None and verb.key in ("team", "folks", "people")
    if team:
        verb = clause.at(start + 2)  # "Frontend team is losing their minds"
    if subject is None or not (team or subject.key in _USERS) or verb is None:
        return False
    if verb.key not in _USERS_DO or clause.kinds("CONCEPT", "STORE", "FIELDS", "PATH"):
        return False
    return _asked_beside(others)


_USERS = frozenset(
    {
        "users",
        "customers",
        "clients",
        "people",
        "ops",
        "staff",
        "investors",
        "support",
        "sales",
        "cto",
        "ceo",
        "cfo",
        "pm",
        "manager",
        "boss",
        "client",
        "legal",
        "founder",
        "sre",
    }
)
_USERS_DO = frozenset(
    {"have", "has", "keep", "keeps", "say", "says", "want", "wants", "are", "is", "complain", "ask"}
)


def _client_does(clause: _Clause, others: list[_Clause]) -> bool:
    # "the frontend polls order status every 2 seconds, push updates over a
    # socket": what a client of the API does, beside a request.
    start = clause.skip(0, "FUNCTION", "THEN", "SEP")
    subject, verb = clause.at(start), clause.at(start + 1)
    if subject is None or subject.kind != "UNSUPPORTED" or subject.key not in _CONSUMERS:
        return False
    doing = clause.at(start + 2)  # "the frontend is polling every second"
    if verb is not None and verb.key in ("is", "are", "keeps", "keep") and doing is not None:
        if not doing.key.endswith("ing"):
            return False
    elif verb is None or verb.kind not in ("WORD", "VERB") or not verb.key.endswith("s"):
        return False
    if any(c.kind == "UNSUPPORTED" for c in clause.items[start + 1 :]):
        return False
    return _asked_beside(others)


def _absent(clause: _Clause) -> bool:
    # "there are no tests for it", "we have not any test": a feature missing.
    for index in clause.kinds("NEGATION"):
        before = clause.at(index - 1)
        after = clause.at(clause.skip(index + 1, "FUNCTION"))
        having = before is not None and before.key in _HAVING_VERBS
        if not having or after is None or after.kind != "CONCEPT":
            return False
    return bool(clause.kinds("NEGATION"))


_HAVING_VERBS = frozenset({"is", "are", "have", "has", "had", "got"})


def _only_where(clause: _Clause, others: list[_Clause]) -> bool:
    # "product search takes 5s on prod, fix the slow queries": a weak feature
    # word after "on" or "in" says where the trouble is, beside a request.
    concepts = clause.kinds("CONCEPT")
    if not concepts or not any(other.kinds("VERB") for other in others):
        return False
    return all(
        clause.items[i].key in _WEAK and i > 0 and clause.items[i - 1].key in ("on", "in", "at")
        for i in concepts
    )


def _states_what_is_asked(clause: _Clause, others: list[_Clause]) -> bool:
    # "there are no tests for it and the errors are all over the place, so
    # write tests for customers and make the error format consistent": how a
    # feature is now, said beside a request for that feature.
    concepts = {clause.items[i].intent for i in clause.kinds("CONCEPT")}
    copula = any(c.key in _COPULAS for c in clause.items if c.kind == "FUNCTION")
    absent = _absent(clause)
    if not concepts or not (copula or absent):
        return False
    if clause.kinds("NEGATION") and not absent:
        # "the old cache is not needed" asks to remove it.
        return False
    asked = {
        other.items[i].intent
        for other in others
        if other.kinds("VERB") and not other.kinds("NEGATION")
        for i in other.kinds("CONCEPT")
    }
    return concepts <= asked


# What a statement never holds: a parameter or a list asked for.
_ASKED = frozenset({"STORE", "DURATION", "TTL", "ROLES", "FIELDS", "NEW", "PATH", "CRUD_SET"})


def _cached_route(before: _Clause, read_here: list[_Command]) -> None:
    # "postgres is hammered by reads from /products, add a response cache":
    # the route the statement names is what the cache is for.
    paths = before.kinds("PATH")
    for command in read_here:
        if command.name != "caching" or "target" in command.params or len(paths) != 1:
            continue
        path = before.items[paths[0]]
        part = path_part(path.text)
        if part:
            before.used.add(paths[0])
            command.params["target"] = _place_name([Chunk("WORD", part, path.position)])


def placed_in(placed: list[tuple[int, _Command]], number: int) -> bool:
    return any(n == number for n, _ in placed)


def _cached_place(before: _Clause, clause: _Clause, read_here: list[_Command]) -> None:
    """Cache what a statement just before names: "every request to the
    exchange rates endpoint recomputes the same response, keep responses for
    2 minutes" caches exchange_rates."""
    if any(c.key in ("it", "they", "its") for c in clause.items):
        # "the X endpoints recompute ... and each call takes seconds; they
        # should be cached": the subject of the statement, a clause or two back;
        # "... Please cache its responses": the same.
        earlier: _Clause | None = before
        for _ in range(2):
            if earlier is None or earlier.kinds("VERB", "CONCEPT"):
                break
            if _cached_it(earlier, read_here):
                break
            earlier = earlier.preceding
        _cached_subject(before, read_here)
    if not before.consumed and not before.pending:
        return
    # "The page at /availability gets hit constantly ... Could we keep the
    # results for 60 seconds": the route the statement names.
    _cached_route(before, read_here)
    for command in read_here:
        if command.name == "caching" and "target" not in command.params:
            target = _cache_place_named(before)
            if target is None and _refers_to_them(clause):
                target = _plural_subject(before)
            if target is None and any(c.key == "it" for c in clause.items):
                target = _wished_subject(before)
            if target is not None:
                command.params["target"] = target


def _cached_subject(before: _Clause, read_here: list[_Command]) -> None:
    """ "The dashboard is slow because ...; can you put a cache on it", "Our
    product catalog does not change often, so ... cache it": "it" is what the
    statement just before is about, the words it opens with."""
    why = next(
        (i for i, c in enumerate(before.items) if c.key in ("because", "since", "as", "so")),
        len(before.items),
    )
    if any(c.kind in ("VERB", "CONCEPT") for c in before.items[:why]):
        return  # "..., because it sums every score": what it does is said after
    start = before.skip(0, "FUNCTION", "SEP", "THEN")
    if start == 0 or before.items[start - 1].key not in ("the", "our", "my", "this"):
        return
    end = start
    while (
        end - start < 3
        and (chunk := before.at(end)) is not None
        and chunk.kind == "WORD"
        and chunk.key not in _STATES
    ):
        end += 1
    noun = before.at(end)
    if end > start and noun is not None and noun.kind == "NOUN" and noun.key not in _APP_WORDS:
        end += 1  # "our exchange table"
    verb = before.at(end)
    if end == start or verb is None or verb.key not in _STATES:
        return
    for command in read_here:
        if command.name == "caching" and "target" not in command.params:
            before.used.update(range(start, end))
            command.params["target"] = _place_name(before.items[start:end])


_APP_WORDS = frozenset({"app", "api", "service", "application", "project", "server", "backend"})
# What the subject of a statement does: "the dashboard is slow", "the catalog does not change".
_STATES = frozenset(
    {"is", "does", "was", "changes", "rarely", "seldom", "never", "hardly", "gets", "keeps"}
)


def _refers_to_them(clause: _Clause) -> bool:
    return any(c.kind == "FUNCTION" and c.key in ("them", "those", "these") for c in clause.items)


def _plural_subject(before: _Clause) -> str | None:
    """ "exchange rates change only once a day, so cache them": the plural
    the statement opens with is what "them" names."""
    start = before.skip(0, "FUNCTION", "SEP", "THEN")
    end = start
    while (chunk := before.at(end)) is not None and chunk.kind == "WORD":
        end += 1
        if chunk.key.endswith("s") and not chunk.key.endswith("ss"):
            following = before.at(end)
            if following is not None and following.kind in ("WORD", "FUNCTION"):
                words = before.items[start:end]
                before.used.update(range(start, end))
                return _place_name(words)
    return None


def _cached_them(before: _Clause, clause: _Clause, read_here: list[_Command]) -> None:
    # "we hit the DB too often for the same menu items, cache them": "them"
    # is the plural the statement ends on, after its place word.
    if any(c.key == "it" for c in clause.items):
        _cached_it(before, read_here)
    if not any(c.key == "them" for c in clause.items):
        return
    for command in read_here:
        if command.name != "caching" or "target" in command.params:
            continue
        # "... for the same exchange rates repeatedly": past the words after.
        end = _before_fillers(before, len(before.items) - 1) + 1
        start = end
        while start > 0 and before.items[start - 1].kind == "WORD":
            start -= 1
        opener = before.at(_before_fillers(before, start - 1))
        words = before.items[start:end]
        if words and opener is not None and opener.kind == "OPEN" and words[-1].key.endswith("s"):
            before.used.update(range(start, end))
            command.params["target"] = _place_name(words)


def _cached_it(before: _Clause, read_here: list[_Command]) -> bool:
    # "the same doctor availability lookup hits the DB ...; cache it": "it" is
    # the lookup the statement opens with, named by the words before its head.
    start = before.skip(before.skip(0, "THEN", "SEP"), "FUNCTION")
    end = start
    while (chunk := before.at(end)) is not None and chunk.kind == "WORD":
        end += 1
        if chunk.key in _LOOKUPS:
            break
    head = before.at(end)
    if end > start and head is not None and head.kind == "NOUN" and head.key in _CACHED_PLACES:
        end += 1  # "the prediction endpoints recompute ...; they should be cached"
    elif end - start < 2 or before.items[end - 1].key not in _LOOKUPS:
        return False
    for command in read_here:
        if command.name == "caching" and "target" not in command.params:
            before.used.update(range(start, end))
            command.params["target"] = _place_name(before.items[start : end - 1])
    return True


_CACHED_PLACES = frozenset({"endpoints", "endpoint", "routes", "route"})
# What a statement's subject may be that a cache keeps: "the rates lookup".
_LOOKUPS = frozenset(
    {"lookup", "lookups", "query", "calculation", "computation", "search", "listing", "report"}
)


def _before_fillers(clause: _Clause, index: int) -> int:
    # The index before ``index``'s run of function words.
    while (chunk := clause.at(index)) is not None and chunk.kind == "FUNCTION":
        index -= 1
    return index


def _only_when(clause: _Clause, read_here: list[_Command]) -> bool:
    # A clause that only says when ("before deploying", "before we go to
    # production", "ahead of the launch"): the time the other commands are
    # wanted by, not a review or a deployment, unless nothing else is asked.
    if not read_here or any(c.name not in ("audit", "deploy") for c in read_here):
        return False
    # "Ticket PLAT-112: before go-live": after a heading.
    first = clause.at(clause.skip(0, "THEN", "SEP", "FUNCTION", "COLON"))
    if first is None:
        return False
    opens = first.key in _TIMES or (first.kind == "CONCEPT" and first.key.startswith("before"))
    colon = next((i for i, c in enumerate(clause.items) if c.kind == "COLON"), None)
    if colon is not None and any(i > colon for i in clause.kinds("CONCEPT")):
        # "before go-live: audit readiness": the time is a heading; the
        # request follows it.
        return False
    return opens and all(
        c.kind in ("CONCEPT", "FUNCTION", "THEN", "SEP", "OPEN", "COLON")
        or (c.kind in ("WORD", "VERB") and c.key in _TIME_WORDS)
        for c in clause.items
    )


_TIMES = frozenset({"before", "ahead", "until", "till"})
# What the time is made of: "before we go live", "until we launch", "ahead of
# the release".
_TIME_WORDS = _TIMES | {
    "go",
    "goes",
    "going",
    "launch",
    "launching",
    "release",
    "releasing",
    "deploy",
    "ship",
    "shipping",
    "hit",
    "hitting",
    "move",
    "moving",
    "push",
    "pushing",
}


def _limit_note(clause: _Clause) -> str:
    words = " ".join(c.text for c in clause.items if c.kind != "THEN")
    return f"'{words}' is read as a limit: only the commands read are run."


def _read_undo(items: list[Chunk], sentence: str) -> Reading | None:
    from fastprod.language._undo import NotOurs, UndoMixed, read_undo

    try:
        intents = read_undo(items)
    except NotOurs as other:
        raise Failure(
            f"fastprod undoes only the last change it made itself, not '{other}'; "
            "git revert undoes any commit",
            0,
            suggestions=("undo the last change",),
        ) from None
    except UndoMixed as mixed:
        raise Failure(
            f"an undo is run on its own: run 'undo the last change' first, then ask for "
            f"the rest in a command of its own (this sentence also asks for: {mixed})",
            0,
            suggestions=("undo the last change",),
        ) from None
    return None if intents is None else Reading(intents, (), sentence)
