"""Domain errors with stable codes that the web layer translates for the user."""


class DomainError(Exception):
    """A rule of the evening refused an action; nothing was changed.

    ``code`` is stable (``"priority.limit"``) so the web layer can pick a translated message;
    ``params`` carries the values that message may show (the limit, the table numbers).
    """

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params

    def __repr__(self) -> str:
        return f"DomainError({self.code!r}, {self.params!r})"
