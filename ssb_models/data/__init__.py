"""Published data and fitting (``docs/compare.md``, ``docs/validation.md``):

* :mod:`.datasets`: the shipped datasets and users' own files (CSV + TOML metadata);
* :mod:`.compare`: one dataset against a cell's simulation (``ssb compare``);
* :mod:`.validate`: every shipped dataset against its cell (``ssb validate``);
* :mod:`.fit`: parameters estimated from datasets (``ssb fit``), by least squares or
  with PyBOP.

Nothing is imported here, so ``import ssb_models.data.datasets`` stays light.
"""
