"""The language: corpus, refusals, grammar hygiene, typos and robustness."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fastprod import INTENT_NAMES, Intent, UnrecognizedCommand, parse
from fastprod.core._intents import INTENTS
from fastprod.core._registry import SPECS
from fastprod.language._inflections import Inflections, _memo_file
from fastprod.language._inflections import _engine as inflections_engine
from fastprod.language._reading import Understanding, understand
from fastprod.language._refusals import SUGGESTIONS
from fastprod.language._slips import keywords
from fastprod.language._text import MAX_CHARS

CORPUS = Path(__file__).parent / "corpus"


def _commands() -> list[Any]:
    cases = []
    for number, line in enumerate((CORPUS / "commands.tsv").read_text("utf-8").splitlines(), 1):
        if not line or (line.startswith("#") and "\t" not in line):
            continue  # a comment; "## Summary ..." with its reading is a case
        sentence, expected, kind = line.split("\t")
        cases.append(pytest.param(sentence, json.loads(expected), id=f"{number}-{kind}"))
    return cases


def _rejects() -> list[str]:
    lines = (CORPUS / "rejects.txt").read_text("utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def _refusal(sentence: str) -> UnrecognizedCommand:
    with pytest.raises(UnrecognizedCommand) as caught:
        understand(sentence)
    return caught.value


# ---------------------------------------------------------------- corpus


@pytest.mark.parametrize(("sentence", "expected"), _commands())
def test_corpus_sentence_gives_its_intents(sentence: str, expected: list[dict[str, Any]]) -> None:
    intents = parse(sentence)
    assert [intent.name for intent in intents] == [item["intent"] for item in expected]
    for intent, item in zip(intents, expected, strict=True):
        for key, value in item.get("params", {}).items():
            assert intent.params.get(key) == value, (key, intent.params)
        assert json.loads(json.dumps(intent.params)) == intent.params
        _assert_typed_by_spec(intent.name, intent.params)


_TYPES: dict[str, type] = {"bool": bool, "int": int, "str": str, "list[str]": list}


def _assert_typed_by_spec(name: str, params: dict[str, Any]) -> None:
    # Every parameter the grammar gives is one the intent's spec declares, of its type.
    declared = {param.name: _TYPES[param.type] for param in SPECS[name].params}
    for key, value in params.items():
        assert key in declared, (name, key)
        assert isinstance(value, declared[key]), (name, key, value)


@pytest.mark.parametrize("sentence", _rejects())
def test_reject_is_refused_with_a_reason(sentence: str) -> None:
    error = _refusal(sentence)
    assert error.message
    assert "\n" not in error.message
    assert len(error.suggestions) <= 3
    assert error.exit_code == 2


def test_corpus_is_large_and_covers_every_intent_and_kind() -> None:
    lines = [
        line.split("\t")
        for line in (CORPUS / "commands.tsv").read_text("utf-8").splitlines()
        if line and not (line.startswith("#") and "\t" not in line)
    ]
    named = {item["intent"] for _, expected, _ in lines for item in json.loads(expected)}
    kinds = {kind for _, _, kind in lines}
    assert len(lines) >= 300
    assert named == set(INTENT_NAMES)
    assert {"paraphrase", "typo", "chat", "question", "british", "casing", "multi"} <= kinds


# ---------------------------------------------------------------- grammar hygiene


@pytest.mark.parametrize("name", INTENT_NAMES)
def test_every_phrase_of_a_spec_names_its_intent(name: str) -> None:
    for phrase in SPECS[name].phrases:
        assert [i.name for i in parse(f"add {phrase}")] == [name], phrase


@pytest.mark.parametrize("name", INTENT_NAMES)
def test_every_spec_example_parses_to_its_intent(name: str) -> None:
    for example in SPECS[name].examples:
        assert [i.name for i in parse(example)] == [name], example


def test_a_bool_parameter_word_is_read_only_for_an_intent_whose_spec_has_it() -> None:
    assert parse("set up error handling with the strict error envelope")[0].params == {
        "strict": True
    }
    assert parse("set up error handling")[0].params == {}
    assert parse("add strict caching")[0].params == {}


def test_keywords_match_whole_words_only() -> None:
    assert parse("scaffold addresses")[0].params["resource"] == "address"
    assert parse("create crud for additions")[0].params["resource"] == "addition"
    assert parse("create a new project called my-shop")[0].params == {"name": "my_shop"}


def test_a_keyword_reads_as_a_name_where_only_a_name_fits() -> None:
    assert parse("write tests for the users feature")[0].params == {"target": "users"}
    assert parse("create a crud feature for users with fields email:str, score:float")[0].params[
        "fields"
    ] == ["email:str", "score:float"]


# ---------------------------------------------------------------- understanding


def test_understanding_reports_normalized_sentence_and_corrections() -> None:
    result = understand("  Please   add cachng to my API!!")
    assert isinstance(result, Understanding)
    assert result.normalized == "Please add caching to my API!!"
    assert [str(correction) for correction in result.corrections] == [
        "understood 'cachng' as 'caching'"
    ]
    assert result.corrections[0].to_json() == {"original": "cachng", "corrected": "caching"}
    assert [intent.name for intent in result.intents] == ["caching"]
    assert parse("add cachng") == list(understand("add cachng").intents)


def test_a_name_with_a_slip_is_the_english_word_never_a_keyword() -> None:
    # "prodcts" is no slip of a keyword: the name is the word it slips from.
    result = understand("generate crud for prodcts")
    assert [c.to_json() for c in result.corrections] == [
        {"original": "prodcts", "corrected": "products"}
    ]
    assert result.intents[0].params == {"resource": "product", "plural": "products", "fields": []}
    listing = understand("cache the prodcut listing endpoint")
    assert listing.intents[0].params == {"target": "products"}
    # The correction names the word as written, not the plural made from it.
    assert [c.to_json() for c in listing.corrections] == [
        {"original": "prodcut", "corrected": "product"}
    ]


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("cache the lookup results for 30 seconds", "lookup"),  # no "lockup"
        ("add CRUD for meds: name (str)", "med"),  # no "mends"
        ("crud de clientes with nombre str", "cliente"),  # no "clients"
        ("cache the colours in memory", "colours"),  # no "colors"
        ("cache the programmes endpoint", "programmes"),  # no "programmers"
        ("crud for ebooks", "ebook"),  # never the first letter
        ("crud for employes", "employe"),  # employee or employees: as written
    ],
)
def test_a_name_that_is_a_word_or_no_clear_slip_is_kept(sentence: str, name: str) -> None:
    intent = understand(sentence).intents[0]
    assert intent.params.get("resource", intent.params.get("target")) == name


def test_two_typos_are_both_corrected() -> None:
    result = understand("set up eror handeling")
    assert [intent.name for intent in result.intents] == ["error_handling"]
    assert [(c.original, c.corrected) for c in result.corrections] == [
        ("eror", "error"),
        ("handeling", "handling"),
    ]


def test_two_equally_close_readings_are_refused_with_both() -> None:
    error = _refusal("add socker support")
    assert "say which" in error.message
    assert error.suggestions == ("add docker support", "add socket support")


def test_a_corrected_removal_is_still_a_removal() -> None:
    error = _refusal("remve caching")
    assert "Understood 'remve' as 'remove'" in error.message
    assert "only adds features" in error.message


def test_each_line_or_list_item_is_a_command() -> None:
    for sentence in (
        "add auth\nadd caching",
        "1. add auth 2. add caching",
        "- add auth\n- add caching",
    ):
        assert [intent.name for intent in parse(sentence)] == ["auth", "caching"]


def test_a_feature_without_a_verb_takes_the_verb_before_it() -> None:
    assert [intent.to_json() for intent in parse("write tests for invoices and caching")] == [
        {"intent": "write_tests", "params": {"target": "invoices"}},
        {"intent": "write_tests", "params": {"target": "caching"}},
    ]
    # With its own verb it is a feature to add; after "add" it always was.
    assert [i.name for i in parse("write tests for invoices and add caching")] == [
        "write_tests",
        "caching",
    ]
    assert [i.name for i in parse("add auth and caching")] == ["auth", "caching"]


def test_words_read_for_context_are_not_parameters() -> None:
    assert parse("fix the N+1 problem in the orders endpoint")[0].to_json() == {
        "intent": "optimize_db",
        "params": {},
    }
    # Roles are a parameter auth declares: kept, never dropped.
    assert parse("add admin and user roles")[0].to_json() == {
        "intent": "auth",
        "params": {"roles": ["admin", "user"]},
    }
    assert [i.name for i in parse("I need users to log in")] == ["auth"]


def test_quote_markers_and_prompts_open_a_line() -> None:
    assert understand("> add caching").normalized == "add caching"
    assert understand("$ fastprod add caching").normalized == "fastprod add caching"
    assert understand(">> add auth\n> add caching").normalized == "add auth; add caching"
    # Elsewhere they are not dropped.
    assert "not understood" in _refusal("add caching > out.txt").message


def test_a_short_word_elsewhere_is_corrected_only_by_a_swap() -> None:
    result = understand("add JTW auth")
    assert [str(correction) for correction in result.corrections] == ["understood 'JTW' as 'jwt'"]
    # A short name that is not two swapped letters of a keyword stays a name.
    assert parse("create crud for bus")[0].params["resource"] == "bus"


def test_a_typed_field_in_brackets_is_a_field() -> None:
    result = understand("create crud for invoices with number (str), amount (Decimal)")
    assert result.normalized == "create crud for invoices with number:str, amount:Decimal"
    assert result.intents[0].params["fields"] == ["number:str", "amount:decimal"]
    # Other brackets only group.
    assert understand("add caching (redis)").normalized == "add caching (redis)"


def test_a_quote_inside_a_word_is_not_dropped() -> None:
    assert parse("create crud for `invoices`")[0].params["resource"] == "invoice"
    _refusal("create crud for users`whoami`")


def test_one_named_endpoint_is_not_a_resource() -> None:
    assert "no feature called 'graphql" in _refusal("add a graphql endpoint").message
    assert parse("add invoice endpoints")[0].params["resource"] == "invoice"


def test_a_word_is_read_as_what_the_parser_can_take_there() -> None:
    # "get" could start "get requests" in some states; after "on my" it is a name.
    assert [i.name for i in parse("I want caching on my GET endpoints")] == ["caching"]


def test_one_correction_does_not_turn_an_unknown_word_into_a_login() -> None:
    result = understand("add strucutred loging")
    assert [intent.name for intent in result.intents] == ["logging"]
    assert [c.corrected for c in result.corrections] == ["structured", "logging"]
    assert [i.name for i in parse("I need users to log in")] == ["auth"]


def test_chat_shorthand_is_expanded() -> None:
    assert understand("add auth w/ roles").normalized == "add auth with roles"
    assert "only adds features" in _refusal("add caching w/o redis").message


def test_filler_words_are_never_corrected() -> None:
    # "please" is one edit from nothing useful; two from "release" (deploy).
    assert "Not a fastprod command" in _refusal("please").message


def test_results_are_deterministic() -> None:
    sentence = "add auth, caching and websocket support, then create crud for invoices"
    assert understand(sentence) == understand(sentence)


# ---------------------------------------------------------------- parameters


def test_crud_names_are_singular_and_plural_snake_case() -> None:
    cases = {
        "create crud for blog posts": ("blog_post", "blog_posts"),
        "create crud for companies": ("company", "companies"),
        "create crud for BlogPosts": ("blog_post", "blog_posts"),
        "create crud for person": ("person", "people"),
        "create crud for status": ("status", "statuses"),
        "create crud for bus": ("bus", "buses"),
    }
    for sentence, (singular, plural) in cases.items():
        params = parse(sentence)[0].params
        assert (params["resource"], params["plural"], params["fields"]) == (singular, plural, [])


def test_field_types_are_canonical() -> None:
    sentence = (
        "create crud for things with fields a:string, b:integer, c:boolean, d:timestamp, "
        "e:guid, f:numeric, g:double, h:text"
    )
    assert parse(sentence)[0].params["fields"] == [
        "a:str",
        "b:int",
        "c:bool",
        "d:datetime",
        "e:uuid",
        "f:decimal",
        "g:float",
        "h:text",
    ]


def test_params_are_kept_apart_across_commands() -> None:
    intents = parse(
        "create crud for invoices with fields number:str and customers, then write tests for it"
    )
    assert [intent.to_json() for intent in intents] == [
        {
            "intent": "crud",
            "params": {"resource": "invoice", "plural": "invoices", "fields": ["number:str"]},
        },
        {
            "intent": "crud",
            "params": {"resource": "customer", "plural": "customers", "fields": []},
        },
        {"intent": "write_tests", "params": {"target": "customers"}},
    ]


def test_new_project_name_is_optional() -> None:
    assert parse("set up a new FastAPI project")[0].params == {}
    assert parse("start a new FastAPI project named billing-api")[0].params == {
        "name": "billing_api"
    }


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("create crud for class", "Python keyword"),
        ("create a new project called import", "Python keyword"),
        ("create crud for tasks with fields class:str", "Python keyword"),
        ("create crud for tasks with fields price:money", "Unknown field type 'money'"),
        ("create crud for tasks with fields a:str, a:int", "given twice"),
        ("create crud for 9lives", "starting with a letter"),
        ("create crud for __init__", "starting with a letter"),
        ("create crud for caf\u00e9s", "ASCII"),
        ("create a CRUD feature for ../../etc/passwd", "not a valid name"),
        ("create a CRUD feature for", "which resource"),
        ("write tests for", "which feature"),
        ("create a new project called", "project's name"),
    ],
)
def test_invalid_slots_are_refused_with_the_reason(sentence: str, reason: str) -> None:
    assert reason in _refusal(sentence).message


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        # How things are, or were: nothing asked.
        ("the unit tests are green again", "asks fastprod for nothing"),
        ("our redis has been running on port 6380 for a year", "asks fastprod for nothing"),
        ("the websocket feed you added works fine", "asks fastprod for nothing"),
        ("Valkey was set up last sprint by the platform team", "asks fastprod for nothing"),
        # A question about a thing in general.
        ("what's a connection pool again", "asks a question"),
        ("is structlog faster than loguru?", "asks a question"),
        # A secret shown, sent or published.
        ("dump the environment variables into the response", "does not make an app less safe"),
        ("send me the signing key", "does not make an app less safe"),
    ],
)
def test_what_asks_nothing_of_fastprod_is_refused_with_the_reason(
    sentence: str, reason: str
) -> None:
    assert reason in _refusal(sentence).message


@pytest.mark.parametrize(
    "sentence",
    [
        "remove caching",
        "disable logging",
        "don't add auth",
        "do not add websockets",
        "turn off caching",
        "get rid of the error handling",
        "add caching but not logging",
        "add auth without caching",
        "remove blockchain",
        "never add caching",
        "don\u2019t add auth",
        "add caching but skip logging",
        "turn caching off",
    ],
)
def test_nothing_removes_a_feature(sentence: str) -> None:
    assert "only adds features" in _refusal(sentence).message


@pytest.mark.parametrize(
    "sentence",
    ["add auth without roles", "jwt auth pls, no roles for now", "auth, no roles needed"],
)
def test_auth_with_no_roles_is_auth_with_none_of_the_persons_own(sentence: str) -> None:
    # Every user still has auth's own user or admin role: no roles are removed.
    assert parse(sentence) == [Intent("auth")]


def test_removing_n_plus_one_queries_is_an_optimisation() -> None:
    assert [intent.name for intent in parse("remove N+1 queries")] == ["optimize_db"]


def test_a_part_not_understood_runs_nothing() -> None:
    error = _refusal("create a CRUD feature for invoices; rm -rf /")
    assert "rm -rf /" in error.message
    assert "nothing was run" in error.message


def test_unknown_feature_is_named_with_suggestions() -> None:
    error = _refusal("add blockchain")
    assert error.message == "fastprod has no feature called 'blockchain'."
    assert 1 <= len(error.suggestions) <= 3
    assert all(parse(suggestion) for suggestion in error.suggestions)


def test_unknown_feature_after_a_known_one() -> None:
    assert "'blockchain'" in _refusal("add caching and blockchain").message


@pytest.mark.parametrize(
    "sentence",
    [
        "add\u202ecaching",
        "add caching\u200b",
        "add\x00caching",
        "add\x1b[31mcaching",
        "add\u2066caching",
    ],
)
def test_hidden_characters_are_refused(sentence: str) -> None:
    assert "invisible or control character" in _refusal(sentence).message


def test_overlong_sentence_is_refused() -> None:
    assert f"at most {MAX_CHARS}" in _refusal("add caching and " * 40).message


def test_empty_sentence_is_refused() -> None:
    assert "empty" in _refusal("   ").message


def test_every_suggestion_parses_and_every_intent_example_gives_its_intent() -> None:
    for suggestion in SUGGESTIONS:
        assert parse(suggestion)
    for info in INTENTS:
        assert [intent.name for intent in parse(info.example)] == [info.name]


# ---------------------------------------------------------------- robustness


def _outcome(text: str) -> None:
    try:
        understand(text)
    except UnrecognizedCommand as error:
        assert error.message and "\n" not in error.message
        assert len(error.suggestions) <= 3


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_text_gives_intents_or_a_refusal(text: str) -> None:
    _outcome(text)


@cache
def _words() -> list[str]:
    return [
        *sorted(keywords()),
        ",",
        ";",
        ":",
        "and",
        "then",
        "x:str",
        "invoices",
        "n+1",
        "caching",
    ]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(_words()), max_size=12), st.sampled_from(["", "x", "remve", "cachng"])
)
def test_any_keyword_soup_gives_intents_or_a_refusal(words: list[str], extra: str) -> None:
    _outcome(" ".join([*words, extra]))


# ---------------------------------------------------------------- cost


def test_importing_fastprod_does_not_import_lark() -> None:
    code = "import sys, fastprod; print('lark' in sys.modules, 'inflect' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False"]


def test_reading_a_sentence_loads_neither_lark_nor_the_project_model() -> None:
    # The grammar is read by its own lexer; lark only checks it in the tests.
    code = (
        "import sys, fastprod; fastprod.parse('add redis caching, then crud for orders'); "
        "print(*(m in sys.modules for m in "
        "('lark', 'fastprod.project._project', 'fastprod.project._recipe')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False", "False"]


def test_a_remembered_word_does_not_import_inflect() -> None:
    # As any run does, this one remembers "companies" in the user's cache
    # directory; the next process reads it there.
    parse("create crud for companies")
    memo = _memo_file()
    if memo is None or "companies" not in memo.read_text("utf-8"):
        pytest.skip("no writable cache directory")
    code = (
        "import sys, fastprod; fastprod.parse('add caching and write tests for invoices'); "
        "print('inflect' in sys.modules); "
        "print(fastprod.parse('create crud for companies')[0].params['plural']); "
        "print('inflect' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "companies", "False"]


def _never_asked() -> Any:
    pytest.fail("inflect was asked for a remembered word")


def test_remembered_inflections_are_inflect_answers_kept_in_a_file(tmp_path: Path) -> None:
    path = tmp_path / "inflections.json"
    asked = Inflections(path, inflections_engine)
    assert (asked.singular("companies"), asked.singular("company")) == ("company", None)
    assert asked.plural("person") == "people"
    first = path.read_bytes()
    remembered = Inflections(path, _never_asked)
    assert (remembered.singular("companies"), remembered.singular("company")) == ("company", None)
    assert remembered.plural("person") == "people"
    # The same answers give the same bytes.
    Inflections(path, inflections_engine).plural("person")
    assert path.read_bytes() == first


def test_a_damaged_or_unwritable_memo_only_means_asking_inflect(tmp_path: Path) -> None:
    path = tmp_path / "inflections.json"
    path.write_text(json.dumps({"singular": {"invoices": "../x", "Bad": "x"}}), encoding="utf-8")
    assert Inflections(path, inflections_engine).singular("invoices") == "invoice"
    assert json.loads(path.read_text("utf-8"))["singular"] == {"invoices": "invoice"}
    missing = tmp_path / "no-such-directory" / "inflections.json"
    assert Inflections(missing, inflections_engine).plural("status") == "statuses"
    assert not missing.parent.exists()
    assert Inflections(None, inflections_engine).singular("people") == "person"


def test_parsing_a_sentence_is_fast_once_loaded() -> None:
    # CPU time, so that a loaded machine does not count: about 1 ms a
    # sentence on average; the slowest are read again with slips corrected.
    understand("add caching")
    sentences = [case.values[0] for case in _commands()]
    times = [_best_of(sentence, 3) for sentence in sentences]
    # The slowest twentieth again, best of seven: a neighbour's burst on a shared
    # machine (the other test worker) is not the parse's own cost.
    slowest = sorted(range(len(times)), key=times.__getitem__)[-len(times) // 20 :]
    for index in slowest:
        times[index] = min(times[index], _best_of(sentences[index], 7))
    times.sort()
    # On a slower machine the bounds grow with the time it takes to count to a
    # million in a loop (0.17 s on one where the corpus averaged 2.1 ms).
    pace = _loop_seconds() / 0.17
    assert sum(times) / len(times) < 0.003 * max(1.0, pace)
    # The tail holds with the other test worker busy beside it (10.4 ms seen so).
    assert times[int(len(times) * 0.99)] < 0.012 * max(1.0, pace)


def _best_of(sentence: str, runs: int) -> float:
    taken = []
    for _ in range(runs):
        started = time.process_time()
        understand(sentence)
        taken.append(time.process_time() - started)
    return min(taken)


def _loop_seconds() -> float:
    # The CPU time of a plain Python loop: the machine's pace, best of three.
    taken = []
    for _ in range(3):
        started = time.process_time()
        total = 0
        for number in range(1_000_000):
            total += number
        taken.append(time.process_time() - started)
    return min(taken)


def _cpu_seconds(code: str) -> float:
    # The CPU time of a fresh interpreter running ``code`` (user and system).
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


#: A first parse in a fresh process, against a bare ``python -c pass``.
FIRST_PARSE_RATIO = 8


def test_the_first_parse_in_a_fresh_process_costs_at_most_eight_bare_starts() -> None:
    # Measured side by side, best of five each, taken in turns: about 6x
    # (some 80 ms against 13). The first run writes the caches (compiled
    # bytecode, the lexer's compiled patterns, the parsed specs) that an
    # installed fastprod has after its first run.
    first = "import fastprod; fastprod.parse('add caching to my API')"
    _cpu_seconds(first)
    bare, parsed = [], []
    for _ in range(5):
        bare.append(_cpu_seconds("pass"))
        parsed.append(_cpu_seconds(first))
    ratio = min(parsed) / min(bare)
    assert ratio <= FIRST_PARSE_RATIO, (
        f"first parse {min(parsed) * 1000:.0f} ms, bare start {min(bare) * 1000:.0f} ms: "
        f"{ratio:.1f}x"
    )
