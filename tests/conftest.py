import os

os.environ["PYBAMM_DISABLE_TELEMETRY"] = "true"

import pytest

import ssb_models
from ssb_helpers import cell_parameters


@pytest.fixture(scope="session")
def pv():
    return cell_parameters()


@pytest.fixture(scope="session")
def ssb_model():
    return ssb_models.SolidStateDFN()
