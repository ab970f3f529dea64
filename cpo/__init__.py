"""The ``cpo`` command line: sample, ingest, report, publish, serve (README.md, "The command line").

Importing it first sets how the memory allocators hand freed memory back, for this process and the dashboard
server `cpo serve` starts (which inherits the environment):

- polars allocates through jemalloc, which by default keeps freed pages for 10 s: computing an England-sized
  load's results peaked at 2.35 GB, and at 1.80 GB when pages go back after 200 ms, as fast. It must be set
  before polars is first imported; a value already in the environment is kept.
- glibc gives each new thread its own malloc arena, up to 8 per core, and keeps what each has held. The
  dashboard runs every page in a new thread, so its server grew from 300 to 338 MB over four visits of every
  page; with two arenas it holds 276 MB, as fast.
"""

import contextlib
import ctypes
import os
import sys

os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:200,muzzy_decay_ms:0")
os.environ.setdefault("MALLOC_ARENA_MAX", "2")  # read by glibc when a process starts: the server's
M_ARENA_MAX = -8  # glibc's mallopt parameter: this process has started already
if sys.platform == "linux":
    # Not glibc (musl has no per-thread arenas), or a value that is not a number: nothing to limit.
    with contextlib.suppress(OSError, AttributeError, ValueError):
        ctypes.CDLL("libc.so.6").mallopt(M_ARENA_MAX, int(os.environ["MALLOC_ARENA_MAX"]))
