"""Linux 6.12: ``mm->mm_mt``, the maple tree, kernel-exact (DESIGN §7). Qt-free."""
