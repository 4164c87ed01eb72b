from .solid_state_dfn import SolidStateDFN, SSB_OPTIONS

__all__ = ["SolidStateDFN", "SSB_OPTIONS"]
