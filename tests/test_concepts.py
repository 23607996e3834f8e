"""The concept reader: phrase classes, clauses, slots, guards and what is skipped.

The corpus (tests/corpus) runs through the same reader in test_grammar.py;
these tests pin the reader's own rules, each with sentences of its kind.
"""

from __future__ import annotations

import logging
import marshal
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from lark import Lark
from lark.exceptions import UnexpectedCharacters

from fastprod import UnrecognizedCommand
from fastprod.core._registry import SPECS
from fastprod.core._specs import SpecError
from fastprod.language._chunks import _table, chunks, concept_pattern, grammar_text, lexer
from fastprod.language._lexer import Unlexable, compiled, terminals
from fastprod.language._reading import understand
from fastprod.language._slips import _nearest, _one_slip, keywords
from fastprod.language._text import normalize


def _intents(sentence: str) -> list[dict[str, Any]]:
    return [intent.to_json() for intent in understand(sentence).intents]


def _refused(sentence: str) -> str:
    with pytest.raises(UnrecognizedCommand) as caught:
        understand(sentence)
    return caught.value.message


def test_the_chunk_grammar_is_flat_and_conflict_free(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="lark"):
        parser = Lark(grammar_text(), parser="lalr", lexer="basic", debug=True)
    assert not [r for r in caplog.records if "conflict" in r.getMessage().lower()]
    # A sentence is any sequence of chunks: a handful of states, not thousands.
    # One state per chunk class (40 today), and the few of the start rule.
    classes = [t for t in parser.rules if t.origin.name == "_chunk"]
    assert len(classes) < 50
    assert len(parser.parser.parser._parse_table.states) <= len(classes) + 5


def test_feature_words_come_from_the_specs() -> None:
    kinds = [(c.kind, c.intent) for c in chunks("add Redis caching")]
    assert kinds == [("VERB", None), ("STORE", None), ("CONCEPT", "caching")]
    assert [c.intent for c in chunks("live updates") if c.kind == "CONCEPT"] == ["websocket"]


def test_a_concept_claimed_by_two_specs_fails_at_load() -> None:
    twin = replace(SPECS["caching"], name="memo", concepts=("cache",))
    with pytest.raises(SpecError, match="'cache' is also one of caching"):
        _table([SPECS["caching"], twin])


def test_phrases_match_with_spaces_or_hyphens_and_whole_words_only() -> None:
    pattern = concept_pattern(["real time", "n + 1"])
    assert "[\\s_-]+" in pattern
    assert chunks("realtime updates")[0].kind == "CONCEPT"
    assert [c.kind for c in chunks("cacheable")] == ["WORD"]


def test_store_time_to_live_and_target_are_kept() -> None:
    # The listing endpoints of products are the products' endpoints.
    assert _intents("cache the product listing endpoints in redis for 5 minutes") == [
        {
            "intent": "caching",
            "params": {"store": "redis", "ttl": 300, "target": "products"},
        }
    ]
    assert _intents("add in-process caching, 2h")[0]["params"] == {"store": "memory", "ttl": 7200}


def test_roles_are_kept_in_each_notation() -> None:
    for sentence in (
        "add JWT auth with admin and editor roles",
        "add auth with roles: admin, editor",
        "add login, roles (admin, editor)",
    ):
        assert _intents(sentence)[0]["params"] == {"roles": ["admin", "editor"]}, sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "create crud for parts with fields sku:str, stock:int",
        "create crud for parts with fields: sku str, stock int",
        "create crud for parts (sku str, stock int)",
        "crud for parts with sku (string) and stock (integer)",
        "crud for parts with a string sku and an integer stock",
    ],
)
def test_fields_in_every_notation(sentence: str) -> None:
    assert _intents(sentence)[0]["params"]["fields"] == ["sku:str", "stock:int"]


