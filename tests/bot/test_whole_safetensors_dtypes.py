"""whole_safetensors judges a style file's layout, whatever its tensors' dtype: a whole file of
bfloat16 tensors (numpy has no such dtype) raised KeyError out of it, and the failed painting's
reply with it (found in review); a cut one is still not whole."""
import torch
from safetensors.torch import save

from bot.commands import whole_safetensors


def test_a_whole_bfloat16_file_is_whole_and_a_cut_one_is_not():
    data = save({"mean": torch.zeros(4, dtype=torch.bfloat16), "std": torch.ones(4, dtype=torch.float16)})
    assert whole_safetensors(data)
    assert not whole_safetensors(data[:-3])
