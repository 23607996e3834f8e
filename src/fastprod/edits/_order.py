"""Where an appended item goes, so that recipes reach the same file in either order.

Recipes add items to lists the project already has: dependencies to its manifest,
routers to its includes, steps to its lifespan, groups of fields to its settings.
Appended in run order, two recipes would leave two different files. Each kind of
item has a key (a dependency's normalised name, a router's expression, a step's
layer) and one rule places it:

    The items added go into the sorted run that ends the list, at their place by
    key; the items before that run are never passed.

The run is the longest stretch of keyed items at the end of the list whose keys
are in order (the whole list when it is sorted). A list the project keeps sorted
stays sorted; an unsorted one keeps its own items first and gains the added ones
after them, sorted among themselves. Inserting into the run never sorts it into
the items before it (the item before the run has a greater key than the run's
first), so the result is the project's items up to the run followed by the run
and every added item, sorted: the same whatever order they came in.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, TypeVar


class _Ordered(Protocol):
    def __le__(self, other: Any, /) -> bool: ...


K = TypeVar("K", bound=_Ordered)


def run_start(keys: Sequence[K | None]) -> int:
    """The index where the sorted run of keyed items ending ``keys`` starts.

    ``None`` is an item without a key, which no run crosses.
    """
    start = len(keys)
    while start > 0:
        previous = keys[start - 1]
        if previous is None:
            break
        following = keys[start] if start < len(keys) else None
        if following is not None and not previous <= following:
            break
        start -= 1
    return start


def place(keys: Sequence[K | None], key: K) -> int:
    """The index at which an item of ``key`` goes among items of ``keys``.

    ``place(["fastapi", "uvicorn"], "redis")`` is 1: a sorted list stays sorted;
    ``place(["uvicorn", "alembic"], "redis")`` is 2: after ``alembic``, where the
    sorted run ``["alembic"]`` puts it.
    """
    start = run_start(keys)
    run = [k for k in keys[start:] if k is not None]
    return start + sum(1 for k in run if k <= key)
