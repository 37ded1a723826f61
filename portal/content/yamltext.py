"""Reading YAML with libyaml's fast safe loader when it is installed (start-up parses every file)."""

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str) -> Any:
    """Parse YAML text safely (no arbitrary objects)."""
    return yaml.load(text, Loader=_LOADER)  # nosec B506 - _LOADER is CSafeLoader or SafeLoader
