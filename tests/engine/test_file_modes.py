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
        assert os.umask(0o027) == 0o027            # the umask is as it was (set back to it here)
    finally:
        os.umask(old)
    assert oct(os.stat(tmp_path / "x.safetensors").st_mode & 0o777) == oct(0o640)


def test_reading_the_umask_never_changes_it_for_other_threads(tmp_path):
    """It was read by setting it (to 077): files another thread made meanwhile came out 0600."""
    import threading

    from engine.file_modes import current_umask

    old = os.umask(0o022)
    stop, seen = threading.Event(), set()

    def reader():
        while not stop.is_set():
            current_umask()

    try:
        threads = [threading.Thread(target=reader) for _ in range(2)]
        for thread in threads:
            thread.start()
        for i in range(300):
            path = tmp_path / f"f{i}"
            path.write_bytes(b"")
            seen.add(os.stat(path).st_mode & 0o777)
        stop.set()
        for thread in threads:
            thread.join()
        assert seen == {0o644} and os.umask(0o022) == 0o022
    finally:
        stop.set()
        os.umask(old)
