"""Domain errors that the web layer turns into 4xx pages."""


class NotFound(Exception):
    """The thing asked for does not exist, or the actor may not know it exists."""


class Forbidden(Exception):
    """The actor may not do this."""


class TooManyRequests(Exception):
    pass


class Conflict(Exception):
    """The request clashes with what is already saved (enrolling twice, say); the message says how."""


class BadRequest(Exception):
    """Input that no form of ours sends (an answer for another quiz, say); the message says what."""
