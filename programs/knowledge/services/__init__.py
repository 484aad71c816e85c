"""Writes of the knowledge area: webinars and registrations, the good-practice bank, funding notices."""
