"""A worker's progress bar redrawn in place (tqdm's download bar, "\r" ten times a second) gave a log
line per redraw through the bot. Its redraws are now passed on at most once every REDRAW_EVERY_S (5 s):
the first at once, then one per 5 s, and the bar's final state (its line ended by "\n") always;
lines ended by "\n" are never dropped."""
from __future__ import annotations

import asyncio

from engine.held_output import HeldOutput, LineSplitter
from engine.progress_redraws import REDRAW_EVERY_S, Redraws
from tests.queue.test_worker_progress_lines import Lines


def test_redraws_pass_once_every_few_seconds_and_the_final_state_always():
    assert REDRAW_EVERY_S == 5.0
    now = [100.0]
    lines = LineSplitter(Redraws(clock=lambda: now[0]))
    # (tqdm writes "\r" and the bar: a redraw is known ended by the next one's "\r")
    # the first redraw at once; those within 5 s of it not
    assert lines.feed(b"\r 1%|\r 2%|\r 3%|") == [b" 1%|\n"]
    now[0] += 4.9
    assert lines.feed(b"\r 4%|") == []
    now[0] += 0.1                                       # 5 s after the last one shown
    assert lines.feed(b"\r 5%|\r 6%|") == [b" 4%|\n"]
    now[0] += 1
    # the bar's end (its final state, "\n") and an ordinary line: always, however soon
    assert lines.feed(b" 7%|\r100%|\nINFO engine.worker: loaded\n") == [b"100%|\n", b"INFO engine.worker: loaded\n"]
    # the next bar's first redraw shows at once, 1 s after the last bar's
    now[0] += 1
    assert lines.feed(b"\rtraining 1/9\rtraining 2/9\r\n") == [b"training 1/9\n", b"training 2/9\n"]


def test_ordinary_lines_are_never_dropped():
    lines = LineSplitter(Redraws(clock=lambda: 0.0))
    many = b"".join(b"INFO line %d\n" % i for i in range(1000))
    assert lines.feed(many) == [b"INFO line %d\n" % i for i in range(1000)]
    assert lines.feed(b"a\r\nb\r\n") == [b"a\n", b"b\n"]       # "\r\n": an ordinary line end


async def test_a_download_bar_while_the_worker_loads_gives_two_lines_not_a_hundred():
    stream, writer = asyncio.StreamReader(), Lines()
    output = HeldOutput(stream, writer)                 # not ready yet: its lines are held
    bar = b"".join(b"\rmodel.safetensors: %3d%%|" % p for p in range(100))
    stream.feed_data(b"INFO engine.worker: loading\n" + bar)
    stream.feed_data(b"\rmodel.safetensors: 100%|\nINFO engine.worker: loaded\n")
    for _ in range(100):
        if len(output.held) >= 4:
            break
        await asyncio.sleep(0.01)
    output.release()                                    # ready
    stream.feed_eof()
    await asyncio.wait_for(output.task, 1)
    assert writer.lines == [b"INFO engine.worker: loading\n", b"model.safetensors:   0%|\n",
                            b"model.safetensors: 100%|\n", b"INFO engine.worker: loaded\n"]