@pytest.mark.parametrize(
    ("sentence", "intents", "note"),
    [
        (
            "add logging in redis",
            ["logging"],
            "'redis' was not used: logging takes no cache store.",
        ),
        (
            "set up websockets with a TTL of 5 minutes",
            ["websocket"],
            "'TTL of 5 minutes' was not used: websocket takes no time to live.",
        ),
        (
            "add JWT auth with tokens that expire in 30 minutes",
            ["auth"],
            "'30 minutes' was not used: auth takes no time to live.",
        ),
        (
            "add websocket support for admin and editor roles",
            ["websocket"],
            "'roles' was not used: websocket takes no roles.",
        ),
        (
            "create crud for posts using MySQL",
            ["crud"],
            "'MySQL' was not used: crud takes no database engine",
        ),
        (
            "add structured logging and websockets with memcached",
            ["logging", "websocket"],
            "'memcached' was not used: none of logging, websocket takes cache store.",
        ),
    ],
)
def test_a_parameter_no_command_takes_is_reported(
    sentence: str, intents: list[str], note: str
) -> None:
    understood = understand(sentence)
    assert [i.name for i in understood.intents] == intents
    assert all(not i.params or i.name == "crud" for i in understood.intents)
    assert any(n.startswith(note) for n in understood.notes), understood.notes
    assert understood.skipped


def test_a_parameter_goes_to_the_nearest_command_that_takes_it() -> None:
    understood = understand("add caching and logging in redis")
    assert _intents("add caching and logging in redis") == [
        {"intent": "caching", "params": {"store": "redis"}},
        {"intent": "logging", "params": {}},
    ]
    assert understood.notes == ()
    assert _intents("add websockets and auth, admin and editor roles")[1] == {
        "intent": "auth",
        "params": {"roles": ["admin", "editor"]},
    }
    # A command that has the parameter already does not take a second one.
    second = understand("add redis caching, and logging in memcached")
    assert second.intents[0].params == {"store": "redis"}
    assert second.notes and "memcached" in second.notes[0]


@pytest.mark.parametrize(
    "sentence", ["use MySQL", "switch the database to MySQL", "migrate the db to sqlite"]
)
def test_a_database_engine_alone_or_switched_to_is_refused_saying_why(sentence: str) -> None:
    assert "does not set up or switch database engines" in _refused(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "anyone can call my API, fix that",
        "any visitor can reach the staff pages",
        "right now anybody can open the billing routes",
        "no one should be able to delete posts without logging in",
        "the whole internet can hit my endpoints, lock it down",
        "anyone can read the logs",
    ],
)
def test_who_can_reach_the_api_is_an_auth_problem(sentence: str) -> None:
    understood = understand(sentence)
    assert [i.name for i in understood.intents] == ["auth"]


@pytest.mark.parametrize(
    ("sentence", "intents"),
    [
        ("add a Dockerfile so anyone can deploy it", ["deploy"]),
        ("add websockets so that anybody can get live updates", ["websocket"]),
        ("set up logging so everyone can trace requests", ["logging"]),
    ],
)
def test_anyone_in_a_purpose_asks_for_no_auth(sentence: str, intents: list[str]) -> None:
    assert [i.name for i in understand(sentence).intents] == intents


@pytest.mark.parametrize(
    "sentence",
    [
        "make sure anyone can't read other users' orders",
        "nobody should see someone else's invoices",
        "right now users can see each other's carts and anyone can edit other people's posts",
    ],
)
def test_ownership_of_records_is_refused_saying_what_auth_adds(sentence: str) -> None:
    assert "per-user ownership" in _refused(sentence)


@pytest.mark.parametrize(
    ("sentence", "intent", "context"),
    [
        ("like in rails, add a CRUD for posts", "crud", "like in rails"),
        ("coming from express, add structured logging", "logging", "coming from express"),
        ("add error handling the way Flask does it", "error_handling", "way Flask does it"),
        ("as in Spring Boot, add JWT auth", "auth", "as in Spring Boot"),
        ("I am a Django developer, please add caching", "caching", "Django developer"),
        ("set up rails-style CRUD for posts", "crud", "rails-style"),
        ("add websockets, similar to what we had in express", "websocket", "express"),
    ],
)
def test_another_framework_named_as_context_is_read_around(
    sentence: str, intent: str, context: str
) -> None:
    understood = understand(sentence)
    assert [i.name for i in understood.intents] == [intent]
    assert any(context in word for word in understood.skipped), understood.skipped


