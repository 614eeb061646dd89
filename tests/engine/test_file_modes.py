"""Weights and descriptors are written with the umask's mode, not safetensors' 0600."""
import os


def test_saved_weights_get_the_umasks_mode(engine, photo, tmp_path):
    from engine.core import DEFAULT_DECODER
    from engine.train import export_decoder

    old = os.umask(0o022)
    try:
        engine.describe_style([photo]).save(tmp_path / "style.safetensors")
        export_decoder(DEFAULT_DECODER, tmp_path / "decoder.safetensors")
    finally:
        os.umask(old)
    for name in ("style.safetensors", "decoder.safetensors"):
        assert oct(os.stat(tmp_path / name).st_mode & 0o777) == oct(0o644), name


def test_the_mode_follows_the_umask(tmp_path):
    import torch

    from engine.file_modes import save_file

    old = os.umask(0o027)
    try:
        save_file({"x": torch.zeros(2)}, tmp_path / "x.safetensors", metadata={"a": "b"})
    finally:
        os.umask(old)
    assert oct(os.stat(tmp_path / "x.safetensors").st_mode & 0o777) == oct(0o640)
    assert os.umask(old) == old                 # the umask read is put back
