"""Secrets people hold: unguessable link tokens and short human codes."""
import re
import secrets

# No 0/O, 1/I/L: codes are read aloud and typed from WhatsApp.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,64}")


def new_token():
    """A link secret of 256 bits, safe in a URL."""
    return secrets.token_urlsafe(32)


def looks_like_token(text):
    """Whether text could be a link token at all; anything else is not looked up (it may hold NUL or be huge)."""
    return TOKEN_SHAPE.fullmatch(text) is not None


def by_token(model, token):
    """The row of `model` whose private link carries `token`, or None; text that cannot be a token is not looked up."""
    return model.get_or_none(model.token == token) if looks_like_token(token) else None


def new_code(prefix, length=6):
    """A short random code such as KLS-7F3K9Q; random, never sequential."""
    return f"{prefix}-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))
