"""VMA Studio: watch the Linux kernel insert a VMA, step by step."""

__version__ = "0.1.0"
