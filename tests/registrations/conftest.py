"""Registration fixtures: the class fixtures (a published class, registering, the staff who run it)."""
from tests.classes.conftest import (coordinator, create_class, facilitator, held, published_class,  # noqa: F401
                                    register, signed_in)
