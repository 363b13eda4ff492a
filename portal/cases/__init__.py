"""Confidential counselling cases: their clients, counsellors, encrypted notes and numbered referrals."""
