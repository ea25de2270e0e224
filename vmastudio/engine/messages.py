"""Problem texts of ``ScenarioError`` (and the import notices) in the reader's language.

The engine raises every problem as a ``Problem`` (a code and its parameters, see
``problems.py``); this module renders one at the edge, from the code's template in the
reader's language (``resources/texts/problems.json``). A place (``where``) is a JSON
path, kept as it is, or a ``Problem`` for its words (``line 3``, ``process 42``). A text
that is not a ``Problem`` (a JSON path, a message of someone else's) is returned as it is.

Qt-free: the command line uses it before (or without) any ``QApplication``.
"""

from __future__ import annotations

from .problems import Problem, is_chinese
from .scenario import ScenarioError

__all__ = ["is_chinese", "localize", "localize_error", "localize_where"]


def localize(problem: str, lang: str) -> str:
    """``problem`` (a ``Problem`` of the engine, or an import notice) in ``lang``.

    Complexity: O(length of the text).

    >>> localize(Problem("field.unknown"), "zh_CN")
    '未知字段'
    """
    return problem.render(lang) if isinstance(problem, Problem) else problem


def localize_where(where: str, lang: str) -> str:
    """The place of a problem in ``lang``: ``maps: line 3`` → ``maps: 第 3 行``.

    Only the words of a place change (``line N``, ``line N column M``, ``byte N``,
    ``character N``, ``process N``); file paths and JSON paths (``ops[3].end``) stay as
    they are.
    """
    return localize(where, lang)


def localize_error(exc: ScenarioError, lang: str) -> str:
    """``"where: problem"`` (or just the problem) in ``lang``."""
    problem = localize(exc.problem, lang)
    where = localize_where(exc.where, lang)
    return f"{where}: {problem}" if where else problem
