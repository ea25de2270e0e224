"""Words shared by every view, the exporters and the command line (no Qt).

``role_names``: what the kernel calls each role's VMA in the function a step runs.
The role keys are the JSON contract (DESIGN §3); the names follow the code: in
``find_vma_links()`` the node compared is ``vma_tmp`` (``__rb_parent``), in
``__rb_insert()`` the locals are ``node``, ``parent``, ``gparent`` and ``tmp`` (the
uncle), in ``____rb_erase_color()`` ``node``, ``parent`` and ``sibling``.
"""

from __future__ import annotations

from .trace import TraceStep

#: Kernel names of the roles, by the function a step's line id belongs to.
_NAMES: dict[str, dict[str, str]] = {
    # insert_vm_struct() → find_vma_links(): the descent.
    "fvl": {
        "current": "__rb_parent",
        "parent": "__rb_parent",
        "prev": "rb_prev",
        "link_slot": "__rb_link",
        "new": "vma",
    },
    # __rb_insert(): the rebalancing loop after rb_link_node().
    "rb": {
        "current": "node",
        "parent": "parent",
        "grandparent": "gparent",
        "uncle": "tmp (uncle)",
    },
    # ____rb_erase_color(): the erase rebalancing loop.
    "erase.case": {"current": "node", "parent": "parent", "sibling": "sibling"},
    # __rb_erase_augmented(): the node leaves, a child or the successor takes its place.
    "erase": {"current": "node", "next": "successor", "parent": "parent", "prev": "prev"},
    # insert_vm_struct(), vma_link(), __vma_link_list(), __vma_link_rb().
    "ivs": {"new": "vma", "current": "vma", "parent": "rb_parent", "link_slot": "rb_link"},
    "list": {"new": "vma", "prev": "prev", "next": "next"},
    "link": {"new": "vma", "current": "vma"},
    "find": {"current": "vma", "next": "vma (candidate)"},
}


def _scope(line: str) -> str:
    if line.startswith("erase.case"):
        return "erase.case"
    if line == "rb.link_node":
        return "ivs"  # rb_link_node(node, rb_parent, rb_link) in __vma_link_rb()
    return line.split(".", 1)[0]


def role_names(step: TraceStep | None) -> dict[str, str]:
    """Each role of ``step`` that the running function names, with that name.

    >>> from vmastudio.engine.trace import TraceStep
    >>> role_names(TraceStep("rotate_left", "", "rb.case2", {}, {}, {}))["parent"]
    'parent'
    """
    if step is None:
        return {}
    return dict(_NAMES.get(_scope(step.line), {}))
