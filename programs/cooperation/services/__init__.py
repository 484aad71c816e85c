"""Services of the cooperation area: microrredes, mentorships and city pairings (every write)."""
