"""When counselling can be booked: the services a unit offers, its booking rules and closed days, and each counsellor's week and dates."""
