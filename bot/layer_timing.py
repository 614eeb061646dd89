"""The command layer's waits, in one module that CommandLayer and its mixins read as module
attributes (``layer_timing.ORDER_WAIT_S``) when they wait: tests shorten them here
(monkeypatch.setattr(layer_timing, "ORDER_WAIT_S", ...)), and a name copied into another module
would leave such a patch silently doing nothing. bot.commands does not re-export them, so a patch
of the old place fails loudly."""
from __future__ import annotations

SETTLE_WAIT_S = 10.0        # /cancel waits this long, at most, for earlier requests to reach the queue
ORDER_WAIT_S = 10.0         # a message waits this long, at most, for the user's earlier ones (_after_earlier)
# ... but a repaint of the user's last painting (/stronger, a bare /hq) waits this long for an
# earlier message still with its front-end (its photos downloading, in any chat): as long as
# Telegram fetches one (getFile and the file, each tried again for 60 s, and a margin: 150 s)
DOWNLOAD_WAIT_S = 150.0
WAITING_NOTE_S = 4.0        # ... and after this long of it, says that it waits for the photo (once)
EDIT_INTERVAL_S = 1.0      # at most one progress edit a second (Telegram allows ~20 a minute in groups)
