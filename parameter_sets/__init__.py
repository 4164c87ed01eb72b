"""Cell parameter sets, one file per cell (installed as ``ssb_models.parameter_sets``)."""
