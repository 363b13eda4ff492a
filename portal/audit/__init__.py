"""The audit log: who did what, to what, when and from where (never the sensitive text); admins read it."""
