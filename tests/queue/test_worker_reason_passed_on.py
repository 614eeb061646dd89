"""A worker's ERROR line of engine.worker is its reason for not starting (HeldOutput.reason): it
was looked for in the lines still held only, so a worker whose lines had been written on already
(past HELD_LINES, or HOLD_S of loading) gave none, and the bot's exit line pointed at "the line above"."""
from __future__ import annotations

import asyncio

from engine.held_output import HELD_LINES, HeldOutput


class Lines:
    def __init__(self) -> None:
        self.lines: list[bytes] = []

    def put(self, line: bytes) -> None:
        self.lines.append(line)


async def test_the_reason_is_found_in_lines_written_on_already():
    stream, writer = asyncio.StreamReader(), Lines()
    output = HeldOutput(stream, writer)
    stream.feed_data(b"2026-12-07 INFO engine.worker: loading\n" * (HELD_LINES + 5))     # released: passing on
    stream.feed_data(b'{"t":"x","level":"ERROR","logger":"engine.worker","pid":1,"msg":"device \'cuda\': no GPU"}\n')
    stream.feed_data(b"2026-12-07 INFO engine.worker: exiting\n")
    stream.feed_eof()
    await asyncio.wait_for(output.task, 1)
    assert output.passing and not output.held
    assert output.reason() == "device 'cuda': no GPU"


async def test_a_text_error_line_of_another_logger_is_no_reason():
    stream = asyncio.StreamReader()
    output = HeldOutput(stream, Lines())
    stream.feed_data(b"2026-12-07 ERROR torch.cuda: something else\n2026-12-07 ERROR engine.worker: the reason\n"
                     b"2026-12-07 ERROR other: not this\n")
    stream.feed_eof()
    await asyncio.wait_for(output.task, 1)
    assert output.reason() == "the reason"
