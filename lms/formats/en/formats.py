# The English interface keeps the Vietnamese day-first dates: the users are in Vietnam.
from lms.formats.vi.formats import *  # noqa: F401,F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
