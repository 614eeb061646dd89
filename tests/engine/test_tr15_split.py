"""The split of a training folder (review TR15): a folder whose hashed validation photos cannot be
read holds a readable one out instead,."""
from __future__ import annotations

from tests.engine.test_tr11_training import hash_order, small_folder, unheld_names


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
