"""Pure polars: the indicator catalogue, one function per indicator, targets, disclosure and roles.

No Streamlit and no SQL here: every function takes polars frames (see `metrics.data.CareData`) and returns
polars frames.
"""
