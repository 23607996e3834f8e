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
from fastprod._language._chunks import _table, chunks, concept_pattern, grammar_text, lexer
from fastprod._language._lexer import Unlexable, compiled
from fastprod._language._slips import _nearest, _one_slip, keywords
from fastprod._language._text import normalize
from fastprod._reading import understand
from fastprod._registry import SPECS
from fastprod._specs import SpecError


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
    assert len(parser.parser.parser._parse_table.states) < 40


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
        if line and not line.startswith("#")
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