@pytest.mark.parametrize(
    "sentence",
    [
        "migrate my app to django",
        "build an express server",
        "add logging to my Express app",
        "port this to flask, like in rails",
        "deploy it as a django app",
        "write tests for my spring service",
    ],
)
def test_another_framework_as_the_project_or_the_goal_is_refused(sentence: str) -> None:
    assert "another framework" in _refused(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "crud for payments with amount, currency and paid_on",
        "make a CRUD for payments w/ amount, currency, paid_on",
        "add a crud api for payments (amount, currency, paid_on)",
        "I want a CRUD module for payments: amount, currency, paid_on",
        "build a crud for payments - fields amount, currency, paid_on",
    ],
)
def test_field_names_without_types_are_typed_by_name_and_said(sentence: str) -> None:
    understood = understand(sentence)
    assert [i.to_json() for i in understood.intents] == [
        {
            "intent": "crud",
            "params": {
                "resource": "payment",
                "plural": "payments",
                "fields": ["amount:decimal", "currency:str", "paid_on:date"],
            },
        }
    ]
    assert any("typed by their names" in note for note in understood.notes)


def test_a_list_of_names_is_fields_only_after_a_crud_feature() -> None:
    # The list ends where a name would go on ("and write tests ...").
    assert [
        i.name
        for i in understand("crud for carts with owner, total and write tests for carts").intents
    ] == ["crud", "write_tests"]
    assert "no feature called" in _refused("add auth with owner, total")
    # A list opened by a role everyone knows, after auth's word, is its roles.
    (auth,) = understand("add auth with admin, editor").intents
    assert auth.params == {"roles": ["admin", "editor"]}


def test_names_end_at_a_function_word_and_never_hold_one() -> None:
    assert (
        _intents("a CRUD feature for invoices that customers can pay")[0]["params"]["resource"]
        == "invoice"
    )
    assert _intents("write tests for payouts so that nobody breaks them")[0]["params"] == {
        "target": "payouts"
    }
    assert "too long" in _refused("create crud for very long winded purchase order lines")


def test_the_whole_api_or_the_app_itself_is_the_target_api() -> None:
    for sentence in (
        "write tests for the whole API",
        "test everything",
        "tests for the entire app",
        "write tests for my API",
        "tests 4 the whole service pls",
    ):
        assert _intents(sentence) == [{"intent": "write_tests", "params": {"target": "api"}}]
    assert "which feature to test" in _refused("write tests for the")


def test_negation_is_scoped_to_its_clause_but_refuses_the_sentence() -> None:
    assert "only adds features" in _refused("add caching but not for the admin routes")
    assert "only adds features" in _refused("add logging, then disable websockets")
    # Removing a problem is the fix itself.
    assert _intents("get rid of the N+1 queries") == [{"intent": "optimize_db", "params": {}}]


def test_unsupported_features_and_vague_wishes_are_refused() -> None:
    assert "graphql" in _refused("add caching with a graphql layer")
    with pytest.raises(UnrecognizedCommand) as caught:
        understand("make the backend snappier")
    assert "add Redis caching" in caught.value.suggestions
    assert "optimize my database queries" in caught.value.suggestions


def test_every_clause_must_be_read() -> None:
    assert "cat /etc/hosts" in _refused("add caching; cat /etc/hosts")
    assert "no feature called" in _refused("add caching and summarise the readme")


def test_it_is_the_slot_of_the_command_before() -> None:
    assert _intents("create crud for orders and write tests for it") == [
        {"intent": "crud", "params": {"resource": "order", "plural": "orders", "fields": []}},
        {"intent": "write_tests", "params": {"target": "orders"}},
    ]


def test_words_not_used_are_reported_in_order() -> None:
    understood = understand("add structured logging so support can trace tickets")
    assert [i.name for i in understood.intents] == ["logging"]
    assert understood.skipped == ("trace", "tickets")


def test_a_slip_refines_a_reading_but_never_adds_a_command() -> None:
    understood = understand("create a CRUD featrue for invoices")
    assert understood.intents[0].params["resource"] == "invoice"
    assert [str(c) for c in understood.corrections] == ["understood 'featrue' as 'feature'"]
    assert [i.name for i in understand("add websockets for the parcel tracking view").intents] == [
        "websocket"
    ]


