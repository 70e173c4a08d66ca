"""Errors a user can act on: the CLI prints their message as one line."""


class ShiftwatchError(Exception):
    """A failure with a message that says what is wrong and what to do."""


class Rejection(Exception):
    """A source or record that cannot be read; recorded, and the run goes on."""

    def __init__(self, reason: str, source: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.source = source
