from .solid_state_dfn import SSB_OPTIONS, SolidStateDFN

__all__ = ["SolidStateDFN", "SSB_OPTIONS"]