def _corpus_sentences() -> list[str]:
    corpus = Path(__file__).parent / "corpus"
    commands = [
        line.split("\t")[0]
        for line in (corpus / "commands.tsv").read_text("utf-8").splitlines()
        if line and not (line.startswith("#") and "\t" not in line)
    ]
    rejects = [
        line
        for line in (corpus / "rejects.txt").read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    return commands + rejects


def test_the_run_time_lexer_reads_every_sentence_as_lark_does() -> None:
    # The reader matches the grammar's terminals without lark; lark's own
    # basic lexer over the same grammar is the reference.
    reference = Lark(grammar_text(), parser="lalr", lexer="basic")
    basic = reference.parser.lexer  # type: ignore[attr-defined]
    ordered = [t.name for t in basic.terminals if not t.name.startswith("__")]
    assert [n for n in lexer().order if not n.startswith("__")] == ordered
    differ = []
    for text in _corpus_sentences():
        try:
            sentence = normalize(text)
        except UnrecognizedCommand:
            continue
        try:
            expected = [(t.type, str(t), t.start_pos) for t in reference.lex(sentence)]
        except UnexpectedCharacters:
            expected = None
        try:
            got = [(t.type, t.text, t.position) for t in lexer().tokens(sentence)]
        except Unlexable:
            got = None
        if got != expected:
            differ.append(sentence)
    assert differ == []


def test_the_compiled_lexer_is_kept_and_a_damaged_copy_is_compiled_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    pattern = r"(?P<A>a+)|(?P<B>b)"
    first = compiled(pattern)
    kept = list((tmp_path / "fastprod").glob("lexer-*.marshal"))
    assert len(kept) == 1
    again = compiled(pattern)
    assert again.match("aab") is not None and again.match("aab").lastgroup == "A"  # type: ignore[union-attr]
    assert again.groupindex == first.groupindex
    kept[0].write_bytes(b"not marshal data")
    assert compiled(pattern).match("b").lastgroup == "B"  # type: ignore[union-attr]
    # Another pattern under the same file name is not taken for this one.
    kept[0].write_bytes(marshal.dumps(("other", 0, [], 0, {}, ())))
    assert compiled(pattern).match("b").lastgroup == "B"  # type: ignore[union-attr]


def test_the_slip_index_finds_what_comparing_every_keyword_finds() -> None:
    vocabulary = keywords()

    def every(word: str) -> tuple[str, ...]:
        found = sorted((k for k in vocabulary if _one_slip(word, k)), key=lambda k: (-len(k), k))
        return tuple(k for k in found if len(k) == len(found[0]))

    words = []
    for keyword in sorted(vocabulary)[::7]:
        middle = len(keyword) // 2
        words += [
            keyword[:middle] + keyword[middle + 1 :],  # a letter dropped
            keyword[:middle] + "x" + keyword[middle:],  # one added
            keyword[:middle] + "q" + keyword[middle + 1 :],  # one changed
            keyword[: middle - 1] + keyword[middle] + keyword[middle - 1] + keyword[middle + 1 :],
        ]
    assert [_nearest(w, vocabulary) for w in words] == [every(w) for w in words]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("tests for search, including error cases", "search"),
        ("write tests for orders, edge cases too", "orders"),
        ("add tests for invoices including the unhappy paths", "invoices"),
    ],
)
def test_kinds_of_test_case_are_no_target(sentence: str, expected: str) -> None:
    assert _intents(sentence) == [{"intent": "write_tests", "params": {"target": expected}}]


@pytest.mark.parametrize(
    "sentence",
    [
        "the same expensive query result is fetched 1000 times a minute, cache it",
        "our search query runs hundreds of times per second; cache it for 5 minutes",
    ],
)
def test_a_rate_is_not_a_time_to_live(sentence: str) -> None:
    assert [i["intent"] for i in _intents(sentence)] == ["caching"]
    assert _intents(sentence)[0]["params"].get("ttl", 300) == 300


@pytest.mark.parametrize(
    "sentence",
    [
        "need a CI workflow that builds the image and runs the test suite on every push",
        "set up github actions that lint the code and run the tests on each push",
    ],
)
def test_tests_a_ci_runs_after_and_are_the_ci_s(sentence: str) -> None:
    assert [i["intent"] for i in _intents(sentence)] == ["deploy"]


