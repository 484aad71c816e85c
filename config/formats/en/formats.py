"""English dates as the network's readers write them — day, month, year and a 24-hour clock — rather
than Django's US defaults ("07/15/2030 11:59 p.m."), beside the Spanish and Portuguese pages that
already read that way. Only output formats: what a form accepts stays Django's English set."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
