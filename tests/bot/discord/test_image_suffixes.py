"""Which of a message's files is a picture (bot.discord_messages.is_image): its content type, or
where Discord sends none, its name. AVIF, HEIF and JFIF, formats the bot reads, were not among the
names: Stylize on such a message, or a reply to it, said "no image"."""
from types import SimpleNamespace

import pytest

from bot.discord_messages import is_image, is_moving


def attachment(filename: str, content_type: str | None = None):
    return SimpleNamespace(filename=filename, content_type=content_type)


@pytest.mark.parametrize("name", ["photo.avif", "IMG_0001.HEIF", "saved.jfif", "IMG_0002.heic", "a.JPG", "b.webp"])
def test_a_picture_by_its_name(name):
    assert is_image(attachment(name)) and not is_moving(attachment(name))


@pytest.mark.parametrize("name,content_type", [("notes.txt", None), ("menu.pdf", "application/pdf"),
                                               ("clip.mp4", "video/mp4"), ("avif.txt", "text/plain")])
def test_not_a_picture(name, content_type):
    assert not is_image(attachment(name, content_type))


def test_the_content_type_wins_over_a_missing_suffix():
    assert is_image(attachment("download", "image/avif"))
