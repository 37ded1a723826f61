"""Reading a content file's text safely: only from inside the content folder, only as UTF-8."""

from __future__ import annotations

from pathlib import Path


class UnreadableFile(ValueError):
    """A content file that cannot be used at all, with the line to report."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def is_outside(path: Path, root: Path) -> bool:
    """Tell whether `path` (after following symbolic links) lies outside the folder `root`."""
    return not path.resolve().is_relative_to(root.resolve())


def shown_name(path: Path, root: Path) -> str:
    """Return the path to report for a file under `root`, printable whatever bytes its name holds."""
    name = path.relative_to(root).as_posix()
    return name.encode("utf-8", "backslashreplace").decode("utf-8")


def read_text(path: Path, root: Path) -> str:
    """Return the text of a file under `root`, or raise UnreadableFile saying where and why it is unusable."""
    if is_outside(path, root):
        # a link out of the content folder would publish whatever it points at (another repository, /etc)
        raise UnreadableFile(1, "symbolic link pointing outside the content folder: not served")
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise UnreadableFile(
            line, f"not UTF-8 text (byte 0x{data[error.start]:02x}): save the file as UTF-8"
        ) from None
