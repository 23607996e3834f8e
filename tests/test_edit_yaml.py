"""YAML read (line numbers) and edited round trip (comments, quotes, layout kept)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from fastprod import ProjectError, RecipeError
from fastprod.recipe import (
    YamlMap,
    ensure_compose_service,
    ensure_workflow_job,
    ensure_yaml_item,
    ensure_yaml_key,
    load_yaml,
    upgrade_yaml_value,
)

FIXTURES = Path(__file__).parent / "fixtures"

COMPOSE = """\
# Local stack: the API and its database.
services:
  api:
    build: .
    ports:
      - "8000:8000"   # the API
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost:8000/health"]
  db:
    image: postgres:16
"""


def test_a_service_is_added_with_comments_quotes_and_indentation_kept() -> None:
    after = ensure_compose_service(
        COMPOSE, "redis", {"image": "redis:7-alpine", "ports": ["6379:6379"]}
    )
    assert after == COMPOSE + (
        '  redis:\n    image: redis:7-alpine\n    ports:\n      - "6379:6379"\n'
    )
    assert ensure_compose_service(after, "redis", {"image": "other"}) is after


def test_a_present_service_is_a_noop_whatever_its_definition() -> None:
    assert ensure_compose_service(COMPOSE, "db", {"image": "postgres:17"}) is COMPOSE


@pytest.mark.parametrize(
    "fixture",
    [
        "audit_no_auth/.github/workflows/tests.yml",
        "audit_src_factory/.github/workflows/ci.yml",
    ],
)
def test_a_job_joins_each_fixture_workflow_and_nothing_else_moves(fixture: str) -> None:
    before = (FIXTURES / fixture).read_text()
    job = {"runs-on": "ubuntu-latest", "steps": [{"run": "ruff check ."}]}
    after = ensure_workflow_job(before, "lint", job)
    assert after.startswith(before)
    added = after[len(before) :]
    assert added == "  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ruff check .\n"
    assert ensure_workflow_job(after, "lint", job) is after


def test_a_step_is_found_by_its_name_and_added_once() -> None:
    before = (FIXTURES / "audit_no_auth/.github/workflows/tests.yml").read_text()
    step = {"name": "Lint", "run": "ruff check ."}
    after = ensure_yaml_item(before, ("jobs", "tox", "steps"), step, identity="name")
    assert after.endswith(
        "      - run: tox -e py312\n      - name: Lint\n        run: ruff check .\n"
    )
    # The flow mapping keeps its spaces: ``{ python-version: "3.12" }``.
    assert 'with: { python-version: "3.12" }' in after
    renamed = {"name": "Lint", "run": "ruff check src"}
    assert ensure_yaml_item(after, ("jobs", "tox", "steps"), renamed, identity="name") is after


def test_crlf_document_start_and_missing_mappings() -> None:
    before = "---\r\n# CI\r\nname: ci\r\n"
    after = ensure_yaml_key(before, ("jobs", "test", "runs-on"), "ubuntu-latest")
    assert after == "---\r\n# CI\r\nname: ci\r\njobs:\r\n  test:\r\n    runs-on: ubuntu-latest\r\n"


def test_ambiguous_new_strings_are_quoted() -> None:
    after = ensure_yaml_key("a: 1\n", ("b",), ["on", "1.10", "8000:8000", "plain"])
    assert after == 'a: 1\nb:\n  - "on"\n  - "1.10"\n  - "8000:8000"\n  - plain\n'


def test_broken_yaml_and_wrong_shapes_are_refused_clearly() -> None:
    with pytest.raises(ProjectError, match=r"ci.yml:2: this file is not valid YAML"):
        ensure_yaml_key("a: 1\nb: c: d\n", ("c",), 1, path="ci.yml")
    with pytest.raises(RecipeError, match="`services` is not a mapping"):
        ensure_compose_service("services: [a]\n", "redis", {})
    with pytest.raises(RecipeError, match="is not a list"):
        ensure_yaml_item("steps: {a: 1}\n", ("steps",), "x")


def test_reading_keeps_line_numbers_and_text_as_written() -> None:
    (document,) = load_yaml(COMPOSE)
    assert isinstance(document, YamlMap)
    services = document["services"]
    assert services.lines == {"api": 3, "db": 9}
    port = services["api"]["ports"][0]
    assert (port, port.line) == ("8000:8000", 6)
    assert services["api"]["healthcheck"]["test"][0].line == 8


def test_reading_skips_only_the_documents_that_are_not_yaml() -> None:
    text = "kind: Service\n---\nspec: {{ .Values.spec }\n---\nkind: Deployment\n"
    documents = load_yaml(text)
    assert [(d["kind"], d["kind"].line) for d in documents] == [
        ("Service", 1),
        ("Deployment", 5),
    ]


def test_a_comment_introducing_the_next_section_stays_with_it() -> None:
    before = "services:\n  api:\n    build: .  # here\n\n# Named volumes.\nvolumes:\n  data:\n"
    after = ensure_compose_service(before, "redis", {"image": "redis:7"})
    assert after == (
        "services:\n  api:\n    build: .  # here\n  redis:\n    image: redis:7\n\n"
        "# Named volumes.\nvolumes:\n  data:\n"
    )
    trailing = ensure_compose_service("services:\n  api: {}\n# end\n", "db", {"image": "pg"})
    assert trailing == "services:\n  api: {}\n  db:\n    image: pg\n# end\n"


def test_a_file_of_several_documents_is_refused() -> None:
    with pytest.raises(RecipeError, match="several YAML documents"):
        ensure_yaml_key("a: 1\n---\nb: 2\n", ("c",), 1, path="k8s.yaml")


SPREAD = """\
services:
  api:
    command: bash -c "
      uvicorn app.main:app
      --host 0.0.0.0 --port 8080
      "
    healthcheck:
      test:
        [
            "CMD-SHELL", "pg_isready -d $POSTGRES_DB"
        ]
      interval: 5s
"""


def test_a_scalar_or_flow_list_spread_over_lines_is_kept_as_written() -> None:
    # ruamel dumps both on one line; the user's lines mean the same and stay.
    text = ensure_compose_service(SPREAD, "redis", {"image": "redis:7-alpine"})
    assert text.startswith(SPREAD)
    assert text[len(SPREAD) :] == "  redis:\n    image: redis:7-alpine\n"
    assert yaml.safe_load(text)["services"]["api"] == yaml.safe_load(SPREAD)["services"]["api"]


# ------------------------------------------------------------ upgrade_yaml_value


def test_a_value_as_written_before_is_brought_in_step_in_its_place() -> None:
    text = "services:\n  app:\n    image: shop\n  db:\n    image: postgres:17\n"
    after = upgrade_yaml_value(
        text, ("services", "app"), [{"image": "shop"}], {"image": "shop", "depends_on": ["db"]}
    )
    assert after == (
        "services:\n  app:\n    image: shop\n    depends_on:\n      - db\n"
        "  db:\n    image: postgres:17\n"
    )
    # In step: the same text back.
    assert upgrade_yaml_value(after, ("services", "app"), [{"image": "shop"}], {"x": 1}) is after


def test_a_value_edited_since_or_missing_is_left_as_it_is() -> None:
    text = "services:\n  app:\n    build: ./api  # ours\n"
    earlier, now = [{"build": "."}], {"build": ".", "init": True}
    assert upgrade_yaml_value(text, ("services", "app"), earlier, now) is text
    assert upgrade_yaml_value(text, ("services", "worker"), earlier, now) is text
