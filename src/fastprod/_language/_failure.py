"""The internal signal that part of a sentence was not understood."""

from __future__ import annotations

from collections.abc import Sequence

from lark.exceptions import UnexpectedInput


class Failure(Exception):
    """A reading of the sentence failed; the public error is made from it later.

    Attributes:
        message: The one-line reason, or "" when ``syntax`` still has to be
            explained.
        position: Character offset in the sentence where understanding stopped.
        correctable: Whether fixing a misspelled keyword could help. False for
            sentences that were understood and are refused on purpose
            ("remove caching", a Python keyword as a name).
        suggestions: Supported commands to offer instead; None to offer the
            ones closest to the sentence, () to offer none.
        syntax: The parser's error, when the grammar rejected the sentence.
    """

    def __init__(
        self,
        message: str,
        position: int,
        *,
        correctable: bool = False,
        suggestions: Sequence[str] | None = None,
        syntax: UnexpectedInput | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        self.correctable = correctable
        self.suggestions = None if suggestions is None else tuple(suggestions)
        self.syntax = syntax
