"""Reading YAML with libyaml's fast safe loader when it is installed (start-up parses every file)."""

from typing import Any

import yaml
from yaml.constructor import ConstructorError

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BASE):  # type: ignore[misc,valid-type]
    """The safe loader, turning a value Python cannot build (2026-13-45, !!int x) into a YAML error."""

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, AttributeError, OverflowError, ArithmeticError) as error:
            what = "not a real date" if node.tag.endswith(":timestamp") else "cannot read the value"
            value = node.value if isinstance(node.value, str) else node.tag
            why = f" ({error})" if isinstance(error, ValueError) else ""
            raise ConstructorError(None, None, f"{what}: {value!r}{why}", node.start_mark) from None


def load(text: str) -> Any:
    """Parse YAML text safely (no arbitrary objects); whatever is wrong with it raises yaml.YAMLError."""
    try:
        return yaml.load(text, Loader=_Loader)  # nosec B506 - _Loader is CSafeLoader or SafeLoader
    except yaml.YAMLError:
        raise
    except (ValueError, TypeError, AttributeError, OverflowError, ArithmeticError, RecursionError) as error:
        raise yaml.YAMLError(f"cannot read this YAML ({error.__class__.__name__})") from None
