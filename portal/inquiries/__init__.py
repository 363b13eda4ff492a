"""Requests and complaints from the public (pengaduan): sending, following by code and phone, staff triage."""
