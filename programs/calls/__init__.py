"""The calls engine: calls, applications and their one workflow, eligibility and caps, the focal
point's endorsement, reviews, decisions with their held e-mails, reminders, the receipt and the
kind registry every programme's application form plugs into. Other rooms and apps apply through
its public services (`programs.calls.services`)."""
