"""Public pages that belong to no feature: home, privacy notice, language, health check."""