@pytest.mark.parametrize(
    "sentence",
    [
        'could you generate everything for a "driver" entity — router, service, repository, '
        "schemas?",
        "crud for tickets; model, schemas, router and service",
        'build the model, schemas, router and service for a "ticket" resource',
    ],
)
def test_crud_layers_listed_with_commas_are_one_crud_feature(sentence: str) -> None:
    found = _intents(sentence)
    assert [i["intent"] for i in found] == ["crud"]
    assert found[0]["params"]["resource"] in ("driver", "ticket")


@pytest.mark.parametrize(
    "sentence",
    [
        "we're starting a new microservice for notifications, generate the skeleton, "
        "call it notifier",
        "start a new project, scaffold the skeleton and call it notifier",
    ],
)
def test_a_new_project_named_twice_is_one_project(sentence: str) -> None:
    assert _intents(sentence) == [{"intent": "new_project", "params": {"name": "notifier"}}]


@pytest.mark.parametrize(
    ("sentence", "intents"),
    [
        (
            "we keep getting surprised in prod; evaluate the whole project against best practices",
            ["audit"],
        ),
        ("our product page is slow because of the database, cache it", ["caching"]),
        # A step before the next is no statement: both run.
        ("once logging is in place, deploy it", ["logging", "deploy"]),
        # A problem stated alone is still its fix.
        ("the product page runs a query per review", ["optimize_db"]),
    ],
)
def test_a_statement_before_a_command_is_its_reason(sentence: str, intents: list[str]) -> None:
    assert [i["intent"] for i in _intents(sentence)] == intents


@pytest.mark.parametrize(
    "sentence",
    [
        "add server-sent events for the notifications feed",
        "stream order updates to the browser with SSE",
        "send webhooks when an order ships",
    ],
)
def test_push_technologies_fastprod_lacks_are_refused(sentence: str) -> None:
    assert "no feature" in _refused(sentence)


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("switch the ORM to Tortoise", "Tortoise"),
        ("move our database layer to peewee", "peewee"),
        ("migrate the db over to ormar please", "ormar"),
    ],
)
def test_moving_the_database_layer_to_a_name_is_refused(sentence: str, name: str) -> None:
    assert f"switch database engines ('{name}')" in _refused(sentence)


def test_moving_queries_within_the_project_is_still_an_optimisation() -> None:
    sentence = "move the orm queries into the repository layer and add indexes"
    assert [i["intent"] for i in _intents(sentence)] == ["optimize_db"]


@pytest.mark.parametrize(
    "sentence",
    [
        "we need live updates for a dashboard without polling",
        "I want realtime notifications instead of constant polling",
        "order status on the page without any page refresh",
    ],
)
def test_updates_without_polling_or_refresh_are_websockets(sentence: str) -> None:
    assert [i["intent"] for i in _intents(sentence)] == ["websocket"]


@pytest.mark.parametrize("sentence", ["no polling", "without page reloads", "remove polling"])
def test_polling_refused_alone_or_removed_asks_for_nothing(sentence: str) -> None:
    _refused(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "look over everything and give me a gap report, no code changes",
        "audit the app, no file changes please",
        "give me the list of gaps; without any code edits",
    ],
)
def test_a_limit_may_name_what_it_keeps_unchanged(sentence: str) -> None:
    assert [i["intent"] for i in _intents(sentence)] == ["audit"]


@pytest.mark.parametrize(
    ("sentence", "intent"),
    [
        ("logging is a mess, standardize it", "logging"),
        ("our error responses are all over the place; standardise them", "error_handling"),
        ("clean up the logging", "logging"),
        ("productionize the deployment", "deploy"),
        ("could you sort out the database queries", "optimize_db"),
    ],
)
def test_verbs_of_tidying_introduce_a_feature(sentence: str, intent: str) -> None:
    assert [i["intent"] for i in _intents(sentence)] == [intent]


@pytest.mark.parametrize(
    "sentence",
    [
        "crud for patients — first_name, last_name, dob",
        "patients need full CRUD — first_name, last_name, dob",
        "create crud for patients; first_name, last_name and dob",
    ],
)
def test_names_after_a_dash_that_cannot_be_resources_are_fields(sentence: str) -> None:
    found = _intents(sentence)
    assert [i["intent"] for i in found] == ["crud"]
    assert found[0]["params"]["fields"] == ["first_name:str", "last_name:str", "dob:date"]


