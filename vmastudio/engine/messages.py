"""Problem texts of ``ScenarioError`` (and the import notices) in the reader's language.

The engine builds every problem in English with an f-string (``scenario.py``,
``maps.py``, ``timeline.py``, ``loader.py``); the tests assert those English texts, so
they stay as they are. This module turns a finished English text into Simplified
Chinese: a table of compiled regular expressions, one per English template, whose named
groups capture the values (addresses, paths, line numbers, field paths) that are carried
over unchanged into the Chinese template. A group whose name starts with ``sub_`` holds a
nested English text (a JSON parser message, an ``strerror``) that is translated in turn.

Qt-free: the command line uses it before (or without) any ``QApplication``. A text that
no template matches is returned unchanged, in English.
"""

from __future__ import annotations

import re

from .scenario import ScenarioError

__all__ = ["ZH_PROBLEMS", "ZH_WHERE", "is_chinese", "localize", "localize_error", "localize_where"]

_Rule = tuple[re.Pattern[str], str]


def _rules(pairs: list[tuple[str, str]]) -> tuple[_Rule, ...]:
    return tuple((re.compile(pattern, re.DOTALL), zh) for pattern, zh in pairs)


#: English problem template (a regular expression matched against the whole text) → the
#: Simplified Chinese template (``str.format`` with the named groups; ``{{`` is a brace).
ZH_PROBLEMS: tuple[_Rule, ...] = _rules(
    [
        # -- scenario.py: addresses and ranges ------------------------------------------------
        (r"expected an address, got (?P<got>.+)", "应为地址，实际为 {got}"),
        (
            r'expected a hex string like "0x400000", got (?P<got>.+)',
            '应为形如 "0x400000" 的十六进制字符串，实际为 {got}',
        ),
        (r"not a hex number: (?P<value>.+)", "不是十六进制数：{value}"),
        (r"negative address \((?P<value>.+)\)", "地址为负数（{value}）"),
        (r"address does not fit 64 bits \((?P<value>.+)\)", "地址超出 64 位（{value}）"),
        (r"not page-aligned \((?P<value>.+)\)", "未按页对齐（{value}）"),
        (r"offset not page-aligned \((?P<value>.+)\)", "偏移未按页对齐（{value}）"),
        (
            r"inverted range \(end (?P<end>\S+) < start (?P<start>\S+)\)",
            "范围颠倒（结束 {end} < 起始 {start}）",
        ),
        (r"empty range \(start = end = (?P<start>\S+)\)", "空范围（起始 = 结束 = {start}）"),
        (
            r"past the user-space top (?P<top>[^\s(]+) \((?P<value>.+)\)",
            "超出用户空间上限 {top}（{value}）",
        ),
        (r"past the user-space top \((?P<value>.+)\)", "超出用户空间上限（{value}）"),
        (
            r"not a positive page multiple \((?P<value>.+)\)",
            "不是页大小的正整数倍（{value}）",
        ),
        (
            r"low (?P<low>\S+) is above high (?P<high>\S+)",
            "low（{low}）高于 high（{high}）",
        ),
        # -- scenario.py: fields and values ----------------------------------------------------
        (r"expected an object", "应为对象"),
        (r"expected a list", "应为列表"),
        (r"expected a string", "应为字符串"),
        (r"expected true or false", "应为 true 或 false"),
        (r"expected a list of flag names", "应为标志名列表"),
        (r"expected a non-empty path string or null", "应为非空路径字符串或 null"),
        (
            r'expected a string or \{"en": \.\.\., "zh_CN": \.\.\.\}',
            '应为字符串或 {{"en": ..., "zh_CN": ...}}',
        ),
        (
            r"expected a non-negative integer, got (?P<got>.+)",
            "应为非负整数，实际为 {got}",
        ),
        (r"expected 0, 1 or 2, got (?P<got>.+)", "应为 0、1 或 2，实际为 {got}"),
        (r"unknown field", "未知字段"),
        (r"unknown setting", "未知设置项"),
        (r"missing", "缺少该字段"),
        (r'missing \(expected "vmastudio-scenario"\)', '缺少该字段（应为 "vmastudio-scenario"）'),
        (r"unknown flag (?P<name>.+)", "未知标志 {name}"),
        (
            r"unknown language (?P<lang>.+) \(en, zh_CN\)",
            "未知语言 {lang}（可选：en、zh_CN）",
        ),
        (r"a special mapping has no file", "特殊映射不能有文件"),
        (
            r"unknown op (?P<op>.+) \(insert, erase, find_vma, unmapped_area\)",
            "未知操作 {op}（可选：insert、erase、find_vma、unmapped_area）",
        ),
        (r"a scenario is a JSON object", "场景文件应为一个 JSON 对象"),
        (
            r"unknown format (?P<format>.+) \(expected (?P<expected>.+)\)",
            "未知格式 {format}（应为 {expected}）",
        ),
        (
            r"unsupported version (?P<version>.+) \(expected (?P<expected>.+)\)",
            "不支持的版本 {version}（应为 {expected}）",
        ),
        (
            r"unknown kernel profile (?P<kernel>.+) \((?P<known>[^()]+)\)",
            "未知内核版本 {kernel}（可选：{known}）",
        ),
        (
            r"too many ops \((?P<count>\d+) > (?P<limit>\d+)\)",
            "操作过多（{count} > {limit}）",
        ),
        (
            r"overlaps (?P<other>initial\[\d+\]) (?P<range>\[.+\))",
            "与 {other} {range} 重叠",
        ),
        # -- scenario.py: the file itself ------------------------------------------------------
        (
            r"file too large \((?P<size>\d+) bytes > (?P<limit>\d+)\)",
            "文件过大（{size} 字节 > {limit}）",
        ),
        (
            r"file too large \(more than (?P<limit>\d+) bytes\)",
            "文件过大（超过 {limit} 字节）",
        ),
        (r"not valid UTF-8", "不是有效的 UTF-8 文本"),
        (r"NUL byte in a text file", "文本文件中含有 NUL 字节"),
        (r"invalid JSON: (?P<sub_msg>.+)", "JSON 无效：{sub_msg}"),
        (r"JSON nested too deeply", "JSON 嵌套过深"),
        (
            r"encoded as (?P<enc>\S+), not UTF-8 \(save it as UTF-8\)",
            "编码为 {enc}，不是 UTF-8（请另存为 UTF-8）",
        ),
        (
            r"integer too long \((?P<digits>\d+) digits; at most 64 bits are used\)",
            "整数过长（{digits} 位；最多只用 64 位）",
        ),
        (r"a number that Python cannot convert", "无法转换的数字"),
        (
            r"holds a lone surrogate (?P<code>\S+) at character (?P<at>\d+) "
            r"\(cannot be saved as UTF-8\)",
            "第 {at} 个字符处含有孤立代理项 {code}（无法保存为 UTF-8）",
        ),
        (
            r"a field name holds a lone surrogate (?P<code>\S+) \(cannot be saved as UTF-8\)",
            "字段名含有孤立代理项 {code}（无法保存为 UTF-8）",
        ),
        (r"does not fit 64 bits \((?P<value>.+)\)", "超出 64 位（{value}）"),
        (r"not a regular file \((?P<sub_kind>.+)\)", "不是普通文件（{sub_kind}）"),
        (r"a FIFO", "命名管道（FIFO）"),
        (r"a character device", "字符设备"),
        (r"a block device", "块设备"),
        (r"a socket", "套接字"),
        (r"not a plain file", "不是普通文件"),
        (r"cannot be read \((?P<reason>.+)\)", "无法读取（{reason}）"),
        (
            r"path too long \((?P<count>\d+) characters; at most (?P<limit>\d+)\)",
            "路径过长（{count} 个字符；最多 {limit} 个）",
        ),
        (
            r"too long \((?P<count>\d+) characters; at most (?P<limit>\d+)\)",
            "过长（{count} 个字符；最多 {limit} 个）",
        ),
        (r"no such file", "文件不存在"),
        (r"is a folder, not a file", "是文件夹，不是文件"),
        (r"permission denied", "权限不足"),
        # -- loader.py ---------------------------------------------------------------------------
        (
            r"neither a VMA Studio scenario \(JSON\) nor a /proc/PID/maps text",
            "既不是 VMA Studio 场景文件（JSON），也不是 /proc/PID/maps 文本",
        ),
        # -- maps.py -----------------------------------------------------------------------------
        (
            r"bad permissions (?P<perms>.+) \(expected like 'r-xp' or 'rw-s'\)",
            "权限 {perms} 无效（应形如 'r-xp' 或 'rw-s'）",
        ),
        (
            r"expected 'start-end perms offset dev inode \[path\]', got (?P<got>.+)",
            "应为 'start-end perms offset dev inode [path]' 格式，实际为 {got}",
        ),
        (
            r"too many mappings \(more than (?P<limit>\d+)\)",
            "映射过多（超过 {limit} 个）",
        ),
        (r"no mappings", "没有任何映射"),
        (r"no mappings below the user-space top", "用户空间上限以下没有任何映射"),
        (r"no mappings \(a kernel thread\?\)", "没有任何映射（是内核线程吗？）"),
        (
            r"overlaps line (?P<line>\d+) (?P<range>\[.+\))",
            "与第 {line} 行 {range} 重叠",
        ),
        (
            r"not a process id \(a positive integer\)",
            "不是进程 ID（应为正整数）",
        ),
        (r"no such process", "进程不存在"),
        (r"cannot read (?P<path>.+?): (?P<sub_reason>.+)", "无法读取 {path}：{sub_reason}"),
        (
            r"(?P<root>.+) is not a folder \(is /proc mounted\?\)",
            "{root} 不是文件夹（/proc 是否已挂载？）",
        ),
        (r"exited while being read", "进程在读取期间已退出"),
        # -- scenario.py / timeline.py: the 6.12 ops ------------------------------------------
        (r"must be positive", "必须为正数"),
        (r"min (?P<lo>\S+) is above max (?P<hi>\S+)", "下限 {lo} 高于上限 {hi}"),
        (r"(?P<kind>\S+) exists only in a 6\.12 scenario", "{kind} 只能用于 6.12 场景"),
        (r"(?P<op>\S+) exists only in the Linux 6\.12 model", "{op} 只存在于 6.12 内核模型中"),
        (
            r"process (?P<pid>\S+): its mappings kept changing while being read \(the last read\)",
            "进程 {pid}：读取期间其映射一直在变化（采用最后一次读取的结果）",
        ),
        (
            r"exited while being read \((?P<path>.+) vanished\)",
            "进程在读取期间已退出（{path} 已消失）",
        ),
        (
            r"permission denied reading (?P<path>.+) \(run as the process's user or root\)",
            "读取 {path} 时权限不足（请以该进程的用户或 root 身份运行）",
        ),
        # -- timeline.py -------------------------------------------------------------------------
        (r"the kernel refused it \((?P<result>.+)\)", "内核拒绝插入（{result}）"),
        (
            r"no VMA starts at (?P<addr>\S+) at this point",
            "此时没有从 {addr} 开始的 VMA",
        ),
        # -- app/insert_dialog.py (parse_hex) ---------------------------------------------------
        (r"empty", "为空"),
        # -- maps.py: the import notices (not errors; printed the same way) --------------------
        (
            r"line (?P<line>\d+): (?P<label>.+) skipped \((?P<sub_reason>.+)\)",
            "第 {line} 行：已跳过 {label}（{sub_reason}）",
        ),
        (r"above the user-space top", "高于用户空间上限"),
        (r"the legacy vsyscall page", "旧式 vsyscall 页"),
        (
            r"process (?P<pid>\S+): some file names are not valid UTF-8 \(shown with \\x escapes\)",
            "进程 {pid}：部分文件名不是有效的 UTF-8（以 \\x 转义显示）",
        ),
        # -- the JSON parser's messages (json.JSONDecodeError.msg), inside "invalid JSON: ..." --
        (r"Expecting value", "此处应为一个值"),
        (r"Expecting ',' delimiter", "此处应为逗号 ','"),
        (r"Expecting ':' delimiter", "此处应为冒号 ':'"),
        (
            r"Expecting property name enclosed in double quotes",
            "此处应为带双引号的属性名",
        ),
        (r"Unterminated string starting at", "字符串没有结束（从此处开始）"),
        (r"Invalid control character (?:(?P<char>.+) )?at", "字符串中有无效的控制字符"),
        (r"Invalid \\escape(?:: (?P<esc>.+))?", "无效的转义序列"),
        (r"Invalid \\uXXXX escape", "无效的 \\uXXXX 转义"),
        (r"Extra data", "JSON 之后有多余的数据"),
        (r"Illegal trailing comma before end of object", "对象末尾多了一个逗号"),
        (r"Illegal trailing comma before end of array", "数组末尾多了一个逗号"),
        # -- the operating system's reasons (OSError.strerror), inside "cannot read ..." -------
        (r"No such file or directory", "文件或目录不存在"),
        (r"Permission denied", "权限不足"),
        (r"Is a directory", "是文件夹"),
        (r"Not a directory", "不是文件夹"),
        (r"Too many levels of symbolic links", "符号链接层数过多"),
        (r"File name too long", "文件名过长"),
        (r"Input/output error", "输入/输出错误"),
        (r"No space left on device", "设备上没有剩余空间"),
        (r"Operation not permitted", "不允许的操作"),
        (r"No such process", "进程不存在"),
        (r"Invalid argument", "参数无效"),
        (r"Too many open files", "打开的文件过多"),
        (r"Device or resource busy", "设备或资源忙"),
        (r"Resource temporarily unavailable", "资源暂时不可用"),
        (r"Read-only file system", "只读文件系统"),
    ]
)

