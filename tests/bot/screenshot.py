"""Make the README's screenshot of the web chat: `python -m tests.bot.screenshot docs/webchat.png`.

A synthetic landscape (no dataset images in the repository) painted as Van Gogh and Hokusai by
the real engine, in headless Chromium. Re-run it whenever the engine's weights change."""
import asyncio, math, random, sys, tempfile
from pathlib import Path
from PIL import Image, ImageDraw, ImageFilter
from aiohttp import web
from bot.commands import CommandLayer, engine_describer
from bot.settings import Settings
from bot.store import Store
from bot.webchat import create_app
from engine import load_engine
from engine.queue.memory import InProcessQueue
from tests.bot.webchat.test_webchat import _browser

def scene(w=480, h=360):
    rnd = random.Random(3)
    im = Image.new("RGB", (w, h)); d = ImageDraw.Draw(im)
    for y in range(h):
        t = y / h
        d.line([(0, y), (w, y)], fill=(int(90 + 120 * t), int(150 + 60 * t), int(230 - 40 * t)))
    d.ellipse([w*0.7, h*0.08, w*0.82, h*0.24], fill=(255, 236, 150))
    for i, (c, base) in enumerate([((70, 120, 80), 0.55), ((50, 100, 60), 0.65)]):
        pts = [(0, h)] + [(x, h*base - 40*math.sin(x/60 + i*2) - 20*math.sin(x/23)) for x in range(0, w+10, 10)] + [(w, h)]
        d.polygon(pts, fill=c)
    d.rectangle([0, h*0.8, w, h], fill=(60, 110, 170))
    for x in range(0, w, 6):
        d.line([(x, h*0.8 + rnd.random()*h*0.2), (x+4, h*0.8 + rnd.random()*h*0.2)], fill=(200, 220, 240))
    d.rectangle([w*0.18, h*0.5, w*0.38, h*0.72], fill=(230, 220, 200)); d.polygon([(w*0.15, h*0.5), (w*0.28, h*0.38), (w*0.41, h*0.5)], fill=(170, 60, 40))
    d.rectangle([w*0.25, h*0.6, w*0.3, h*0.72], fill=(90, 60, 40))
    for k in range(7):
        x = w*0.5 + k*28; d.rectangle([x, h*0.55, x+5, h*0.72], fill=(80, 50, 30)); d.ellipse([x-16, h*0.42, x+21, h*0.6], fill=(40+k*8, 110, 50))
    return im.filter(ImageFilter.SMOOTH)

async def main():
    tmp = Path(tempfile.mkdtemp())
    settings = Settings(_env_file=None, DATA_DIR=tmp / "data", MAX_SIDE=384)
    eng = load_engine()
    q = InProcessQueue(engine_factory=lambda: eng); await q.start()
    layer = CommandLayer(settings, Store(settings.DATA_DIR), q, describer=engine_describer(lambda: eng))
    runner = web.AppRunner(create_app(layer)); await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0); await site.start()
    url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/"
    photo = tmp / "lake.jpg"; scene().save(photo, quality=92)
    def drive():
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys
        from selenium.webdriver.support.ui import WebDriverWait
        d = _browser(tmp); d.set_window_size(1000, 1250)
        try:
            d.get(url); w = WebDriverWait(d, 120)
            w.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-connected") == "1")
            d.find_element(By.ID, "file").send_keys(str(photo))
            box = d.find_element(By.ID, "text"); box.send_keys("/style gogh"); box.send_keys(Keys.ENTER)
            w.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg.bot img.painting")) == 1)
            box.send_keys("/hokusai"); box.send_keys(Keys.ENTER)
            w.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg.bot img.painting")) == 2)
            import time; time.sleep(1)
            # from the photo sent: it, its painting with the links and buttons under it
            d.execute_script("const m = document.getElementById('messages'); "
                             "m.scrollTop = document.querySelector('.msg.me').offsetTop - m.offsetTop - 12")
            d.save_screenshot(sys.argv[1])
        finally:
            d.quit()
    await asyncio.to_thread(drive)
    await runner.cleanup(); await q.stop()

if __name__ == "__main__":
    asyncio.run(main())
