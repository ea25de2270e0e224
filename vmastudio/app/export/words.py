"""The figure's own words, in the figure's language (not the window's): Qt-free, so the
SVG and TikZ writers need no translator. Chinese follows the window's translation."""

from __future__ import annotations

from ...engine.scenario import text_of

_WORDS: dict[str, dict[str, str]] = {
    "op": {"en": "op", "zh_CN": "操作"},
    "step": {"en": "step", "zh_CN": "步骤"},
    "initial": {"en": "initial state", "zh_CN": "初始状态"},
    "after": {"en": "state after", "zh_CN": "之后的状态"},
    "vmas": {"en": "VMAs", "zh_CN": "个 VMA"},
    "legend": {"en": "legend", "zh_CN": "图例"},
    "black": {"en": "black node (square, thick outline)", "zh_CN": "黑节点（方形，粗边框）"},
    "red": {"en": "red node (rounded)", "zh_CN": "红节点（圆角）"},
    "detached": {"en": "not in the tree (dashed)", "zh_CN": "不在树中（虚线）"},
    "aggregate": {
        "en": "subtree drawn as one shape: VMA count, height",
        "zh_CN": "整棵子树画成一个形状：VMA 个数，高度",
    },
    "band": {"en": "list run: VMA count", "zh_CN": "链表中的一段：VMA 个数"},
    "code": {"en": "code", "zh_CN": "代码"},
    "vars": {"en": "variables", "zh_CN": "变量"},
    "pointers": {"en": "pointers", "zh_CN": "指针"},
    "returned": {"en": "(returned)", "zh_CN": "（已返回）"},
    "map": {"en": "address map", "zh_CN": "地址映射"},
    "map_lod": {
        "en": "address map (density of {0} VMAs)",
        "zh_CN": "地址映射（{0} 个 VMA 的密度）",
    },
    "list": {"en": "mm->mmap: vm_next →, vm_prev ←", "zh_CN": "mm->mmap：vm_next →，vm_prev ←"},
    "tree": {"en": "mm->mm_rb", "zh_CN": "mm->mm_rb"},
    "lod_note": {
        "en": "{0} of {1} VMAs drawn; the rest as subtrees (count, height)",
        "zh_CN": "画出 {1} 个 VMA 中的 {0} 个；其余画成子树（个数，高度）",
    },
    "region": {
        "en": "VMAs in [{0:x},{1:x}) and their path to the root",
        "zh_CN": "[{0:x},{1:x}) 中的 VMA 及其到根的路径",
    },
    "around": {"en": "the VMAs within {1} links of {0:x}", "zh_CN": "{0:x} 周围 {1} 层内的 VMA"},
    "height": {"en": "h", "zh_CN": "高"},
}

_ROLE_TAGS: dict[str, dict[str, str]] = {
    "conflict": {"en": "conflict", "zh_CN": "冲突"},
    "current": {"en": "node", "zh_CN": "节点"},
    "new": {"en": "new vma", "zh_CN": "新 VMA"},
    "link_slot": {"en": "rb_link", "zh_CN": "rb_link"},
    "parent": {"en": "rb_parent", "zh_CN": "rb_parent"},
    "prev": {"en": "prev", "zh_CN": "前驱"},
    "next": {"en": "next", "zh_CN": "后继"},
    "grandparent": {"en": "gparent", "zh_CN": "祖父节点"},
    "uncle": {"en": "uncle", "zh_CN": "叔节点"},
    "sibling": {"en": "sibling", "zh_CN": "兄弟节点"},
}

_ROLE_TEXTS: dict[str, dict[str, str]] = {
    "conflict": {
        "en": "conflict: the VMA the new range overlaps (-ENOMEM)",
        "zh_CN": "冲突：与新范围重叠的 VMA（-ENOMEM）",
    },
    "current": {"en": "node: the node being looked at", "zh_CN": "节点：正在查看的节点"},
    "new": {"en": "new vma: the VMA being inserted", "zh_CN": "新 VMA：正在插入的 VMA"},
    "link_slot": {
        "en": "rb_link: the slot *rb_link points at (rb_left/rb_right or the root)",
        "zh_CN": "rb_link：*rb_link 所指的槽位（rb_left/rb_right 或根节点）",
    },
    "parent": {
        "en": "rb_parent: the node it hangs under",
        "zh_CN": "rb_parent：新节点所挂接的父节点",
    },
    "prev": {
        "en": "prev: the VMA just below (vm_prev)",
        "zh_CN": "前驱：紧邻其下的 VMA（vm_prev）",
    },
    "next": {
        "en": "next: the VMA just above (vm_next)",
        "zh_CN": "后继：紧邻其上的 VMA（vm_next）",
    },
    "grandparent": {"en": "gparent: the parent's parent", "zh_CN": "祖父节点：父节点的父节点"},
    "uncle": {"en": "uncle: the parent's sibling", "zh_CN": "叔节点：父节点的兄弟节点"},
    "sibling": {
        "en": "sibling: the sibling (erase rebalancing)",
        "zh_CN": "兄弟节点：删除时平衡调整中的兄弟节点",
    },
}


def word(key: str, lang: str) -> str:
    return text_of(_WORDS[key], lang)


def role_tag(role: str, lang: str) -> str:
    entry = _ROLE_TAGS.get(role)
    return role if entry is None else text_of(entry, lang)


def role_text(role: str, lang: str) -> str:
    entry = _ROLE_TEXTS.get(role)
    return role if entry is None else text_of(entry, lang)
