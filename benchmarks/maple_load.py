"""Linux 6.12 engine at scale (issue 18): 65,530 random VMA inserts through the 6.12
``insert_vm_struct()`` (find_vma_intersection, mas_preallocate, mas_store_prealloc on the
maple tree), against ``bintrees.RBTree`` inserting the same keys in the same run.

Also: ascending and descending loads, and the time of one traced insert (its steps) into
the loaded tree. Writes results/maple_load.json.
"""

from __future__ import annotations

import time

from _common import best_of, keys, write

from vmastudio.engine.linux612.check import check
from vmastudio.engine.linux612.mm import Mm612, Vma612
from vmastudio.engine.vma import DEFAULT_FLAGS

N = 65530


def load_612(ranges: list[tuple[int, int]]) -> Mm612:
    mm = Mm612()
    for s, e in ranges:
        mm.insert_vm_struct(Vma612(s, e, DEFAULT_FLAGS))
    return mm


def load_bintrees(ranges: list[tuple[int, int]]) -> None:
    import bintrees

    tree = bintrees.RBTree()
    for s, e in ranges:
        tree.insert(s, e)


def main() -> None:
    rows = []
    for order in ("random", "ascending", "descending"):
        ranges = keys(N, order)
        ours = best_of(lambda r=ranges: load_612(r))
        peer = best_of(lambda r=ranges: load_bintrees(r))
        rows.append(
            {
                "order": order,
                "vmas": N,
                "vmastudio_612_s": round(ours, 3),
                "bintrees_s": round(peer, 3),
                "ratio": round(ours / peer, 2),
                "target_ratio": 2.0,
            }
        )
        print(f"load {order:10} 6.12 {ours:.3f}s  bintrees {peer:.3f}s  ratio {ours / peer:.2f}")
    mm = load_612(keys(N, "random"))
    check(mm.maple.tree)
    top = max(v.end for v in mm.vmas())
    worst = 0.0
    for i in range(50):
        s = top + (2 * i + 1) * 4096
        t0 = time.perf_counter()
        out = mm.insert_vm_struct(Vma612(s, s + 4096, DEFAULT_FLAGS), trace=True)
        worst = max(worst, time.perf_counter() - t0)
        assert out.result == 0 and out.steps
    print(f"traced insert into {N} VMAs: worst of 50 {worst * 1000:.2f} ms")
    write(
        "maple_load",
        {
            "loads": rows,
            "traced_insert_worst_ms": round(worst * 1000, 2),
            "height": mm.maple.height,
        },
    )


if __name__ == "__main__":
    main()
