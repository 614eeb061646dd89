"""A GIF from Discord's GIF picker is a message whose content is the GIF's link (Tenor, Giphy) and
whose embed (type "gifv") carries a still of it on Discord's media proxy: painted from that still
(bot/discord_embeds.py), read as an attachment is read. It was "no photo". The embed often comes a
moment later, in a MESSAGE_UPDATE with no edit: waited for. Only Discord's own media hosts are
read: a host an embed (or the user's link) names is never fetched."""
from __future__ import annotations

import asyncio
import io

import discord
import pytest
from PIL import Image

from bot.discord_embeds import is_gif_link, on_discord_media
from bot.messages import t

from tests.bot.conftest import make_photo
from tests.bot.discord import test_discord, test_discord_limits
from tests.bot.discord.test_discord import USER
from tests.bot.discord.test_discord_flows import forwarding, stylize
from tests.bot.discord.test_discord_messages import DM, painted_reply, replies_to
from tests.bot.fake_discord import APP_ID, edited_message, user_message

fake_api = test_discord.fake_api
discord_fast = test_discord_limits.discord_fast

TENOR = "https://tenor.com/view/cat-typing-gif-12345"


@pytest.fixture
def discord_cdn(discord_fast, monkeypatch):
    """The fake, as the CDN discord.py knows (Asset.BASE): its proxy_urls are Discord's media hosts."""
    fake, frontend = discord_fast
    monkeypatch.setattr(discord.asset.Asset, "BASE", fake.base)
    return fake, frontend


def gifv(proxy_url: str) -> dict:
    """A GIF picker's embed, its still (thumbnail) at ``proxy_url``, its video beside it."""
    return {"type": "gifv", "url": TENOR, "provider": {"name": "Tenor", "url": "https://tenor.co"},
            "thumbnail": {"url": "https://media.tenor.com/abc/cat.png", "proxy_url": proxy_url,
                          "width": 160, "height": 120},
            "video": {"url": "https://media.tenor.com/abc/cat.mp4", "proxy_url": proxy_url + ".mp4",
                      "width": 160, "height": 120}}


def gif_message(embeds: list[dict], content: str = TENOR) -> dict:
    msg = user_message(USER, DM, content)
    msg["embeds"] = embeds
    return msg


def still(fake, name: str = "cat.png") -> str:
    return fake.add_attachment(name, make_photo(160, 120), "image/png")["proxy_url"]


async def offered_artists(fake, msg: dict) -> None:
    """The reply to a picture alone (no caption: the GIF's link is none): the artists to paint it."""
    [reply] = await fake.wait_for(lambda: replies_to(fake, DM, msg), timeout=15)
    assert reply["content"] == t("en", "pick_artist") and reply["components"], reply["content"]


@pytest.mark.parametrize("url", ["https://media.discordapp.net/external/x/cat.png",
                                 "https://images-ext-1.discordapp.net/external/x/cat.png",
                                 "https://cdn.discordapp.com/attachments/1/2/cat.gif"])
def test_discords_media_hosts_are_read(url):
    assert on_discord_media(url)


@pytest.mark.parametrize("url", ["https://media.tenor.com/abc/cat.png", "http://media.discordapp.net/x.png",
                                 "https://media.discordapp.net.evil.example/x.png",
                                 "https://user:pw@media.discordapp.net/x.png",
                                 "https://media.discordapp.net:8080/x.png", "https://169.254.169.254/latest",
                                 "http://127.0.0.1:8080/cdn/x.png", "https://images-ext-x.discordapp.net/x.png",
                                 None, "", "https://[::1/x",
                                 # a Unicode digit (\\d matched it): another host once IDNA-encoded
                                 "https://images-ext-\u0661.discordapp.net/x.png",
                                 "https://media.discordapp.net\\@evil.example/x.png", "https:/media.discordapp.net/x"])
def test_other_hosts_are_not(url):
    assert not on_discord_media(url)


@pytest.mark.slow
async def test_a_gif_pickers_gif_is_painted_from_its_still(discord_cdn):
    fake, _ = discord_cdn
    msg = gif_message([gifv(still(fake))])
    await fake.dispatch("MESSAGE_CREATE", msg)
    await offered_artists(fake, msg)
    assert fake.downloaded == ["cat.png"]          # the still, never the video or the link


@pytest.mark.slow
async def test_its_embed_coming_in_an_update_just_after_is_waited_for(discord_cdn):
    fake, _ = discord_cdn
    msg = gif_message([])
    await fake.dispatch("MESSAGE_CREATE", msg)
    await asyncio.sleep(0.5)
    await fake.dispatch("MESSAGE_UPDATE", {**msg, "embeds": [gifv(still(fake))]})     # (no edited_timestamp)
    await offered_artists(fake, msg)
    await asyncio.sleep(1)
    assert len(replies_to(fake, DM, msg)) == 1 and fake.downloaded == ["cat.png"]     # answered once


