"""cut_off_word, the words every front-end tells a request a stop cut off: a painting of it sent
(painting_sent) turns only "send it again" into "send again only the photos whose paintings you
didn't get"; what the layer kept, dropped or names of an album's rest comes first."""
from __future__ import annotations

from bot.cut_off_word import cut_off_word


class LayerSays:
    """The command layer's readings at a stop, for request 7."""

    def __init__(self, dropped=None, held=False, rest=None, fails=False):
        self.dropped, self.held, self.rest, self.fails = dropped, held, rest, fails

    def dropped_by(self, seq):
        if self.fails:
            raise OSError("the store is gone")
        return self.dropped

    def held_over(self, seq):
        return self.held

    def album_rest_at_stop(self, seq):
        return self.rest


def test_a_request_a_painting_of_which_was_sent_is_told_to_send_only_the_rest():
    assert cut_off_word(LayerSays(), 7) == ("busy_restarting", {})
    assert cut_off_word(LayerSays(), 7, painting_sent=True, photos=2) == ("album_cut_off_restarting", {})
    assert cut_off_word(LayerSays(fails=True), 7, painting_sent=True, photos=2) == ("album_cut_off_restarting", {})
    assert cut_off_word(None, None, painting_sent=True, photos=3) == ("album_cut_off_restarting", {})


def test_a_single_photo_whose_painting_was_sent_is_told_nothing():
    """Its painting is there (only its end line was cut off): "I couldn't finish your album" confused."""
    assert cut_off_word(LayerSays(), 7, painting_sent=True, photos=1) is None
    assert cut_off_word(LayerSays(), 7, painting_sent=True) is None             # (one photo, unless said)
    assert cut_off_word(LayerSays(fails=True), 7, painting_sent=True, photos=1) is None
    assert cut_off_word(LayerSays(), 7, photos=1) == ("busy_restarting", {})    # none sent: send it again


def test_what_the_layer_kept_dropped_or_names_comes_before_a_painting_sent():
    assert cut_off_word(LayerSays(dropped="forget"), 7, painting_sent=True) is None
    assert cut_off_word(LayerSays(held=True), 7, painting_sent=True) is None
    rest = ("album_last_restarting", {"n": 1})
    assert cut_off_word(LayerSays(rest=rest), 7, painting_sent=True, photos=2) == rest
