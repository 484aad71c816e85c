from . import events  # noqa: F401
from . import governance  # noqa: F401
from . import surveys  # noqa: F401
