"""The internal signal that part of a sentence was not understood."""

from __future__ import annotations

from collections.abc import Sequence


class Failure(Exception):
    """A reading of the sentence failed; the public error is made from it later.

    Attributes:
        message: The one-line reason.
        position: Character offset in the sentence where understanding stopped.
        suggestions: Supported commands to offer instead; None to offer the
            ones closest to the sentence, () to offer none.
    """

    def __init__(
        self, message: str, position: int, *, suggestions: Sequence[str] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        self.suggestions = None if suggestions is None else tuple(suggestions)