def test_plural_names_after_a_dash_are_more_resources() -> None:
    found = _intents("crud for patients — doctors and nurses")
    assert [i["params"]["resource"] for i in found] == ["patient", "doctor", "nurse"]


@pytest.mark.parametrize(
    ("sentence", "resource"),
    [
        ("patients need full CRUD", "patient"),
        ("the shelves need crud endpoints", "shelf"),
        ("invoices needs a crud", "invoice"),
    ],
)
def test_a_resource_that_wants_crud_is_its_resource(sentence: str, resource: str) -> None:
    assert _intents(sentence)[0]["params"]["resource"] == resource


def test_we_need_crud_still_asks_which_resource() -> None:
    assert "Say which resource" in _refused("we need full CRUD")


@pytest.mark.parametrize(
    ("sentence", "intent"),
    [
        ("does this thing do websockets yet? if not, make it", "websocket"),
        ("does my app have structured logging? if it doesn't, add it", "logging"),
        ("add caching if not already there", "caching"),
        ("is there error handling? otherwise set it up", "error_handling"),
    ],
)
def test_a_condition_on_what_is_missing_is_no_negation(sentence: str, intent: str) -> None:
    assert [i["intent"] for i in _intents(sentence)] == [intent]


@pytest.mark.parametrize("sentence", ["if not, remove caching", "got caching? if not, drop it"])
def test_a_removal_after_a_condition_is_still_refused(sentence: str) -> None:
    assert "only adds features" in _refused(sentence)


@pytest.mark.parametrize(
    ("sentence", "target"),
    [
        ("make sure notifications has tests", "notifications"),
        ("the refunds module needs some tests", "refunds"),
        ("invoices get tests too", "invoices"),
    ],
)
def test_the_name_that_has_or_needs_tests_is_their_target(sentence: str, target: str) -> None:
    assert _intents(sentence) == [{"intent": "write_tests", "params": {"target": target}}]


@pytest.mark.parametrize(
    ("sentence", "intents"),
    [
        ("fix whatever's wrong with error handling", ["error_handling"]),
        ("fix anything broken in the logging", ["logging"]),
        (
            "first review security, then fix whatever is wrong with the logging",
            ["security_review", "logging"],
        ),
    ],
)
def test_whatever_is_wrong_with_a_feature_is_that_feature(
    sentence: str, intents: list[str]
) -> None:
    assert [i["intent"] for i in _intents(sentence)] == intents


@pytest.mark.parametrize(
    "sentence",
    ["where are we weak overall?", "tell us where we stand", "where do we stand with this API"],
)
def test_where_we_stand_is_the_audit(sentence: str) -> None:
    assert [i["intent"] for i in _intents(sentence)] == ["audit"]


@pytest.mark.parametrize(
    "sentence",
    [
        "build a slim image for the api",
        "a multi-stage build for the app",
        "run it in a non-root container",
    ],
)
def test_image_words_are_deployment(sentence: str) -> None:
    assert [i["intent"] for i in _intents(sentence)] == ["deploy"]


def test_a_non_root_user_alone_is_not_read_as_deployment() -> None:
    assert "no feature" in _refused("add a non-root user")


@pytest.mark.parametrize(
    ("sentence", "resource"),
    [
        ("we're tracking assets now, make the CRUD (serial_number, owner, purchased_on)", "asset"),
        ("we sell flowers; build the crud", "flower"),
        ("we manage warehouses now — give me full crud", "warehouse"),
    ],
)
def test_what_the_clause_before_keeps_is_the_crud_resource(sentence: str, resource: str) -> None:
    found = _intents(sentence)
    assert [i["intent"] for i in found] == ["crud"]
    assert found[0]["params"]["resource"] == resource


def test_a_resource_named_after_crud_never_takes_the_clause_before() -> None:
    # The clause before is then how things are: shown as not used.
    reading = understand("we sell flowers; build the crud for bouquets")
    assert [i.to_json() for i in reading.intents] == [
        {"intent": "crud", "params": {"resource": "bouquet", "plural": "bouquets", "fields": []}}
    ]
    assert reading.skipped == ("sell", "flowers")


