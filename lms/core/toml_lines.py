"""Find the line of each key in a TOML text, since ``tomllib`` forgets positions.

Good enough for error messages: tables, arrays of tables, dotted and quoted
keys; keys inside multi-line strings are ignored.
"""

from __future__ import annotations

import re
import tomllib

_TABLE = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")

Path_ = tuple


def _split_key(dotted: str) -> list[str]:
    parts = re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", dotted)
    return [p[1:-1] if p[0] in "\"'" else p for p in parts]


class KeyLines:
    """Maps key paths such as ``("runs", 0, "release", "mode")`` to 1-based lines."""

    def __init__(self, text: str, first_line: int = 1):
        self._lines: dict[Path_, int] = {}
        array_counts: dict[Path_, int] = {}
        current: Path_ = ()
        in_multiline = False
        for number, line in enumerate(text.splitlines(), start=first_line):
            toggles = line.count('"""') % 2 == 1 or line.count("'''") % 2 == 1
            if in_multiline:
                in_multiline = not toggles
                continue
            in_multiline = toggles
            table = _TABLE.match(line)
            if table:
                is_array = table.group(1) == "[["
                current = self._resolve(_split_key(table.group(2)), array_counts)
                if is_array:
                    index = array_counts.get(current, -1) + 1
                    array_counts[current] = index
                    self._lines.setdefault(current, number)
                    current = current + (index,)
                self._lines[current] = number
                continue
            key = _KEY.match(line)
            if key:
                self._lines[current + tuple(_split_key(key.group(1)))] = number

    @staticmethod
    def _resolve(parts: list[str], array_counts: dict[Path_, int]) -> Path_:
        """The key path of a table header: a parent that is an array of tables means
        its latest entry (``[runs.release]`` is ``("runs", <last run>, "release")``);
        the header's own name never does, or the second ``[[runs]]`` would land
        inside the first."""
        path: Path_ = ()
        for part in parts[:-1]:
            path = path + (part,)
            if path in array_counts:
                path = path + (array_counts[path],)
        return path + tuple(parts[-1:])

    def line(self, *path) -> int:
        """The line of ``path``, or of its nearest ancestor that has one."""
        key = tuple(path)
        while key:
            if key in self._lines:
                return self._lines[key]
            key = key[:-1]
        return 1


def toml_error_line(error: tomllib.TOMLDecodeError, text: str, offset: int = 0) -> int:
    """The 1-based line of a ``tomllib`` error in ``text``, plus ``offset``.

    ``tomllib`` says "at end of document" (no line) when the text stops in the middle
    of something, e.g. an unclosed array: that is the last line, not the first."""
    match = re.search(r"at line (\d+)", str(error))
    line = int(match.group(1)) if match else max(len(text.splitlines()), 1)
    return line + offset


def toml_error_reason(error: tomllib.TOMLDecodeError) -> str:
    return re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(error)) or "syntax error"
