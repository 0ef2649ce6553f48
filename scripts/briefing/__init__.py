"""The briefing pipeline: ingest → segment → place → translate → render.

Each stage is a module of pure functions over plain data; `project` does the disk I/O and
`cli` is the thin command-line layer on top.
"""
