"""engine.adain.mean_std gives the same statistics in either memory layout."""
import pytest
import torch

from engine import adain


@pytest.mark.parametrize("dtype", [torch.float32, torch.bfloat16])
@pytest.mark.parametrize("shape", [(1, 16, 97, 131), (2, 8, 5, 7)])     # the first: several chunks
def test_channels_last_statistics_are_the_plain_ones(shape, dtype, monkeypatch):
    monkeypatch.setattr(adain, "STATS_ROWS", 1000)
    torch.manual_seed(0)
    feat = (torch.relu(torch.randn(shape)) * 3 + 5).to(dtype)   # a mean far from 0: cancellation would show
    plain_mean, plain_std = adain.mean_std(feat)
    cl = feat.contiguous(memory_format=torch.channels_last)
    mean, std = adain.mean_std(cl)
    assert mean.shape == std.shape == (shape[0], shape[1], 1, 1)
    torch.testing.assert_close(mean, plain_mean, rtol=1e-5, atol=1e-5)
    torch.testing.assert_close(std, plain_std, rtol=1e-5, atol=1e-5)


def test_channels_last_statistics_keep_their_gradient():
    feat = torch.rand(1, 4, 9, 9).contiguous(memory_format=torch.channels_last).requires_grad_()
    mean, std = adain.mean_std(feat)
    (mean.sum() + std.sum()).backward()
    assert feat.grad is not None and torch.isfinite(feat.grad).all() and feat.grad.abs().sum() > 0
