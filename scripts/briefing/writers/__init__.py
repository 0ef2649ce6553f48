"""Writers: a localised page model (model.py) → one output format. Each has one function per
kind of block (its `WRITERS` registry) and knows its own format's syntax and escaping;
nothing else does."""
