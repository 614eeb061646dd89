"""The split of a training folder (review TR15): a folder whose hashed validation photos cannot be
read holds a readable one out instead, and a folder whose only readable photos are the validation
ones trains on them (the verdict then reuses them, with a note) instead of "no training photos"."""
from __future__ import annotations

from tests.engine.test_training import hash_order, small_folder, unheld_names


def validation_names(folder, count, prefix="v"):
    from engine.train_split import is_validation

    return [n for n in (f"{prefix}{i}.jpg" for i in range(400)) if is_validation(folder / n)][:count]


def test_unreadable_hashed_validation_photos_give_way_to_a_readable_one(tmp_path):
    from engine.train_split import first_readable, list_images

    content = tmp_path / "content"
    names = small_folder(content, 5)
    for name in validation_names(content, 2):
        (content / name).write_bytes(b"\xff\xd8\xff\xe0 cut short")
    val = list_images(content, "val")
    assert first_readable(val) is not None                  # the verdict has a photo to judge on
    picked = hash_order(names)[0]
    assert picked in [p.name for p in val]
    assert picked not in [p.name for p in list_images(content, "train")]    # not trained on


def test_the_only_readable_photo_in_the_validation_tenth_trains(tmp_path):
    from engine.train_split import list_images, validation_reused

    content = tmp_path / "content"
    content.mkdir()
    (name,) = validation_names(content, 1)
    (src,) = small_folder(tmp_path / "src", 1)
    (content / name).write_bytes((tmp_path / "src" / src).read_bytes())
    assert [p.name for p in list_images(content, "train")] == [name]
    assert [p.name for p in list_images(content, "val")] == [name]     # reused by the verdict
    assert validation_reused(content)


def test_unreadable_training_photos_beside_a_readable_validation_one(tmp_path):
    from engine.train_split import list_images, validation_reused

    content = tmp_path / "content"
    small_folder(content, 2, broken=set(unheld_names(content, 2)))
    (src,) = small_folder(tmp_path / "src", 1)
    (name,) = validation_names(content, 1)
    (content / name).write_bytes((tmp_path / "src" / src).read_bytes())
    assert name in [p.name for p in list_images(content, "train")]
    assert validation_reused(content)


def test_a_usual_folder_keeps_its_split_and_reuses_nothing(tmp_path):
    from engine.train_split import list_images, validation_reused

    content = tmp_path / "content"
    names = small_folder(content, 4)
    (held,) = validation_names(content, 1)
    (content / held).write_bytes((content / names[0]).read_bytes())
    assert [p.name for p in list_images(content, "val")] == [held]
    assert sorted(p.name for p in list_images(content, "train")) == sorted(names)
    assert not validation_reused(content)


def test_train_artist_trains_on_a_single_held_out_photo_and_says_the_verdict_reuses_it(tmp_path, photo, painting,
                                                                                        monkeypatch):
    from dataclasses import replace

    from engine.train_adaptive import train_artist
    from tests.engine.test_training import tiny_artist_cfg

    cfg = tiny_artist_cfg(tmp_path, photo, painting, monkeypatch)
    content = tmp_path / "one" / "content"
    content.mkdir(parents=True)
    (name,) = validation_names(content, 1)
    photo.resize((80, 72)).save(content / name)
    logs = []
    assert train_artist(replace(cfg, data=tmp_path / "one"), log=logs.append).iteration == 1
    assert "1 photos" in logs
    assert any(line.startswith("note: the only readable photo") and "trained on" in line for line in logs), logs
