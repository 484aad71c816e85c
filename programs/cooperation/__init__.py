"""Cooperation between member cities: microrredes (groups of 6–8 with monthly sessions),
mentorships and city pairings. They start from applications accepted by the calls engine."""
