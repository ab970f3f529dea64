"""The ``cpo`` command line: sample, ingest, report, publish, serve (README.md, "The command line")."""
