"""The Qt-free kernel model: VMAs, the augmented red-black tree and the traced operations.

Nothing in this package imports Qt, so it can be tested, fuzzed and benchmarked without a
display. The GUI renders the step traces it produces and never decides kernel behaviour.
"""
