#!/usr/bin/env python3
"""Per-image budget allocation, simulated from three bench runs of the eight-member recipe (DSH-48 held out) that
differ only in the PSNR floor (38, 35, 32 dB), using each JSON's per_query lists (recessive_bench, session 23).

Policy: each image keeps the highest-PSNR run in which a signal model's AP@1000 of it is <= t (else the 32 dB run).
Signals: DHN-48 and a slightly robust DPSH-48 (neither in the ensemble, neither DSH), and DSH-48 itself (an oracle:
the best any allocation over these three levels could do). Prints mean PSNR and DSH-48 mAP@1000 per policy.
Run: python3 allocate_budget.py (from this folder)."""
import json
import pathlib
import statistics

HERE = pathlib.Path(__file__).parent
LEVELS = [38, 35, 32]
DSH, DHN, RDPSH = "models/dsh-48.pt", ".deps/extra/dhn-48.pt", ".deps/robust/dpsh-48-r0.25.pt"
runs = {level: json.loads((HERE / f"to-dsh48_eight_floor{level}.json").read_text())["per_query"] for level in LEVELS}
n = len(runs[35]["psnr_db"])


def correlation(a, b):
    ma, mb = statistics.mean(a), statistics.mean(b)
    cov = sum((x - ma) * (y - mb) for x, y in zip(a, b)) / len(a)
    return cov / (statistics.pstdev(a) * statistics.pstdev(b))


for level in LEVELS:
    run = runs[level]
    print(f"uniform floor {level}: PSNR {statistics.mean(run['psnr_db']):.2f} dB, DSH-48 {statistics.mean(run[DSH]):.3f}, "
          f"DHN-48 {statistics.mean(run[DHN]):.3f}, robust DPSH-48 {statistics.mean(run[RDPSH]):.3f}, "
          f"per-query correlation DSH/DHN {correlation(run[DSH], run[DHN]):.2f}, DSH/robust DPSH {correlation(run[DSH], run[RDPSH]):.2f}")
for name, signal in (("DHN-48", DHN), ("robust DPSH-48", RDPSH), ("DSH-48 (oracle)", DSH)):
    for t in (0.05, 0.1, 0.2, 0.3, 0.4):
        chosen = [next(level for level in LEVELS if runs[level][signal][i] <= t or level == LEVELS[-1]) for i in range(n)]
        psnr = statistics.mean(runs[level]["psnr_db"][i] for i, level in enumerate(chosen))
        dsh = statistics.mean(runs[level][DSH][i] for i, level in enumerate(chosen))
        print(f"{name:16s} t {t:.2f}: PSNR {psnr:.2f} dB, DSH-48 mAP@1000 {dsh:.3f}")
