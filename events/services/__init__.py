"""Every write of the events app: registrations, congress hosting, feeds, surveys, governance."""
