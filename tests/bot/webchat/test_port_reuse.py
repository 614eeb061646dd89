"""Review of bcaf6af's reserve_web_port: it set SO_REUSEADDR everywhere. On Windows that option
lets a socket bind a port another program listens on (the taken port went unseen, and the two
shared it); asyncio sets it on POSIX only, as reserve_web_port does now."""
from __future__ import annotations

import socket

import pytest

from bot import web_port


@pytest.mark.parametrize("os_name, platform, reused", [("posix", "linux", True), ("nt", "win32", False),
                                                       ("posix", "cygwin", False)])
def test_so_reuseaddr_only_where_it_is_about_time_wait(monkeypatch, os_name, platform, reused):
    monkeypatch.setattr(web_port.os, "name", os_name)
    monkeypatch.setattr(web_port.sys, "platform", platform)
    [sock] = web_port.reserve_web_port("127.0.0.1", 0)
    try:
        assert bool(sock.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR)) is reused
    finally:
        sock.close()
