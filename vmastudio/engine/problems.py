"""Problems of ``ScenarioError`` and the import notices: a code, its parameters, and one
template per language (``resources/texts/problems.json``).

A raise site names *what* is wrong (``Problem("range.not_aligned", value="0x401001")``);
the wording lives in the table, once per language, so the English text and its Chinese
translation are two templates of the same code with the same placeholders. Parameters are
values already formatted the way the English shows them (``shown()`` quoting, ``0x``
addresses); a parameter may itself be a ``Problem`` (a kind of file, an OS reason, the
place inside a file), which is rendered in the same language.

A ``Problem`` *is* its English text (a ``str`` subclass): ``str(problem)``, ``==``,
``in`` and ``startswith`` see exactly the text the engine always produced, so callers that
compare texts keep working; ``render(lang)`` gives any other language.

Qt-free: the command line renders problems before (or without) any ``QApplication``.

>>> p = Problem("range.not_aligned", value="0x401001")
>>> p
Problem('range.not_aligned', value='0x401001')
>>> str(p), p.render("zh_CN")
('not page-aligned (0x401001)', '未按页对齐（0x401001）')
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType
from typing import Any

from .. import resources

__all__ = [
    "LANGS",
    "Problem",
    "at_byte",
    "at_character",
    "at_line",
    "at_line_column",
    "at_process",
    "is_chinese",
    "json_reason",
    "os_reason",
    "templates",
    "within",
]

#: The languages every code has a template in.
LANGS = ("en", "zh_CN")


@cache
def templates() -> Mapping[str, Mapping[str, str]]:
    """code → {language → ``str.format`` template}, read once from the resources."""
    data: dict[str, dict[str, str]] = resources.read_json("texts", "problems.json")
    return MappingProxyType({code: MappingProxyType(t) for code, t in data.items()})


def is_chinese(lang: str) -> bool:
    """``zh_CN`` (also ``zh``, ``zh_CN.UTF-8``, ``zh-CN``) → True."""
    return lang.lower().replace("-", "_").startswith("zh")


def _lang(lang: str) -> str:
    return "zh_CN" if is_chinese(lang) else "en"


class Problem(str):
    """A problem code and its parameters; the ``str`` value is the English text.

    Complexity: O(size of the text) to build and to render.
    """

    code: str
    params: Mapping[str, str | Problem]

    def __new__(cls, code: str, /, **params: str | int | Problem) -> Problem:
        values: dict[str, str | Problem] = {
            name: value if isinstance(value, str) else str(value) for name, value in params.items()
        }
        text = _format(code, values, "en")
        self = super().__new__(cls, text)
        self.code = code
        self.params = MappingProxyType(values)
        return self

    def render(self, lang: str) -> str:
        """The text in ``lang`` (``en``, ``zh_CN``; anything else is English)."""
        lang = _lang(lang)
        return str(self) if lang == "en" else _format(self.code, self.params, lang)

    def __repr__(self) -> str:
        args = "".join(f", {name}={value!r}" for name, value in self.params.items())
        return f"Problem({self.code!r}{args})"

    def __reduce__(self) -> tuple[Any, ...]:
        # (str's own reduction would rebuild a Problem from its English text)
        return (_rebuild, (self.code, dict(self.params)))


def _rebuild(code: str, params: dict[str, str | Problem]) -> Problem:
    return Problem(code, **params)


def _format(code: str, params: Mapping[str, str | Problem], lang: str) -> str:
    """``code``'s template in ``lang`` filled with ``params`` (nested problems in ``lang``).

    An unknown code is a bug of the raise site: ``KeyError`` at once, in English too.
    """
    table = templates()[code]
    values = {
        name: value.render(lang) if isinstance(value, Problem) else value
        for name, value in params.items()
    }
    return table.get(lang, table["en"]).format(**values)


# -- places: the words of a ``where`` that are not a path -----------------------------------


def at_line(line: int) -> Problem:
    """``line 3`` (1-based)."""
    return Problem("where.line", line=line)


def at_line_column(line: int, column: int) -> Problem:
    """``line 1 column 9``."""
    return Problem("where.line_column", line=line, column=column)


def at_byte(offset: int) -> Problem:
    """``byte 7``."""
    return Problem("where.byte", offset=offset)


def at_character(offset: int) -> Problem:
    """``character 7``."""
    return Problem("where.character", offset=offset)


def at_process(pid: str | int) -> Problem:
    """``process 42``."""
    return Problem("where.process", pid=pid)


def within(outer: str | Problem, inner: str | Problem) -> str | Problem:
    """``outer: inner`` (a file and the place in it); just ``outer`` when ``inner`` is empty.

    A path stays a path; only places that are problems (``line 3``) are translated.
    """
    if not inner:
        return outer
    return Problem("where.within", outer=outer, inner=inner)


# -- texts the engine did not write: the JSON parser's and the operating system's --------


@cache
def _foreign(family: str) -> Mapping[str, str]:
    """English text → code for the codes of ``family`` (``json`` or ``os``)."""
    prefix = family + "."
    return MappingProxyType(
        {t["en"]: code for code, t in templates().items() if code.startswith(prefix)}
    )


def _reason(family: str, text: str) -> Problem:
    code = _foreign(family).get(text)
    return Problem(code) if code is not None else Problem("text", text=text)


def json_reason(message: str) -> Problem:
    """A ``json.JSONDecodeError.msg`` as a problem: its own code when the table knows the
    text (``Expecting value``), else the text as is in every language."""
    return _reason("json", message)


def os_reason(exc: OSError) -> Problem:
    """An ``OSError``'s ``strerror`` (or its text) as a problem, translated when known."""
    return _reason("os", exc.strerror or str(exc))
