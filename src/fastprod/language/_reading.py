"""The public way in: read a sentence into intents, with what was corrected and skipped.

The concept reader (``grammar/fastprod.lark`` and ``_language/``) does the
reading. This module holds only the entry points, and imports the reader
when a sentence is read.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastprod.core._intents import Intent
from fastprod.language._slips import Correction

__all__ = ["Understanding", "parse", "understand"]


@dataclass(frozen=True, slots=True)
class Understanding:
    """What fastprod read in a sentence.

    Attributes:
        normalized: The sentence as parsed: normalised, with corrections applied.
        corrections: Misspelled keywords that were corrected, in order.
        intents: The intents to run, in order.
        skipped: Words of the sentence that were not used, in order.
        notes: Parameters the sentence gives that no command takes, each with
            why (shown with the plan's messages).
    """

    normalized: str
    corrections: tuple[Correction, ...]
    intents: tuple[Intent, ...]
    skipped: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def parse(text: str) -> list[Intent]:
    """Parse a sentence into the ordered list of intents it asks for.

    Raises:
        UnrecognizedCommand: Some part of the sentence is not understood.
    """
    return list(understand(text).intents)


def understand(text: str) -> Understanding:
    """Read a sentence: its normalised form, the corrections made, the intents, the words skipped.

    Raises:
        UnrecognizedCommand: The sentence is refused (not understood, asks to
            remove something, names an invalid resource, ...). Its message is
            one line; ``suggestions`` holds up to three supported commands.
    """
    from fastprod.language import _concepts

    reading = _concepts.understand(text)
    return Understanding(
        reading.sentence, reading.corrections, reading.intents, reading.skipped, reading.notes
    )
