"""The inference rewrites of engine/conv_rewrites.py compute what the plain layers compute."""
import pytest
import torch
import torch.nn.functional as F

from engine.adaptive import AdaptiveModel, NetConfig
from engine.conv_rewrites import add_pointwise_conv, channels_last_weight, space_to_depth_conv, upsample_conv


@pytest.mark.parametrize("channels_last", [False, True])
@pytest.mark.parametrize("shape", [(1, 8, 5, 7), (2, 4, 6, 6)])
def test_upsample_conv_is_upsample_pad_conv(shape, channels_last):
    torch.manual_seed(0)
    x = torch.randn(shape)
    w, b = torch.randn(3, shape[1], 3, 3), torch.randn(3)
    plain = F.conv2d(F.pad(F.interpolate(x, scale_factor=2, mode="nearest"), (1, 1, 1, 1), mode="reflect"), w, b)
    if channels_last:
        x = x.contiguous(memory_format=torch.channels_last)
    out = upsample_conv(x, w, b, channels_last=channels_last)
    assert torch.allclose(out, plain, atol=1e-5)
    assert out.is_contiguous(memory_format=torch.channels_last if channels_last else torch.contiguous_format)


@pytest.mark.parametrize("size,s", [((20, 28), 2), ((24, 32), 4), ((21, 28), 2)])   # the last: odd, falls back
def test_space_to_depth_conv_is_the_conv(size, s):
    torch.manual_seed(1)
    w, b = torch.randn(3, 6, 9, 9), torch.randn(3)
    x = torch.randn(1, 6, size[0] + 8, size[1] + 8)
    assert torch.allclose(space_to_depth_conv(x, w, b, s), F.conv2d(x, w, b), atol=1e-4)


def test_changed_weights_are_not_served_stale():
    torch.manual_seed(2)
    x = torch.randn(1, 4, 6, 6)
    conv = torch.nn.Conv2d(4, 2, 3)
    with torch.no_grad():
        first = upsample_conv(x, conv.weight, conv.bias)
        conv.weight.mul_(2)                       # in place, as an optimiser step does
        second = upsample_conv(x, conv.weight, conv.bias)
    assert not torch.allclose(first, second)
    plain = conv(F.pad(F.interpolate(x, scale_factor=2, mode="nearest"), (1, 1, 1, 1), mode="reflect"))
    assert torch.allclose(second, plain, atol=1e-5)


@pytest.mark.parametrize("batch", [1, 2])      # one picture on a CPU runs channels_last; a batch NCHW
@pytest.mark.parametrize("skips", [False, True])
def test_adaptive_inference_equals_the_trained_function(skips, batch):
    """The network paints the same with the rewrites (inference) as with the layers it trains."""
    torch.manual_seed(3)
    model = AdaptiveModel.new(NetConfig((8, 16, 16), 1, skips=skips))
    if skips:
        with torch.no_grad():
            model.net.skip_half.weight.normal_(0, 0.3)
            model.net.skip_full.weight.normal_(0, 0.3)
    model.add_artist("x")
    gamma, beta = model.artists["x"].gamma + 0.3 * torch.randn(model.net.style_size), model.artists["x"].beta
    photo = torch.rand(batch, 3, 37, 50)          # not a multiple of 4: padded and cropped
    trained = model.net(photo, gamma, beta).detach()
    with torch.inference_mode():
        painted = model.net(photo, gamma, beta)
    assert painted.shape == trained.shape == photo.shape
    assert torch.allclose(painted, trained, atol=1e-5)


@pytest.mark.parametrize("channels_last", [False, True])
@pytest.mark.parametrize("n", [1, 3])
def test_add_pointwise_conv_is_the_conv_and_the_add(n, channels_last):
    torch.manual_seed(0)
    y, x, w = torch.randn(n, 8, 13, 17), torch.randn(n, 6, 13, 17), torch.randn(8, 6, 1, 1)
    expected = y + F.conv2d(x, w)
    if channels_last:
        y, x = (t.contiguous(memory_format=torch.channels_last) for t in (y, x))
    out = add_pointwise_conv(y, x, w)
    torch.testing.assert_close(out, expected, atol=1e-5, rtol=1e-5)
    assert out.is_contiguous(memory_format=torch.channels_last if channels_last else torch.contiguous_format)


def test_channels_last_weight_is_the_same_weight_in_that_layout():
    conv = torch.nn.Conv2d(4, 6, 3)
    w = channels_last_weight(conv.weight)
    assert w.is_contiguous(memory_format=torch.channels_last) and torch.equal(w, conv.weight)
    assert channels_last_weight(conv.weight) is w            # built once
    with torch.no_grad():
        conv.weight.mul_(2)
    assert torch.equal(channels_last_weight(conv.weight), conv.weight)     # never stale