@pytest.mark.slow
async def test_an_embed_on_another_host_is_not_fetched(discord_cdn):
    fake, _ = discord_cdn
    # the fake itself, by another name: it would serve the file where the bot fetched it
    elsewhere = still(fake).replace("127.0.0.1", "localhost")
    msg = gif_message([gifv(elsewhere)])
    await fake.dispatch("MESSAGE_CREATE", msg)
    [told] = await fake.wait_for(lambda: replies_to(fake, DM, msg), timeout=15)
    assert not told["files"] and fake.downloading == []


@pytest.mark.slow
async def test_a_still_over_the_upload_limit_is_refused_as_a_file_is(discord_cdn, settings):
    fake, _ = discord_cdn
    settings.MAX_UPLOAD_MB = 0.001
    msg = gif_message([gifv(still(fake))])
    await fake.dispatch("MESSAGE_CREATE", msg)
    [told] = await fake.wait_for(lambda: replies_to(fake, DM, msg), timeout=15)
    assert not told["files"]
    assert t("en", "file_too_large", size=0.0, limit=0.001).split()[0] in told["content"], told["content"]


@pytest.mark.slow
async def test_stylize_on_a_gif_pickers_gif_offers_the_artists(discord_cdn):
    fake, _ = discord_cdn
    target = fake.message(TENOR, channel_id="444")
    target["embeds"], target["author"] = [gifv(still(fake))], USER
    await fake.dispatch("INTERACTION_CREATE", stylize(fake, target, channel_id="444", guild_id="555"))
    await fake.wait_for(lambda: [m for m in fake.messages if m["components"]], timeout=15)
    assert fake.downloaded == ["cat.png"]


@pytest.mark.slow
async def test_a_reply_naming_an_artist_to_a_gif_in_a_dm_paints_it(discord_cdn):
    """Not the photo sent after it, which a reply to no picture would paint (the chat's last)."""
    fake, _ = discord_cdn
    gif = gif_message([gifv(still(fake))])
    fake.messages.append(gif)
    await fake.dispatch("MESSAGE_CREATE", gif)
    await offered_artists(fake, gif)
    later = user_message(USER, DM, "monet", [fake.add_attachment("dog.png", make_photo(100, 80), "image/png")])
    await fake.dispatch("MESSAGE_CREATE", later)
    await painted_reply(fake, DM, later, timeout=15)
    reply = user_message(USER, DM, "gogh", replying_to=gif)
    await fake.dispatch("MESSAGE_CREATE", reply)
    painted = await painted_reply(fake, DM, reply, timeout=15)
    assert Image.open(io.BytesIO(painted["files"]["painting.jpg"])).size == (160, 120)


@pytest.mark.slow
async def test_an_embed_coming_after_the_wait_is_not_acted_on(discord_cdn, monkeypatch):
    """The link was answered as it was (no picture: how to send one); the update that adds its
    embed later is no edit of the user's: no second reply, nothing downloaded."""
    fake, _ = discord_cdn
    monkeypatch.setattr("bot.discord_messages.EMBED_WAIT_S", 0.2)
    msg = gif_message([])
    await fake.dispatch("MESSAGE_CREATE", msg)
    [told] = await fake.wait_for(lambda: replies_to(fake, DM, msg), timeout=15)
    await fake.dispatch("MESSAGE_UPDATE", {**msg, "embeds": [gifv(still(fake))]})
    await asyncio.sleep(1)
    assert replies_to(fake, DM, msg) == [told] and fake.downloading == []


@pytest.mark.parametrize("link", ["https://tenor.com/view/cat-typing-gif-12345", "https://tenor.com/bXyZ.gif",
                                  "https://media.tenor.com/abc/cat.gif", "https://giphy.com/gifs/cat-abc",
                                  "https://media1.giphy.com/media/abc/giphy.gif", "https://gph.is/g/abc"])
def test_a_gif_providers_link_awaits_its_embed(link):
    assert is_gif_link(link)


@pytest.mark.parametrize("link", ["https://example.com/cat.gif", "https://tenor.com.evil.example/x",
                                  "https://nottenor.com/view/x", "<https://tenor.com/view/x>",   # (its embed suppressed)
                                  "https://[::1/x"])
def test_other_links_do_not(link):
    assert not is_gif_link(link)


@pytest.mark.slow
async def test_a_link_elsewhere_is_answered_without_waiting_for_an_embed(discord_cdn, monkeypatch):
    """Any link sent to the bot waited EMBED_WAIT_S (3 s) for an embed, which is a GIF's only from
    the GIF picker's providers."""
    fake, _ = discord_cdn
    monkeypatch.setattr("bot.discord_messages.EMBED_WAIT_S", 60)
    msg = gif_message([], content="what do you think of https://example.com/blog/my-cat")
    await fake.dispatch("MESSAGE_CREATE", msg)
    await fake.wait_for(lambda: replies_to(fake, DM, msg), timeout=15)