#: The words of a place (``where``) that are not a path: one ``": "``-separated part each.
ZH_WHERE: tuple[_Rule, ...] = _rules(
    [
        (r"line (?P<line>\d+) column (?P<column>\d+)", "第 {line} 行第 {column} 列"),
        (r"line (?P<line>\d+)", "第 {line} 行"),
        (r"byte (?P<offset>\d+)", "字节偏移 {offset}"),
        (r"character (?P<offset>\d+)", "字符偏移 {offset}"),
        (r"process (?P<pid>.+)", "进程 {pid}"),
    ]
)

_MAX_DEPTH = 4


def is_chinese(lang: str) -> bool:
    """``zh_CN`` (also ``zh``, ``zh_CN.UTF-8``, ``zh-CN``) → True."""
    return lang.lower().replace("-", "_").startswith("zh")


def _apply(rules: tuple[_Rule, ...], text: str, depth: int) -> str:
    for pattern, template in rules:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        values = {
            name: (
                _apply(rules, value, depth + 1)
                if name.startswith("sub_") and value is not None and depth < _MAX_DEPTH
                else ("" if value is None else value)
            )
            for name, value in match.groupdict().items()
        }
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):  # a broken entry: English, not a crash
            return text
    return text


def localize(problem: str, lang: str) -> str:
    """``problem`` (an English text of the engine) in ``lang``; unknown texts unchanged."""
    if not is_chinese(lang):
        return problem
    return _apply(ZH_PROBLEMS, problem, 0)


def localize_where(where: str, lang: str) -> str:
    """The place of a problem in ``lang``: ``"maps: line 3"`` → ``"maps: 第 3 行"``.

    Only whole ``": "``-separated parts that are words (``line N``, ``line N column M``,
    ``byte N``, ``character N``, ``process N``) change; file paths and JSON paths
    (``ops[3].end``) stay as they are.
    """
    if not where or not is_chinese(lang):
        return where
    return ": ".join(_apply(ZH_WHERE, part, _MAX_DEPTH) for part in where.split(": "))


def localize_error(exc: ScenarioError, lang: str) -> str:
    """``"where: problem"`` (or just the problem) with the problem in ``lang``."""
    problem = localize(exc.problem, lang)
    where = localize_where(exc.where, lang)
    return f"{where}: {problem}" if where else problem
