"""A worker's progress bar (tqdm's) redraws its line with "\r" and writes no "\n" until it is done:
read a line at a time up to "\n", it was held back whole and showed up only at its end (or never,
for a bar that stays open). A lone "\r" now ends a line too; what is passed on stays bounded."""
from __future__ import annotations

import asyncio

from engine.held_output import MAX_PARTIAL, HeldOutput, LineSplitter


class Lines:
    """A stand-in for the worker-log writer: the lines it was given."""
    def __init__(self) -> None:
        self.lines: list[bytes] = []

    def put(self, line: bytes) -> None:
        self.lines.append(line)


async def test_a_progress_bar_redrawn_with_cr_shows_up_as_it_goes():
    stream, writer = asyncio.StreamReader(), Lines()
    output = HeldOutput(stream, writer)
    output.release()                        # a ready worker: its lines pass as they come
    stream.feed_data(b"training:  10%|#         | 1/10\r")
    stream.feed_data(b"training:  50%|#####     | 5/10\r")
    for _ in range(50):
        if len(writer.lines) >= 1:
            break
        await asyncio.sleep(0.01)
    # the bar still open (no "\n" yet): its first redraw shows; the last waits to know a "\n" is not next
    assert writer.lines == [b"training:  10%|#         | 1/10\n"]
    stream.feed_data(b"training: 100%|##########| 10/10\r\n2026-12-07 INFO engine.worker: done\n")
    stream.feed_eof()
    await asyncio.wait_for(output.task, 1)
    # (the 50% redraw, within 5 s of the 10%: not passed on; test_worker_progress_throttled.py)
    assert writer.lines == [b"training:  10%|#         | 1/10\n",
                            b"training: 100%|##########| 10/10\n", b"2026-12-07 INFO engine.worker: done\n"]


def test_line_ends_split_across_reads_and_overlong_lines():
    lines = LineSplitter()
    assert lines.feed(b"a\r") == []                 # "\r" last: perhaps "\r\n"
    assert lines.feed(b"\nb\r\rc") == [b"a\n", b"b\n"]      # one line end, not an empty line
    assert lines.feed(b"x" * (MAX_PARTIAL * 2 + 5)) == [b"c" + b"x" * (MAX_PARTIAL - 1) + b"\n",
                                                         b"x" * MAX_PARTIAL + b"\n"]
    assert lines.end() == [b"x" * 6 + b"\n"]
    assert lines.end() == []
