"""Encryption at rest for specific personal data (UU 27/2022), with key rotation."""
import peewee as pw
from cryptography.fernet import Fernet, MultiFernet


class Cipher:
    """Encrypts with the first key of PORTAL_ENCRYPTION_KEY, decrypts with any of them."""

    def __init__(self):
        self._fernet = None

    def init_app(self, app):
        keys = [k.strip() for k in app.config["ENCRYPTION_KEYS"].split(",") if k.strip()]
        self._fernet = MultiFernet([Fernet(k) for k in keys])

    def encrypt(self, text):
        return self._fernet.encrypt(text.encode()).decode()

    def decrypt(self, token):
        return self._fernet.decrypt(token.encode()).decode()


cipher = Cipher()
init_app = cipher.init_app


class EncryptedTextField(pw.TextField):
    """A text column whose value is stored only encrypted."""

    def db_value(self, value):
        return None if value is None else cipher.encrypt(value)

    def python_value(self, value):
        return None if value is None else cipher.decrypt(value)
