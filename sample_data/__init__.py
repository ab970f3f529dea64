"""A seeded, deterministic synthetic return (every file of docs/returns.md) and the Jersey sample.

`sample_data.generator.write_return(out, children=70, seed=2026)` writes one; `SAMPLE_RETURN_DIR` is the
committed Jersey-size return that the embedded database loads on first start. Imports polars and the standard
library only.
"""
