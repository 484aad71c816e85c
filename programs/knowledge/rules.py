"""Permission predicates of the good practices (django-rules): a city's practices, drafts included,
are read and started by the people of the city, and by the secretariat's staff whose role holds the
admin's permission for the same (a campus or events clerk, who may read the city's page, does not)."""

from __future__ import annotations

import rules

from network.rules import has_role_in_member
from network.rules import staff_holding

rules.add_perm("programs.view_city_practices", has_role_in_member | staff_holding("programs.view_goodpractice"))
rules.add_perm("programs.add_city_practice", has_role_in_member | staff_holding("programs.add_goodpractice"))
