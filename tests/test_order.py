"""The one rule that places an appended item: the same list whatever the order."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from fastprod.edits._order import place, run_start

KEYS = st.sampled_from("abcdefgh")


def _added(project: list[str | None], added: tuple[str, ...]) -> list[str | None]:
    items = list(project)
    for key in added:
        items.insert(place(items, key), key)
    return items


@given(st.lists(st.one_of(KEYS, st.none()), max_size=6), st.sets(KEYS, max_size=4))
def test_every_order_of_additions_gives_the_same_list(
    project: list[str | None], added: set[str]
) -> None:
    fresh = sorted(added - set(project), key=str)
    results = {tuple(_added(project, order)) for order in itertools.permutations(fresh)}
    assert len(results) == 1
    (result,) = results
    # The project's items before its sorted run stay as they were; the run and
    # the added items follow, sorted.
    start = run_start(project)
    assert list(result[:start]) == project[:start]
    tail = [key for key in result[start:] if key is not None]
    assert tail == sorted(tail)


def test_a_sorted_list_stays_sorted_and_an_unsorted_one_keeps_its_own_first() -> None:
    assert place(["b", "d"], "c") == 1
    assert place(["b", "d"], "a") == 0
    assert place(["d", "b"], "a") == 1
    assert place(["d", "b"], "c") == 2
    # An item without a key ends any run: what is added goes after it.
    assert place(["a", None], "b") == 2
