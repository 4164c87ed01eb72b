from .solid_state_dfn import SSB_OPTIONS, SolidStateDFN
from .solid_state_spme import SolidStateSPMe

__all__ = ["SSB_OPTIONS", "SolidStateDFN", "SolidStateSPMe"]
