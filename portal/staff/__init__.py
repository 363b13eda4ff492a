"""Staff accounts: signing in and out, the dashboard, one's password, and account admin."""
