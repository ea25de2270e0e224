"""Write a synthetic ``/proc/PID/maps`` text with N mappings (default 65,530).

    python benchmarks/make_maps.py [N] [-o FILE] [--seed S] [--order ascending|random]

The layout imitates a large process: an executable and heap low, then many libraries and
anonymous regions with gaps, file-backed runs with growing offsets, and a stack on top.
Deterministic for a seed. The kernel lists maps in address order; ``--order random``
shuffles the lines, so the replay exercises the tree rather than an append-only walk.
"""

from __future__ import annotations

import argparse
import random
import sys

PAGE = 4096
LIBS = ["libc.so.6", "libm.so.6", "libstdc++.so.6", "libz.so.1", "libssl.so.3", "libjvm.so"]


def lines(n: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    out: list[str] = []
    addr = 0x400000
    for i in range(n - 1):
        size = rng.choice((1, 1, 2, 4, 8, 16, 64, 256)) * PAGE
        kind = rng.random()
        if kind < 0.45:
            lib = LIBS[i % len(LIBS)]
            perms = rng.choice(("r--p", "r-xp", "rw-p"))
            offset = rng.randrange(0, 512) * PAGE
            tail = f"fd:01 {100000 + i % 977:<10d} /usr/lib/x86_64-linux-gnu/{lib}"
        elif kind < 0.5:
            perms, offset, tail = "rw-p", 0, "00:00 0          [heap]" if i == 3 else "00:00 0"
        else:
            perms, offset, tail = rng.choice(("rw-p", "---p", "rw-s")), 0, "00:00 0"
        out.append(f"{addr:08x}-{addr + size:08x} {perms} {offset:08x} {tail}")
        addr += size + rng.choice((0, 0, 1, 2, 16)) * PAGE
    top = 0x7FFD00000000
    out.append(f"{top:08x}-{top + 33 * PAGE:08x} rw-p 00000000 00:00 0          [stack]")
    return out


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("n", nargs="?", type=int, default=65_530)
    p.add_argument("-o", "--output", default="-")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--order", choices=("ascending", "random"), default="ascending")
    args = p.parse_args(argv)
    text = lines(args.n, args.seed)
    if args.order == "random":
        random.Random(args.seed).shuffle(text)
    data = "\n".join(text) + "\n"
    if args.output == "-":
        sys.stdout.write(data)
    else:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
