"""Time typst compiling the batch pages that examples/typst_compare.rs exported.

usage: python3 benches/typst_compare.py FILE.typ FONT_DIR RUNS
Prints the median of fresh typst.compile() calls and of a warm Compiler.
"""
import statistics
import sys
import time

import typst

source, font_dir, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
fresh = []
for _ in range(runs):
    t = time.perf_counter()
    pdf = typst.compile(source, font_paths=[font_dir], ignore_system_fonts=True)
    fresh.append(time.perf_counter() - t)
compiler = typst.Compiler(source, font_paths=[font_dir], ignore_system_fonts=True)
warm = []
for i in range(runs):
    t = time.perf_counter()
    # A different input each time, so memoisation cannot return the last PDF whole.
    compiler.compile(sys_inputs={"run": str(i)})
    warm.append(time.perf_counter() - t)
print(f"typst_fresh_ms {statistics.median(fresh) * 1000:.2f}")
print(f"typst_warm_ms {statistics.median(warm) * 1000:.2f}")
print(f"typst_pdf_bytes {len(pdf)}")
