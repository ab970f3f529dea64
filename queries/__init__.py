"""The database room: schema, engine, ingest and extracts. Nothing here imports Streamlit or metrics."""
