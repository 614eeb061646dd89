"""The picture of a link's embed: a GIF from Discord's GIF picker (Tenor, Giphy) comes as a
message whose content is the GIF's link and whose embed (type "gifv") carries a still of it as its
thumbnail, and a link to a picture unfurls to an embed of type "image". The bot paints that picture
as it paints an attached one (DiscordFrontend._read: the same size and type checks), read from
Discord's own media proxy only: the embed's proxy_url on media.discordapp.net,
images-ext-N.discordapp.net or cdn.discordapp.com. The link itself, or any other host an embed
names, is never fetched: a user choosing what the bot downloads could make it call hosts on its
own network (SSRF). Discord often adds a link's embed a moment after the message (a
MESSAGE_UPDATE without an edit): discord_messages waits EMBED_WAIT_S for it where the link is a GIF
provider's (awaits_embed); a link to a picture elsewhere is painted where its embed came with it."""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import aiohttp
import discord
from yarl import URL

PICTURE_EMBEDS = ("gifv", "image")      # a GIF picker's GIF, a link to a picture (not an article's preview)
MEDIA_HOSTS = {"media.discordapp.net", "cdn.discordapp.com"}
EXTERNAL_PROXY = re.compile(r"images-ext-[0-9]+\.discordapp\.net")     # (not \d: "images-ext-١" is a Unicode digit)
LINK = re.compile(r"(?<!\S)<?https?://\S+?>?(?!\S)")
# the GIF picker's providers and their short links (media.tenor.com, media1.giphy.com: their hosts'
# subdomains too): a link of theirs gets its GIF's embed, a link elsewhere rarely a picture's
GIF_PROVIDERS = ("tenor.com", "tenor.co", "giphy.com", "gph.is")
EMBED_WAIT_S = 3.0                      # how long a link's embed is waited for after its message
READ_TIMEOUT = aiohttp.ClientTimeout(total=60, sock_connect=10)
CHUNK = 64 * 1024


def on_discord_media(url: str | None) -> bool:
    """Whether ``url`` is on Discord's media proxy or CDN (https, its port, no user:password@), or on
    the CDN discord.py is pointed at (``discord.asset.Asset.BASE``: a test's fake on 127.0.0.1).
    Parsed by yarl, as aiohttp parses the URL it fetches: the host checked is the host called."""
    if not url:
        return False
    try:
        parts = URL(url)
        port = parts.port
    except ValueError:
        return False
    if parts.user is not None or parts.password is not None or not parts.absolute:
        return False
    host = parts.raw_host            # (the host as connected to: an IDNA name in its xn-- form)
    if parts.scheme == "https" and port == 443 and (host in MEDIA_HOSTS or EXTERNAL_PROXY.fullmatch(host or "")):
        return True
    cdn = URL(discord.asset.Asset.BASE)
    return (parts.scheme, host, port) == (cdn.scheme, cdn.raw_host, cdn.port)


def picture_url(embed: discord.Embed) -> str | None:
    """The URL of an embed's picture on Discord's media hosts (its image, else its thumbnail; the
    proxy's copy first), None for an embed of no picture (an article's preview, a video's)."""
    if embed.type not in PICTURE_EMBEDS:
        return None
    for media in (embed.image, embed.thumbnail):
        for url in (media.proxy_url, media.url):
            if on_discord_media(url):
                return url
    return None


class TooLarge(Exception):
    """An embed's picture past the upload limit, found while reading it: its ``size`` in bytes (as
    its Content-Length says, else as much as was read before stopping)."""

    def __init__(self, size: int):
        super().__init__(size)
        self.size = size


@dataclass
class EmbedPicture:
    """An embed's picture as DiscordFrontend._read takes an attachment: its name, type and size
    unknown until read (read with a limit: ``read``), through discord.py's proxy settings."""
    url: str
    http: discord.http.HTTPClient
    size: int = 0
    content_type: str | None = None

    @property
    def filename(self) -> str:
        return urlsplit(self.url).path.rsplit("/", 1)[-1]

    async def read(self, limit: int) -> bytes:
        """Its bytes, stopped past ``limit`` (TooLarge) as they come: no size is told beforehand, and
        discord.py's get_from_cdn reads a whole body, however big. Our own aiohttp session, not
        discord.py's (private): redirects are not followed (a 3xx to another host is an error, as
        any answer but 200: aiohttp.ClientResponseError), and the URL is checked again here."""
        if not on_discord_media(self.url):
            raise aiohttp.InvalidURL(self.url)
        async with aiohttp.ClientSession(timeout=READ_TIMEOUT) as session:
            async with session.get(URL(self.url), allow_redirects=False,
                                   proxy=self.http.proxy, proxy_auth=self.http.proxy_auth) as resp:
                if resp.status != 200:
                    raise aiohttp.ClientResponseError(resp.request_info, resp.history, status=resp.status,
                                                      message=resp.reason or "")
                if resp.content_length is not None and resp.content_length > limit:
                    raise TooLarge(resp.content_length)
                data = bytearray()
                async for chunk in resp.content.iter_chunked(CHUNK):
                    data += chunk
                    if len(data) > limit:
                        raise TooLarge(len(data))
                return bytes(data)


def embed_pictures(message: discord.Message, http: discord.http.HTTPClient) -> list[EmbedPicture]:
    """The pictures of a message's GIF and picture embeds, each once, to read as attachments; a
    forward's are in its snapshot (as its files are: discord_messages.attachments_of)."""
    embeds = [*message.embeds, *(e for snap in getattr(message, "message_snapshots", None) or ()
                                 for e in snap.embeds)]
    urls = dict.fromkeys(url for embed in embeds if (url := picture_url(embed)) is not None)
    return [EmbedPicture(url, http) for url in urls]


def is_gif_link(link: str) -> bool:
    """Whether ``link`` (as LINK finds it) is a GIF provider's that Discord unfurls: not one in <>,
    which the user sent with its embed suppressed."""
    if link.startswith("<"):
        return False
    try:
        host = URL(link).host or ""
    except ValueError:
        return False
    return any(host == p or host.endswith("." + p) for p in GIF_PROVIDERS)


def awaits_embed(message: discord.Message) -> bool:
    """Whether a message may yet get a GIF's embed: a GIF provider's link in it, no file, no
    picture's embed yet. Any other link is answered at once (it waited EMBED_WAIT_S for an
    embed that seldom is a picture)."""
    return any(is_gif_link(m[0]) for m in LINK.finditer(message.content)) and not message.attachments and \
        not any(picture_url(embed) for embed in message.embeds)


def without_embedded_links(text: str, message: discord.Message) -> str:
    """``text`` without the links whose embeds are its pictures: a GIF's link is no caption."""
    linked = {embed.url for embed in message.embeds if embed.url and picture_url(embed)}
    return LINK.sub(lambda m: "" if m[0].strip("<>") in linked else m[0], text).strip() if linked else text
