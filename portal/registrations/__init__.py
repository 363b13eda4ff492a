"""People in a class: registering, the waiting list, attendance and completion, their own page, the staff tables."""
