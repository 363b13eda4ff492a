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


def typed_code(text, prefix, length=6):
    """A code as someone typed it ("adu 7f3k9q", "7F3K9Q", "ADU-7F3K9Q") in its stored form, or None if it cannot
    be one of `prefix`'s codes."""
    compact = re.sub(r"[\s-]", "", (text or "").upper())
    if len(compact) == len(prefix) + length:  # only then is the prefix there: "ADU7K9" may be a code's own part
        compact = compact.removeprefix(prefix)
    if len(compact) != length or any(ch not in CODE_ALPHABET for ch in compact):
        return None
    return f"{prefix}-{compact}"


def new_code(prefix, length=6):
    """A short random code such as KLS-7F3K9Q; random, never sequential."""
    return f"{prefix}-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))
