"""Every write of the calls engine. Modules: applications (applicant and focal point), decisions
(secretariat), reminders (the scheduled sweep), calls (dates), transitions (the one state changer)."""