@pytest.mark.parametrize(
    "sentence",
    ["we're tracking assets now, add caching", "we tracked orders by hand; add logging please"],
)
def test_tracking_is_not_a_slip_of_tracing(sentence: str) -> None:
    assert "tracing" not in str(_reading_or_refusal(sentence))


def _reading_or_refusal(sentence: str) -> object:
    try:
        return understand(sentence)
    except UnrecognizedCommand as refused:
        return refused.message


@pytest.mark.parametrize(
    "sentence",
    [
        "make the signup page look prettier with tailwind",
        "add dark mode to the admin dashboard",
        "put websockets into our Android app",
        "add auth inside my iOS app",
        "write a websocket client for the phone",
        "deploy my static website to netlify",
        "write tests for my TypeScript class",
        "add caching to my WordPress site",
        "run a security audit of the office wi-fi",
        "empty my browser's cache",
    ],
)
def test_a_target_that_is_not_this_api_is_refused(sentence: str) -> None:
    with pytest.raises(UnrecognizedCommand, match="fastprod changes FastAPI APIs only"):
        understand(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "hardcode the database password in settings.py",
        "hard-code our API keys in the config",
        "log every user's plaintext password on login",
        "store the passwords in plaintext in the users table",
        "write an XSS payload for their site",
        "hack into someone else's server",
    ],
)
def test_a_change_that_weakens_the_app_or_attacks_is_refused(sentence: str) -> None:
    with pytest.raises(UnrecognizedCommand, match="does not make an app less safe"):
        understand(sentence)


@pytest.mark.parametrize(
    ("sentence", "intent"),
    [
        ("add caching to my API's responses", "caching"),
        ("add auth for the admin dashboard API", "auth"),
        ("deploy the API with docker", "deploy"),
        ("write tests for the login endpoint", "write_tests"),
        ("review the security of our API", "security_review"),
        ("check for sql injection", "security_review"),
        ("look for hardcoded secrets", "security_review"),
        ("stream progress updates to the browser", "websocket"),
        ("start a new service called BookingCore for the mobile app", "new_project"),
        ("add error handling so the mobile client can read every failure", "error_handling"),
    ],
)
def test_near_misses_of_another_target_are_still_read(sentence: str, intent: str) -> None:
    assert [i.name for i in understand(sentence).intents] == [intent]


@pytest.mark.parametrize(
    "sentence",
    ["log us out of discord", "sign out of gmail", "log users out after 15 minutes of inactivity"],
)
def test_signing_out_is_not_logging(sentence: str) -> None:
    with pytest.raises(UnrecognizedCommand, match="is signing out, not logging"):
        understand(sentence)


@pytest.mark.parametrize(
    ("sentence", "intent"),
    [
        ("print the request id in the logs", "logging"),
        ("log everything out to stdout", "logging"),
        ("add structured logging", "logging"),
    ],
)
def test_logging_near_signing_out_is_still_read(sentence: str, intent: str) -> None:
    assert [i.name for i in understand(sentence).intents] == [intent]


@pytest.mark.parametrize(
    "sentence",
    [
        "add authentication to my API",
        "audit my FastAPI project",
        "put structured logging into the service",
        "add caching to our backend",
    ],
)
def test_the_words_for_the_project_itself_are_not_reported_unused(sentence: str) -> None:
    assert understand(sentence).skipped == ()


def test_a_word_nobody_used_beside_the_project_is_still_reported() -> None:
    assert understand("add authentication to my shiny API").skipped == ("shiny",)


def test_the_run_time_lexer_breaks_ties_on_the_pattern_as_lark_keeps_it() -> None:
    # Equal priority, both unbounded and the same length as written: lark orders
    # them by name. "\/" is two characters there, one once read as a regex.
    grammar = 'start: (AA | ZZ)+\nAA.2: /a+b\\/c/\nZZ.2: /a+bxyz/\n%ignore " "\n'
    basic = Lark(grammar, parser="lalr", lexer="basic").parser.lexer  # type: ignore[attr-defined]
    reference = [t.name for t in basic.terminals if not t.name.startswith("__")]
    ours = [t.name for t in sorted(terminals(grammar), key=lambda t: t.order())]
    assert [n for n in ours if not n.startswith("__")] == reference == ["AA", "ZZ"]
