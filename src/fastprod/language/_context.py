"""Context: phrases that say where a request comes from, read before clauses.

Two kinds of phrase carry no command of their own but change how the rest
reads:

- another framework named as a comparison or a background ("like in Rails",
  "coming from Express", "Django-style", "as a Flask developer"): context,
  shown as not used; named as the project or the goal ("migrate my app to
  Django", "build an Express server") it is still refused (``_guards``);
- who can reach the API, said as its problem ("anyone can call my API",
  "nobody should be able to open the staff pages"): authentication, the
  access and its object read as its context. Keeping each user's records to
  that user ("anyone can read other users' orders") is ownership, which no
  recipe adds: refused, saying so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from fastprod.language._chunks import Chunk
from fastprod.language._clause import _CACHE_PLACES, _NAMING
from fastprod.language._failure import Failure
from fastprod.language._text import _Pattern

# Words before a framework that make it a comparison or a background.
_COMPARING = frozenset(
    {
        "like",
        "as",
        "similar",
        "same",
        "way",
        "coming",
        "come",
        "came",
        "used",
        "familiar",
        "inspired",
        "akin",
        "compared",
        "than",
        "unlike",
        "style",
        "background",
        "experience",
        "habits",
        "la",
    }
)

# Words between the comparing word and the framework ("like in my old Rails").
_BETWEEN = frozenset(
    {
        "in",
        "to",
        "from",
        "with",
        "by",
        "of",
        "a",
        "an",
        "the",
        "my",
        "our",
        "old",
        "previous",
        "former",
        "last",
        "we",
        "i",
        "you",
        "did",
        "do",
        "does",
        "had",
        "have",
        "used",
        "would",
        "it",
        "is",
        "am",
        "are",
        "was",
        "what",
        "how",
        "they",
        "people",
        "things",
        "done",
    }
)

# Words after a framework that make it a background ("a Django developer")
# or that go with the comparison ("the way Flask does it").
_BACKGROUND = frozenset(
    {
        "style",
        "styled",
        "inspired",
        "esque",
        "ish",
        "dev",
        "devs",
        "developer",
        "developers",
        "person",
        "guy",
        "background",
        "veteran",
        "habits",
        "conventions",
        "world",
        "land",
        "days",
    }
)

_DOING = frozenset({"does", "did", "do", "has", "had"})
_FOLLOWING = frozenset({"it", "them", "things", "this", "that"})

# Asking to leave FastAPI for another framework is never context.
MOVING = frozenset(
    {
        "migrate",
        "migrating",
        "migration",
        "port",
        "porting",
        "convert",
        "converting",
        "rewrite",
        "rewriting",
        "switch",
        "switching",
        "move",
        "moving",
        "translate",
        "replace",
        "transform",
        "turn",
        "change",
        "changing",
        "instead",
    }
)

_STYLED = _Pattern(r"^(?P<framework>[a-z.]+)-(?:style|styled|like|ish|esque|inspired)$", re.I)


def read_context(found: Sequence[Chunk], sentence: str) -> list[Chunk]:
    """The chunks with context phrases made one ``CONTEXT`` chunk each.

    Raises:
        Failure: The access described is per-user ownership of records.
    """
    items = _comparisons_as_context(_chatter_as_context(list(found)))
    items = _frameworks_as_context(items, sentence)
    items = _names_of_resources(items)
    items = _settings_as_context(items, sentence)
    return _apologies_as_context(_purposes_as_context(_access_as_auth(items, sentence)))


def _chatter_as_context(items: list[Chunk]) -> list[Chunk]:
    """In a message of several sentences, one that names nothing fastprod
    reads is chatter ("Anyway, coffee time.", "Sarah will own the
    follow-ups."): context, once another sentence asks for something.

    A sentence that opens with its writer ("I'll be in meetings all
    afternoon", "I'll handle the frontend myself, probably with Svelte") is
    theirs, whatever it names besides fastprod's features.
    """
    sentences: list[tuple[int, int]] = []
    start = 0
    for index, chunk in enumerate(items):
        following = items[index + 1] if index + 1 < len(items) else None
        spaced = following is None or following.position > chunk.position + 1
        if chunk.kind == "SEP" and chunk.text in (".", "!", "?") and spaced:
            # "3.12" goes on; ". " ends a sentence.
            sentences.append((start, index + 1))
            start = index + 1
    if start < len(items):
        sentences.append((start, len(items)))
    if len(sentences) < 2:
        return items
    asking = [any(c.kind in ("VERB", "CONCEPT") for c in items[a:b]) for a, b in sentences]
    out = list(items)
    for number, (a, b) in enumerate(sentences):
        if not any(asking[:number] + asking[number + 1 :]):
            continue
        if _chatter(items[a:b]):
            # The sentence's own end stays a separator: the request after it
            # is a clause of its own.
            out[a:b] = [
                c
                if c.kind == "SEP" and c.text in (".", "!", "?") and i == b - 1
                else Chunk("CONTEXT", c.text, c.position)
                for i, c in enumerate(items[a:b], start=a)
            ]
    return out


def _comparisons_as_context(items: list[Chunk]) -> list[Chunk]:
    """ "I need crud for customer: name, email. in gin this is a struct and four
    handlers.", "need websockets. socket.io was easier, prove me wrong.": a
    sentence after the request that compares with another stack is an aside."""
    out = list(items)
    start, asked = 0, False
    for index, chunk in enumerate([*items, Chunk("SEP", ".", -1)]):
        if not (chunk.kind == "SEP" and chunk.text in (".", "!", "?")):
            continue
        sentence = items[start:index]
        if asked and _compares(sentence):
            out[start:index] = [Chunk("CONTEXT", c.text, c.position) for c in sentence]
        asked = asked or any(c.kind in ("VERB", "CONCEPT") for c in sentence)
        start = index + 1
    return out


def _compares(sentence: Sequence[Chunk]) -> bool:
    words = [c for c in sentence if c.kind != "FUNCTION" or c.key in _COMPARED_OPENERS]
    if len(words) < 2:
        return False
    first, second = words[0], words[1]
    if first.key in _COMPARED_OPENERS:
        return second.kind == "FRAMEWORK" or second.key in _OTHER_STACKS
    told = sentence[sentence.index(first) + 1 :][:1]
    return (first.kind == "FRAMEWORK" or first.key in _OTHER_STACKS) and any(
        c.key in _STACK_SAID for c in told
    )


_COMPARED_OPENERS = frozenset({"in", "like", "unlike", "basically"})
_OTHER_STACKS = frozenset(
    {"express", "gin", "node", "nodejs", "prisma", "socketio", "morgan", "passport", "typeorm"}
    | {"sequelize", "nestjs", "nest", "rails", "laravel", "spring", "go", "golang", "echo"}
    | {"fiber", "knex", "mongoose", "drizzle", "koa", "hapi", "gorm", "expressgenerator"}
    | {"socket.io"}
)
_STACK_SAID = frozenset(
    {"was", "had", "is", "would", "did", "has", "does", "handled", "made", "gave", "just"}
)


def _chatter(sentence: Sequence[Chunk]) -> bool:
    words = [c for c in sentence if c.kind != "SEP"]
    if not words or any(c.kind in _READ_KINDS for c in words):
        return False
    if len(words) < 4 or not any(c.kind in ("FUNCTION", "OPEN") for c in words):
        return False  # "title, body, pinned", "Nobody has.": a list, or short enough to mean
    if any("_" in c.text for c in words):
        return False  # "it has plate, model_year and seller_id": identifiers are meant
    keys = [c.key for c in words[:3]]
    if keys[0] in ("it", "they", "each") and (set(keys[1:]) & _HOLDING):
        return False  # "it has plate, colour and price": what a resource holds
    named = [c for c in words if c.kind == "NOUN" and c.key not in _WHOLE_APP]
    if named or any(c.kind == "COLON" or c.key in _NAMING for c in words):
        return False  # "The pricing endpoint recomputes ...", "Name: shop": what is meant
    at = next((i for i, c in enumerate(words) if c.kind != "FUNCTION" or c.key in _WRITERS), 0)
    first, then = words[at], words[at + 1] if at + 1 < len(words) else None
    if first.key in _WRITERS and then is not None and then.key in _OWN_DOING:
        return True  # "I will build the frontend myself, probably with Vue"
    if any(c.kind == "VERB" or c.key == "tomanage" for c in words):
        return False  # "we need to manage tenants": asked
    if first.kind == "NEGATION":
        return False  # "don't touch anything else": a limit
    if first.key in _WRITERS:
        return True  # "I'll be in meetings all afternoon"
    return not any(c.kind in _TAKEN_KINDS for c in words)


_HOLDING = frozenset({"has", "have", "holds", "contains", "includes", "needs"})
# The app as a whole: "before we expose this API publicly" names no part of it.
_WHOLE_APP = frozenset({"api", "apis", "app", "apps", "service", "backend", "project"})
# What fastprod reads from a sentence: never chatter.
_READ_KINDS = frozenset(
    {
        "CONCEPT",
        "STORE",
        "DURATION",
        "TTL",
        "PATH",
        "NEW",
        "ROLES_WORD",
        "FIELDS_WORD",
        "PLURAL",
        "CRUD_SET",
        "TYPE",
        "ENVELOPE",
        "UNDO",
        "RETRACT",
        "ACCESS",
        "CREDENTIALS",
        "DETAIL",
    }
)
# What a sentence of someone else's may still ask or refuse.
_TAKEN_KINDS = frozenset(
    {
        "VERB",
        "NEGATION",
        "UNSUPPORTED",
        "FRAMEWORK",
        "ELSEWHERE",
        "OPERATE",
        "QUESTION",
        "UNSAFE",
        "ENGINE",
        "VAGUE",
    }
)
_WRITERS = frozenset({"i", "im", "we", "anyway", "anyways"})
# What the writer will do or did, in a sentence of their own.
_OWN_DOING = frozenset(
    {"will", "ll", "shall", "was", "were", "had", "spent", "used", "tried", "are", "am"}
)


def _names_of_resources(items: list[Chunk]) -> list[Chunk]:
    # "add a review resource with rating and comment", "a score model": a
    # verb between an article and a resource noun names the resource; so
    # does a feature word when fields follow ("a log table with message").
    for index in range(1, len(items) - 1):
        chunk, noun = items[index], items[index + 1]
        if items[index - 1].key not in _ARTICLES or noun.kind != "NOUN":
            continue
        if noun.key not in _RESOURCE_NOUNS or " " in chunk.text:
            continue
        if chunk.kind == "VERB" or (
            chunk.kind == "CONCEPT" and chunk.intent != "crud" and _fields_follow(items, index + 2)
        ):
            items[index] = Chunk("WORD", chunk.text, chunk.position, code=chunk.code)
    return items


_ARTICLES = frozenset({"a", "an", "the", "new", "one"})
_RESOURCE_NOUNS = frozenset({"resource", "model", "entity", "table"})


def _fields_follow(items: Sequence[Chunk], index: int) -> bool:
    following = items[index] if index < len(items) else None
    if following is None:
        return False
    return following.kind in ("LPAR", "COLON") or following.key in ("with", "having", "containing")


def _settings_as_context(items: list[Chunk], sentence: str) -> list[Chunk]:
    # Where the app runs, said as a fact beside the request ("this service
    # runs in k8s", "before it goes onto the k8s cluster", "CI is only green
    # because..."): the setting, not a deployment asked for.
    index = 0
    while index < len(items):
        span = _setting(items, index) if items[index].intent == "deploy" else None
        if span is None:
            index += 1
            continue
        start, end = span
        items[start:end] = [_joined(items[start:end], sentence)]
        index = start + 1
    return items


def _setting(items: Sequence[Chunk], index: int) -> tuple[int, int] | None:
    end = index + 1
    while end < len(items) and items[end].kind in ("WORD", "NOUN") and end - index <= 2:
        end += 1
    start = index - 1
    while start >= 0 and items[start].kind in _BETWEEN_SETTING and index - start <= 5:
        # "before deploy" says when; "before it goes onto k8s" where it runs.
        subordinate = items[start].key in _SUBORDINATING and start < index - 1
        if items[start].key in _SETTING or subordinate:
            return start, end
        start -= 1
    keys = [c.key for c in items[index + 1 : index + 4]]
    if keys and keys[0] in _BEING and any(k in _STATES for k in keys[1:]):
        # "CI is only green", "the pipeline is broken"
        last = index + 1 + next(i for i, k in enumerate(keys) if k in _STATES)
        return index, last + 1
    return None


_BETWEEN_SETTING = frozenset({"WORD", "FUNCTION", "OPEN", "NOUN"})
_SETTING = frozenset({"runs", "goes", "lives", "sits", "is", "are", "was", "were"})
_BEING = frozenset({"is", "are", "was", "were"})
# "before it moves onto k8s", "because CI ...": a clause of its own inside the sentence.
_SUBORDINATING = frozenset({"before", "once", "when", "until", "because", "since", "while"})
_STATES = frozenset({"green", "red", "broken", "failing", "passing", "flaky", "down"})


def _frameworks_as_context(items: list[Chunk], sentence: str) -> list[Chunk]:
    if any(c.key in MOVING for c in items):
        return items
    index = 0
    while index < len(items):
        chunk = items[index]
        styled = chunk.kind == "WORD" and _STYLED.compiled().match(chunk.text) is not None
        if chunk.kind != "FRAMEWORK" and not styled:
            index += 1
            continue
        front = _their_front(items, index) if chunk.kind == "FRAMEWORK" else None
        if front is not None:
            # "our React frontend needs live updates", "Our front in Angular
            # needs ...": the client the request is for, already theirs.
            items[front[0] : front[1]] = [_joined(items[front[0] : front[1]], sentence)]
            index = front[0] + 1
            continue
        start = index if styled else _comparison_start(items, index)
        end = _background_end(items, index)
        if start is None and end == index + 1 and not styled:
            index += 1
            continue
        start = index if start is None else start
        items[start:end] = [_joined(items[start:end], sentence)]
        index = start + 1
    return items


def _their_front(items: Sequence[Chunk], index: int) -> tuple[int, int] | None:
    """Where "our React frontend" or "our front in Angular" starts and ends."""
    if items[index].key not in _FRONT_FRAMEWORKS:
        return None
    after = items[index + 1] if index + 1 < len(items) else None
    before = items[index - 1] if index > 0 else None
    if after is not None and after.key in _FRONTS and before is not None and before.key in _THEIRS:
        return index - 1, index + 2
    front_in = index >= 3 and items[index - 1].key in ("in", "with")
    if front_in and items[index - 2].key in _FRONTS and items[index - 3].key in _THEIRS:
        return index - 3, index + 1
    return None


_FRONTS = frozenset(
    {"front", "frontend", "front-end", "fronts", "frontends", "ui", "client", "spa", "app"}
)
_THEIRS = frozenset({"our", "my", "their", "the"})
_FRONT_FRAMEWORKS = frozenset(
    {"react", "reactjs", "react.js", "angular", "vue", "vuejs", "vue.js", "svelte", "nextjs"}
    | {"next.js", "nuxt", "ember", "solid", "flutter", "swiftui"}
)


def _comparison_start(items: Sequence[Chunk], index: int) -> int | None:
    # Back over the words between ("in my old"), to a comparing word.
    start = index - 1
    while start >= 0 and items[start].kind != "SEP" and index - start <= 7:
        key = items[start].key
        if key in _COMPARING:
            return _compared(items, start)
        if key not in _BETWEEN:
            return None
        start -= 1
    return None


def _compared(items: Sequence[Chunk], start: int) -> int | None:
    # "as" compares only as "as in", "as with", "same as", "just as": "deploy
    # it as a Django app" names the project.
    if items[start].key != "as":
        return start
    before = items[start - 1].key if start > 0 else ""
    after = items[start + 1].key if start + 1 < len(items) else ""
    if before in ("same", "just", "such"):
        return start - 1
    return start if after in ("in", "with") else None


def _background_end(items: Sequence[Chunk], index: int) -> int:
    # "a Django developer", "the way Flask does it": the words that go with it.
    end = index + 1
    after = items[end] if end < len(items) else None
    if after is None:
        return end
    if after.key in _BACKGROUND:
        return end + 1
    if after.key in _DOING:
        end += 1
        while end < len(items) and items[end].key in _FOLLOWING:
            end += 1
    return end


def _joined(span: Sequence[Chunk], sentence: str) -> Chunk:
    first, last = span[0], span[-1]
    text = sentence[first.position : last.position + len(last.text)]
    return Chunk("CONTEXT", text, first.position)


# Verbs of reaching something: what follows them is what is reached.
_OWNERSHIP = _Pattern(
    r"\b(?:other\s+(?:users?|people|peoples?|customers?|accounts?|members?|tenants?)|"
    r"each\s+others?|someone\s+else|somebody\s+else|everyone\s+else|everybody\s+else|"
    r"not\s+their\s+own|aren'?t\s+theirs|isn'?t\s+theirs)\b",
    re.I,
)


def _access_as_auth(items: list[Chunk], sentence: str) -> list[Chunk]:
    out: list[Chunk] = []
    index = 0
    while index < len(items):
        chunk = items[index]
        if chunk.kind != "ACCESS":
            out.append(chunk)
            index += 1
            continue
        if _purpose(out):
            # "add a Dockerfile so anyone can deploy it": who the request is
            # for, not a problem with access; what follows reads as usual.
            out.append(Chunk("CONTEXT", chunk.text, chunk.position))
            index += 1
            continue
        end = _object_end(items, index + 1)
        reaching = items[index + 1 : end]
        if reaching and not _reaches(reaching):
            # "nobody can help me", "anyone can upload files": not who
            # reaches the API, or reaching a feature fastprod lacks; read
            # as written.
            out.append(Chunk("CONTEXT", chunk.text, chunk.position))
            index += 1
            continue
        if end > index + 1:
            reached = _joined(reaching, sentence)
            if _OWNERSHIP.compiled().search(reached.text):
                raise _ownership(chunk, reached)
        else:
            reached = None
        out.append(Chunk("CONCEPT", chunk.text, chunk.position, intent="auth"))
        if reached is not None:
            out.append(reached)
        index = end
    return out


_PURPOSE = frozenset({"so", "sothat", "that", "where", "letting", "lets", "allow", "allowing"})


def _purpose(before: Sequence[Chunk]) -> bool:
    return bool(before) and before[-1].key in _PURPOSE


# Verbs of reaching something: "anyone can call / read / delete ...".
_REACHING = frozenset(
    {
        "access",
        "reach",
        "read",
        "see",
        "view",
        "call",
        "hit",
        "use",
        "open",
        "get",
        "edit",
        "change",
        "modify",
        "delete",
        "update",
        "post",
        "query",
        "download",
        "list",
        "browse",
        "visit",
        "create",
        "write",
        "fetch",
        "do",
        "touch",
        "log",
        "sign",
        "register",
        "grab",
        "scrape",
        "connect",
        "remove",
        "drop",
        "put",
        "patch",
        "send",
        "spam",
        "abuse",
        "hammer",
        "mess",
        "look",
        "reset",
        "wipe",
        "make",
        "go",
        "enter",
        "poke",
        "add",
        "request",
    }
)


def _reaches(reaching: Sequence[Chunk]) -> bool:
    first = next((c for c in reaching if c.kind != "FUNCTION" or c.key in ("do", "get")), None)
    if first is None or first.key not in _REACHING:
        return False
    return not any(c.kind in ("UNSUPPORTED", "FRAMEWORK") for c in reaching)


def _object_end(items: Sequence[Chunk], start: int) -> int:
    # The access and what it reaches run to the next separator, or to a
    # verb that asks for something ("..., so add auth"): the first chunk is
    # the access itself ("call", "delete", "see"), whatever class it is.
    end = start
    while end < len(items):
        chunk = items[end]
        if chunk.kind in ("SEP", "ACCESS"):
            break
        if end > start and chunk.kind in ("VERB", "NEGATION") and _asks(items, end):
            break
        end += 1
    return end


def _asks(items: Sequence[Chunk], index: int) -> bool:
    # "anyone can call my API so fix that": a verb after "so"/"please" or
    # after the object asks; "anyone can see and edit orders" does not.
    before = items[index - 1]
    return before.key in ("so", "please", "pls", "plz", "just", "then", "lets", "let", "us")


def _ownership(access: Chunk, reached: Chunk) -> Failure:
    return Failure(
        f"'{access.text} {reached.text}' asks that users reach only their own records "
        "(per-user ownership): fastprod's authentication adds login, tokens and roles, "
        "not ownership checks on each record.",
        access.position,
        suggestions=("add JWT authentication", "add authentication with admin and user roles"),
    )


# What a purpose after a request may hold: words that ask for nothing
# ("so I have a number to show him", "so we don't embarrass ourselves").
_SAYING = frozenset(
    {"WORD", "FUNCTION", "NEGATION", "OPEN", "NOUN", "VAGUE", "WHOLE", "NUMBER", "VERB", "CONTEXT"}
    # "... so the new server can run it": what is new there is said of it;
    # "... so the landing page stops taking 4 seconds": a page, not a site to build.
    | {"NEW", "ELSEWHERE"}
)
_REQUESTING = frozenset({"CONCEPT", "VERB", "NEW", "CRUD_SET", "UNDO"})
_HARD_STOPS = frozenset({",", ";", ".", "-", "--"})


def asks_after_so(found: list[Chunk], index: int) -> bool:
    """ "we go in production next month, so I would like an evaluation", "..., so
    please evaluate it": "so" opens the request the statement before leads to."""
    keys = [c.key for c in found[index + 1 : index + 4]]
    end = next(
        (
            at
            for at in range(index + 1, len(found))
            if found[at].kind == "SEP" and found[at].text in (".", ";", "!", "?")
        ),
        len(found),
    )
    if not any(c.kind == "CONCEPT" for c in found[index + 1 : end]):
        return False  # "..., so we would like our API to follow this rule": why
    return (
        keys[:1] in (["please"], ["kindly"], ["pls"])
        or keys[:2] in (["could", "you"], ["can", "you"], ["would", "you"], ["please", "could"])
        or (keys[:1] in (["i"], ["we"]) and keys[1:2] in (["wouldlike"], ["need"], ["want"]))
    )


def _purposes_as_context(items: list[Chunk]) -> list[Chunk]:
    # "grade the repo so I have a number to show him": the purpose of a
    # request is why it is asked; shown as not used, never read as a
    # request, a name or a removal. A purpose that names a feature or a
    # parameter ("so we can cache in redis") reads as usual.
    for index, chunk in enumerate(items):
        if chunk.kind != "FUNCTION" or chunk.key != "so" or index == 0:
            continue
        if not any(c.kind in _REQUESTING for c in items[:index]):
            return items
        if asks_after_so(items, index):
            continue
        end = index + 1
        while end < len(items) and not (
            items[end].kind == "SEP" and items[end].text.strip() in _HARD_STOPS
        ):
            end += 1
        tail = items[index + 1 : end]
        # "add a Dockerfile, CI and health checks so this is deployable": the
        # readiness a feature asked for brings is its purpose, not an audit.
        featured = any(c.kind == "CONCEPT" and c.intent != "audit" for c in items[:index])
        if tail and all(
            c.kind in _SAYING
            or (featured and c.kind == "CONCEPT" and c.intent == "audit")
            or _where_it_runs(tail, at)
            for at, c in enumerate(tail)
        ):
            kept = place_in_purpose(items, index, items[:index])
            said = [c if at in kept else _said(c) for at, c in enumerate(items[index:end], index)]
            return [*items[:index], *said, *items[end:]]
    return items


def place_in_purpose(found: Sequence[Chunk], index: int, before: Sequence[Chunk]) -> range:
    """ "add caching so the search endpoint stops hammering postgres": a
    caching that names no place of its own is for the place its purpose
    names, kept for the slot reader; the rest of the purpose is skipped."""
    if not any(c.intent == "caching" for c in before) or any(c.kind == "WORD" for c in before):
        return range(0)
    start = index + 2 if index + 1 < len(found) and found[index + 1].key == "the" else 0
    end = start
    while start and end < len(found) and found[end].kind == "WORD":
        end += 1
    noun = found[end] if start and start < end < len(found) else None
    if noun is None or noun.kind != "NOUN" or noun.key not in _CACHE_PLACES:
        return range(0)
    return range(start - 1, end + 1)


def _where_it_runs(tail: list[Chunk], at: int) -> bool:
    # "... so we can trace issues in prod": where, not deployment.
    chunk = tail[at]
    placed = at > 0 and tail[at - 1].key in ("in", "on")
    # "... so regressions get caught in CI": where they run.
    return placed and chunk.kind == "CONCEPT" and chunk.key in ("prod", "production", "ci")


def _said(chunk: Chunk) -> Chunk:
    # Its words are shown as not used; its verbs and negations read as
    # filler words.
    shown = chunk.kind in ("WORD", "NOUN", "VAGUE", "WHOLE", "NUMBER", "CONTEXT")
    return Chunk("CONTEXT" if shown else "FUNCTION", chunk.text, chunk.position)


# What a person says of their own language ("sorry my english not so good",
# "I'm not a native speaker", "english is not my first language"), and the
# phrase classes such a remark is made of.
_LANGUAGE = frozenset({"english", "grammar", "spelling", "native", "nonnative", "speaker"})
_REMARKING = frozenset(
    {"WORD", "FUNCTION", "NEGATION", "VAGUE", "NUMBER", "SEP", "CONTEXT", "OPEN"}
)


def _apologies_as_context(items: list[Chunk]) -> list[Chunk]:
    # A remark on the writer's English is why the sentence reads oddly, not
    # a request or a removal: shown as not used.
    out: list[Chunk] = []
    start = 0
    for end in [*(i for i, c in enumerate(items) if _hard_stop(c)), len(items)]:
        part = items[start:end]
        remark = any(c.kind == "WORD" and c.key in _LANGUAGE for c in part)
        if remark and all(c.kind in _REMARKING for c in part):
            part = [_said(c) for c in part]
        out.extend(part)
        out.extend(items[end : end + 1])
        start = end + 1
    return out


def _hard_stop(chunk: Chunk) -> bool:
    return chunk.kind == "SEP" and chunk.text.strip() in _HARD_STOPS