@pytest.mark.slow
async def test_a_giphy_short_link_waits_for_its_embed(discord_cdn, monkeypatch):
    fake, _ = discord_cdn
    monkeypatch.setattr("bot.discord_messages.EMBED_WAIT_S", 60)
    msg = gif_message([], content="https://gph.is/g/ZyXwVu")
    await fake.dispatch("MESSAGE_CREATE", msg)
    await asyncio.sleep(1)
    assert replies_to(fake, DM, msg) == []
    await fake.dispatch("MESSAGE_UPDATE", {**msg, "embeds": [{**gifv(still(fake)), "url": msg["content"]}]})
    await offered_artists(fake, msg)


@pytest.mark.slow
async def test_a_forwarded_gif_is_painted_from_its_still(discord_cdn):
    """Discord's Forward puts the GIF's embed in the message's snapshot (the message itself has no
    content nor embeds): a forwarded GIF was "no photo", to a DM as to Stylize."""
    fake, _ = discord_cdn
    msg = forwarding(fake, user_message(USER, DM, ""), [])
    msg["message_snapshots"][0]["message"]["embeds"] = [gifv(still(fake))]
    await fake.dispatch("MESSAGE_CREATE", msg)
    await offered_artists(fake, msg)
    assert fake.downloaded == ["cat.png"]
    await fake.dispatch("INTERACTION_CREATE", stylize(fake, {**msg, "channel_id": "444"}, channel_id="444",
                                                      guild_id="555"))
    await fake.wait_for(lambda: [m for m in fake.messages if m["components"] and m["channel_id"] == "444"],
                        timeout=15)
    assert fake.downloaded == ["cat.png", "cat.png"]


@pytest.mark.slow
async def test_an_artist_sent_while_its_embed_is_awaited_paints_the_gif(discord_cdn):
    """The GIF's link is numbered as it comes, before its embed is waited for (as a photo is before
    its download): "monet" sent meanwhile is after it, and paints its still. It came first, with
    no photo yet."""
    fake, _ = discord_cdn
    gif = gif_message([])
    await fake.dispatch("MESSAGE_CREATE", gif)
    await asyncio.sleep(0.3)
    monet = user_message(USER, DM, "monet")
    await fake.dispatch("MESSAGE_CREATE", monet)
    await asyncio.sleep(0.7)
    await fake.dispatch("MESSAGE_UPDATE", {**gif, "embeds": [gifv(still(fake))]})
    painted = await painted_reply(fake, DM, monet, timeout=15)
    assert Image.open(io.BytesIO(painted["files"]["painting.jpg"])).size == (160, 120)


@pytest.mark.slow
async def test_the_users_edit_that_comes_with_the_embed_is_acted_on(discord_cdn, monkeypatch):
    """An update with the user's edit (edited_at) that brings the awaited embed too: its text was
    dropped ("gogh" added to the GIF's link painted nothing); the GIF's offer, then the painting."""
    fake, _ = discord_cdn
    monkeypatch.setattr("bot.discord_messages.EMBED_WAIT_S", 60)
    msg = gif_message([])
    await fake.dispatch("MESSAGE_CREATE", msg)
    await asyncio.sleep(0.3)
    await fake.dispatch("MESSAGE_UPDATE", {**edited_message(msg, f"gogh {TENOR}"), "embeds": [gifv(still(fake))]})
    painted = await painted_reply(fake, DM, msg, timeout=15)
    assert Image.open(io.BytesIO(painted["files"]["painting.jpg"])).size == (160, 120)


@pytest.mark.slow
async def test_a_flood_of_gifs_downloads_only_the_stills_it_paints(discord_cdn, fake_queue, settings):
    """As a flood of photos (test_flood.py): the stills of the GIFs whose painting the user's
    limits refuse anyway are not read; each was."""
    settings.MAX_PENDING_PER_USER = 2
    fake_queue.delay = 8.0              # the first two paintings stay in progress while the rest come
    fake, _ = discord_cdn
    for i in range(6):
        msg = user_message(USER, "444", f"<@{APP_ID}> gogh {TENOR}", guild_id="555")
        msg["embeds"] = [gifv(still(fake, f"cat{i}.png"))]
        await fake.dispatch("MESSAGE_CREATE", msg)
    refusal = t("en", "too_many_pending", count=2)
    await fake.wait_for(lambda: [m for m in fake.messages if refusal in m["content"]], timeout=20)
    await fake.wait_for(lambda: len(fake_queue.jobs) >= 2, timeout=20)
    await asyncio.sleep(0.5)
    assert len(fake_queue.jobs) == 2 and len(fake.downloading) == 2, fake.downloading   # it was 6
