"""Secrets people hold: unguessable link tokens and short human codes."""
import secrets

# No 0/O, 1/I/L: codes are read aloud and typed from WhatsApp.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_token():
    """A link secret of 256 bits, safe in a URL."""
    return secrets.token_urlsafe(32)


def new_code(prefix, length=6):
    """A short random code such as KLS-7F3K9Q; random, never sequential."""
    return f"{prefix}-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))
