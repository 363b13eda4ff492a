"""The outbox: every message to a citizen waits here until it is sent."""
