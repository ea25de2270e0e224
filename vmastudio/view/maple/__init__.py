"""The 6.12 drawing: the maple tree ``mm->mm_mt`` as wide nodes of pivots and slots.

``layout`` is Qt-free (the figure exporters use it too); ``scene``, ``node_item`` and
``view`` are the window's Qt items.
"""
