"""The picture of a link's embed: a GIF from Discord's GIF picker (Tenor, Giphy) comes as a
message whose content is the GIF's link and whose embed (type "gifv") carries a still of it as its
thumbnail, and a link to a picture unfurls to an embed of type "image". The bot paints that picture
as it paints an attached one (DiscordFrontend._read: the same size and type checks), read from
Discord's own media proxy only: the embed's proxy_url on media.discordapp.net,
images-ext-N.discordapp.net or cdn.discordapp.com. The link itself, or any other host an embed
names, is never fetched: a user choosing what the bot downloads could make it call hosts on its
own network (SSRF). Discord often adds a link's embed a moment after the message (a
MESSAGE_UPDATE without an edit): discord_messages waits EMBED_WAIT_S for it."""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import discord
from yarl import URL

PICTURE_EMBEDS = ("gifv", "image")      # a GIF picker's GIF, a link to a picture (not an article's preview)
MEDIA_HOSTS = {"media.discordapp.net", "cdn.discordapp.com"}
EXTERNAL_PROXY = re.compile(r"images-ext-[0-9]+\.discordapp\.net")     # (not \d: "images-ext-١" is a Unicode digit)
LINK = re.compile(r"(?<!\S)<?https?://\S+?>?(?!\S)")
EMBED_WAIT_S = 3.0                      # how long a link's embed is waited for after its message


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


@dataclass
class EmbedPicture:
    """An embed's picture as DiscordFrontend._read takes an attachment: its name, type and size
    unknown until read (the size is checked on the bytes), read through discord.py's CDN client."""
    url: str
    http: discord.http.HTTPClient
    size: int = 0
    content_type: str | None = None

    @property
    def filename(self) -> str:
        return urlsplit(self.url).path.rsplit("/", 1)[-1]

    async def read(self) -> bytes:
        return await self.http.get_from_cdn(self.url)


def embed_pictures(message: discord.Message, http: discord.http.HTTPClient) -> list[EmbedPicture]:
    """The pictures of a message's GIF and picture embeds, each once, to read as attachments."""
    urls = dict.fromkeys(url for embed in message.embeds if (url := picture_url(embed)) is not None)
    return [EmbedPicture(url, http) for url in urls]


def awaits_embed(message: discord.Message) -> bool:
    """Whether a message may yet get a picture's embed: a link in it, no file, no such embed yet."""
    return bool(LINK.search(message.content)) and not message.attachments and \
        not any(picture_url(embed) for embed in message.embeds)


def without_embedded_links(text: str, message: discord.Message) -> str:
    """``text`` without the links whose embeds are its pictures: a GIF's link is no caption."""
    linked = {embed.url for embed in message.embeds if embed.url and picture_url(embed)}
    return LINK.sub(lambda m: "" if m[0].strip("<>") in linked else m[0], text).strip() if linked else text
