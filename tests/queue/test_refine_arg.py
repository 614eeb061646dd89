"""`python -m engine.worker --device cpu --refine-steps 300` (the worker run by hand, or by an
operator's own unit) was refused with 'refine_steps must be a whole number from 0 to 200, not 300
(ENGINE_DEVICE, or the worker's --device)': the engine's refusal of the steps blamed the device.
The steps are checked first now and named as what they are."""
import pytest

from engine.worker import EngineSetupError, build_engine


def test_a_bad_refine_steps_is_not_blamed_on_the_device():
    with pytest.raises(EngineSetupError) as caught:
        build_engine("engine:load_engine", "cpu", 300)
    said = str(caught.value)
    assert "refine" in said.lower() and "ENGINE_DEVICE" not in said and "--device" not in said, said
