"""Every write of the campus: enrolments and scholarships, final projects, certificates, capsules,
seminar hosts and ad-hoc training. Keyword-only, typed, atomic."""
