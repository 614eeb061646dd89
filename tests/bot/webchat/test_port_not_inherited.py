"""Review of bcaf6af (a guard: passes before and after): the web chat's port is now taken before
the engine workers start. A worker that inherited the listening socket would keep the port after
the bot died (a restart: "WEB_PORT ... Address already in use" while the old worker lives). The
workers are started as here (asyncio's create_subprocess_exec: close_fds), and the reserved
sockets are not inheritable either (were a worker ever started with close_fds=False)."""
from __future__ import annotations

import asyncio
import sys

from bot.web_port import reserve_web_port


async def test_a_worker_started_after_the_reservation_holds_none_of_its_sockets():
    sockets = reserve_web_port("127.0.0.1", 0)
    try:
        assert all(not sock.get_inheritable() for sock in sockets)
        port = sockets[0].getsockname()[1]
        # what a child holds: the ports of its listening sockets
        script = ("import os, socket\n"
                  "for fd in map(int, os.listdir('/proc/self/fd')):\n"
                  "    try:\n"
                  "        s = socket.socket(fileno=os.dup(fd))\n"
                  "    except OSError:\n"
                  "        continue\n"
                  "    print(s.getsockname()[1] if s.family in (2, 10) else '')\n")
        for close_fds in (True, False):
            child = await asyncio.create_subprocess_exec(sys.executable, "-c", script, close_fds=close_fds,
                                                         stdout=asyncio.subprocess.PIPE)
            out, _ = await child.communicate()
            assert str(port) not in out.decode().split(), (close_fds, out)
    finally:
        for sock in sockets:
            sock.close()
