"""How a long-running web process tunes Python's garbage collector.

A request that makes a large answer (an OParl list of 100 meetings is some 40,000 values
built from 160 published snapshots) allocates hundreds of thousands of objects. With
Python's default thresholds each 700 allocations start a collection, and every tenth of
those walks the objects Django and the apps loaded at start-up, which never become garbage:
11 to 22 % of such a request went to the collector (measured on the OParl lists, decision
0036). So, once the application is loaded:

- ``gc.freeze()`` moves what start-up made out of the collector's view for good;
- the first generation is collected every ``GEN0_THRESHOLD`` allocations instead of 700.

Reference cycles are still collected, only in larger batches: the youngest generation holds
up to ``GEN0_THRESHOLD`` objects, and garbage that reaches the oldest waits longer (the older
generations' ratios are unchanged, so in proportion). The web worker (``wsgi.py``) and the
benchmark's in-process measurements (``bench/measure.py``) call ``tune_garbage_collector``,
so what the benchmark times is what the web worker runs.
"""

from __future__ import annotations

import gc

GEN0_THRESHOLD = 10_000


def tune_garbage_collector() -> None:
    """Freeze the objects loaded so far and raise the first generation's threshold."""
    gc.collect()
    gc.freeze()
    _gen0, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(GEN0_THRESHOLD, gen1, gen2)
