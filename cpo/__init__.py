"""The ``cpo`` command line: sample, ingest, report, publish, serve (shared/design.md, "Command line")."""
