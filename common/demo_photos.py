"""Demo photographs, drawn here with Pillow: no download, no third-party picture, same bytes each run.

Licence: these illustrations are made by this code for the Maillage demo and are dedicated to
the public domain (CC0 1.0, https://creativecommons.org/publicdomain/zero/1.0/). The credit
shown with them is ``DEMO_CREDIT``.

Each subject is a still life on a workshop table (or a Chartreuse landscape): a lit wall, a
wooden table with its grain, the object with its shading and a soft shadow — enough for the
cards and pages of the demo not to be empty, and for the responsive renditions to be real.
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 1600, 1067
DEMO_CREDIT = "Illustration Maillage (CC0)"
LICENCE_TEXT = """Demo pictures of Maillage (demo/*.jpg and renditions/demo/*)

Drawn by common/demo_photos.py for the Maillage demo data; no photograph or third-party work
is used. To the extent possible under law, the authors have dedicated these pictures to the
public domain: CC0 1.0 Universal, https://creativecommons.org/publicdomain/zero/1.0/
Credit (optional): « Illustration Maillage (CC0) ».
"""

RGB = tuple[int, int, int]


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))  # type: ignore[return-value]


def _vertical_gradient(
    draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], top: RGB, bottom: RGB
) -> None:
    x0, y0, x1, y1 = box
    for y in range(y0, y1):
        draw.line([(x0, y), (x1, y)], fill=_mix(top, bottom, (y - y0) / max(1, y1 - y0 - 1)))


def _scene(rng: random.Random, wall: RGB, table: RGB) -> tuple[Image.Image, int]:
    """A wall lit from the left and a wooden table; returns the image and the table's edge."""
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    horizon = int(HEIGHT * 0.58)
    _vertical_gradient(
        draw, (0, 0, WIDTH, horizon), _mix(wall, (255, 250, 240), 0.35), _mix(wall, (0, 0, 0), 0.12)
    )
    _vertical_gradient(
        draw, (0, horizon, WIDTH, HEIGHT), _mix(table, (255, 255, 255), 0.12), _mix(table, (0, 0, 0), 0.3)
    )
    for _ in range(70):  # wood grain
        y = rng.randint(horizon + 4, HEIGHT)
        shade = _mix(table, (0, 0, 0), rng.uniform(0.08, 0.22))
        amplitude, phase = rng.uniform(1, 5), rng.uniform(0, 6.3)
        points = [(x, y + amplitude * math.sin(x / 90 + phase)) for x in range(0, WIDTH + 40, 40)]
        draw.line(points, fill=shade, width=rng.randint(1, 3))
    light = Image.new("L", (WIDTH, HEIGHT), 0)
    ImageDraw.Draw(light).ellipse((-500, -600, 900, 700), fill=60)
    image = Image.composite(
        Image.new("RGB", image.size, (255, 244, 220)), image, light.filter(ImageFilter.GaussianBlur(180))
    )
    return image, horizon


def _shadow(image: Image.Image, box: tuple[int, int, int, int], strength: int = 110) -> Image.Image:
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).ellipse(box, fill=strength)
    return Image.composite(
        Image.new("RGB", image.size, (30, 22, 15)), image, mask.filter(ImageFilter.GaussianBlur(28))
    )


def _shaded_ellipse(draw: ImageDraw.ImageDraw, box, dark: RGB, light: RGB, steps: int = 24) -> None:
    x0, y0, x1, y1 = box
    for i in range(steps):
        t = i / steps
        inset_x = (x1 - x0) * t * 0.35
        inset_y = (y1 - y0) * t * 0.35
        draw.ellipse(
            (x0 + inset_x * 0.6, y0 + inset_y * 0.5, x1 - inset_x * 1.4, y1 - inset_y * 1.5),
            fill=_mix(dark, light, t),
        )


def _bowl(rng, image, horizon):
    cx, base = WIDTH // 2, horizon + 260
    image = _shadow(image, (cx - 420, base - 60, cx + 460, base + 70))
    draw = ImageDraw.Draw(image)
    wood_dark, wood_light = (112, 66, 30), (214, 160, 98)
    draw.pieslice((cx - 380, base - 520, cx + 380, base + 40), 0, 180, fill=wood_dark)
    for i in range(18):
        t = i / 18
        draw.arc(
            (cx - 380 + i * 6, base - 520 + i * 4, cx + 380 - i * 14, base + 40 - i * 8),
            10,
            170,
            fill=_mix(wood_dark, wood_light, t),
            width=14,
        )
    _shaded_ellipse(draw, (cx - 380, base - 330, cx + 380, base - 210), (70, 40, 18), (170, 116, 62))
    draw.ellipse((cx - 380, base - 330, cx + 380, base - 210), outline=(236, 190, 130), width=10)
    return image


def _vase(rng, image, horizon, glaze: RGB = (60, 110, 140)):
    cx, base = WIDTH // 2, horizon + 250
    image = _shadow(image, (cx - 300, base - 50, cx + 360, base + 60))
    draw = ImageDraw.Draw(image)
    for y in range(base - 620, base):
        t = (y - (base - 620)) / 620
        half = 90 + 190 * math.sin(math.pi * min(1.0, t * 1.1)) if t > 0.18 else 110 - 60 * t
        for x_off in range(int(-half), int(half), 6):
            light = 0.55 - 0.45 * (x_off / half)
            draw.line(
                [(cx + x_off, y), (cx + x_off + 6, y)],
                fill=_mix(
                    _mix(glaze, (0, 0, 0), 0.45),
                    _mix(glaze, (255, 255, 255), 0.35),
                    max(0.0, min(1.0, light)),
                ),
            )
    draw.ellipse((cx - 100, base - 640, cx + 100, base - 600), fill=_mix(glaze, (0, 0, 0), 0.6))
    return image


def _jars(rng, image, horizon, content: RGB = (214, 140, 24), lid: RGB = (200, 170, 60)):
    image = _shadow(image, (260, horizon + 220, 1380, horizon + 330))
    draw = ImageDraw.Draw(image)
    for i, cx in enumerate((480, 800, 1120)):
        top, bottom = horizon - 180 + i * 20, horizon + 280
        for x in range(cx - 140, cx + 140, 4):
            t = (x - (cx - 140)) / 280
            draw.line(
                [(x, top + 60), (x, bottom)],
                fill=_mix(_mix(content, (255, 255, 255), 0.35), _mix(content, (0, 0, 0), 0.35), t),
            )
        draw.rounded_rectangle((cx - 150, top, cx + 150, top + 70), radius=16, fill=lid)
        if lid == (200, 40, 40):  # gingham cover of a jam jar
            for gx in range(cx - 150, cx + 150, 30):
                draw.line([(gx, top), (gx, top + 70)], fill=(245, 235, 225), width=10)
        draw.rectangle((cx - 100, top + 170, cx + 100, top + 290), fill=(246, 238, 218))
        draw.line([(cx - 70, top + 215), (cx + 70, top + 215)], fill=(120, 90, 60), width=6)
        draw.line([(cx - 50, top + 245), (cx + 50, top + 245)], fill=(150, 120, 90), width=4)
        draw.line([(cx - 110, top + 90), (cx - 110, bottom - 20)], fill=(255, 255, 240), width=8)
    return image


def _knife(rng, image, horizon):
    image = _shadow(image, (300, horizon + 180, 1400, horizon + 300), 90)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((260, horizon + 40, 1340, horizon + 330), radius=40, fill=(176, 120, 70))
    for i in range(12):
        y = horizon + 60 + i * 22
        draw.line([(280, y), (1320, y + rng.randint(-6, 6))], fill=(150, 98, 54), width=3)
    draw.polygon(
        [(420, horizon + 150), (1000, horizon + 130), (1120, horizon + 175), (420, horizon + 210)],
        fill=(196, 202, 208),
    )
    draw.line(
        [(420, horizon + 150), (1000, horizon + 130), (1120, horizon + 175)], fill=(240, 244, 248), width=6
    )
    draw.rounded_rectangle((180, horizon + 140, 440, horizon + 222), radius=30, fill=(92, 54, 28))
    for x in (240, 320, 400):
        draw.ellipse((x - 9, horizon + 172, x + 9, horizon + 190), fill=(214, 190, 120))
    return image


def _weave(rng, image, horizon):
    draw = ImageDraw.Draw(image)
    colours = [(150, 40, 50), (230, 200, 150), (60, 90, 120), (200, 130, 60)]
    x0, y0, x1, y1 = 240, 120, 1360, horizon + 320
    band = 36
    for row, y in enumerate(range(y0, y1, band)):
        for col, x in enumerate(range(x0, x1, band)):
            over = (row + col) % 2 == 0
            colour = colours[(row // 3) % len(colours)] if over else colours[(col // 4 + 1) % len(colours)]
            draw.rounded_rectangle(
                (x + 2, y + 2, x + band - 2, y + band - 2),
                radius=8,
                fill=_mix(colour, (0, 0, 0), 0.0 if over else 0.2),
            )
    for x in range(x0, x1, 8):
        draw.line([(x, y1), (x + rng.randint(-10, 10), y1 + 60)], fill=(230, 200, 150), width=3)
    return image


def _cheese(rng, image, horizon):
    cx, base = WIDTH // 2, horizon + 280
    image = _shadow(image, (cx - 520, base - 70, cx + 540, base + 60))
    draw = ImageDraw.Draw(image)
    draw.rectangle((cx - 480, base - 260, cx + 480, base - 60), fill=(204, 168, 96))
    draw.ellipse((cx - 480, base - 130, cx + 480, base + 10), fill=(186, 150, 80))
    _shaded_ellipse(draw, (cx - 480, base - 340, cx + 480, base - 190), (226, 196, 120), (246, 226, 160))
    draw.polygon([(cx, base - 265), (cx + 470, base - 280), (cx + 300, base - 195)], fill=(250, 236, 180))
    for _ in range(14):
        x, y = rng.randint(cx - 360, cx + 300), rng.randint(base - 320, base - 220)
        draw.ellipse((x, y, x + 18, y + 10), fill=(220, 190, 120))
    return image


def _bottle(rng, image, horizon):
    image = _shadow(image, (520, horizon + 220, 1200, horizon + 320))
    draw = ImageDraw.Draw(image)
    cx, base = 700, horizon + 290
    for x in range(cx - 130, cx + 130, 4):
        t = (x - (cx - 130)) / 260
        draw.line([(x, base - 520), (x, base)], fill=_mix((70, 150, 70), (10, 50, 20), t))
    draw.polygon(
        [(cx - 130, base - 520), (cx - 45, base - 640), (cx + 45, base - 640), (cx + 130, base - 520)],
        fill=(40, 100, 50),
    )
    draw.rectangle((cx - 45, base - 760, cx + 45, base - 640), fill=(40, 100, 50))
    draw.rectangle((cx - 50, base - 800, cx + 50, base - 740), fill=(140, 30, 40))
    draw.rectangle((cx - 110, base - 360, cx + 110, base - 180), fill=(244, 236, 212))
    draw.line([(cx - 100, base - 500), (cx - 100, base - 40)], fill=(170, 230, 170), width=10)
    gx = 1040
    draw.polygon(
        [(gx - 90, base - 260), (gx + 90, base - 260), (gx + 40, base - 110), (gx - 40, base - 110)],
        fill=(200, 230, 200),
    )
    draw.polygon(
        [(gx - 70, base - 220), (gx + 70, base - 220), (gx + 40, base - 120), (gx - 40, base - 120)],
        fill=(120, 190, 80),
    )
    draw.rectangle((gx - 8, base - 110, gx + 8, base - 20), fill=(210, 235, 210))
    draw.ellipse((gx - 70, base - 40, gx + 70, base), fill=(210, 235, 210))
    return image


def _basket(rng, image, horizon):
    cx, base = WIDTH // 2, horizon + 270
    image = _shadow(image, (cx - 460, base - 60, cx + 480, base + 70))
    draw = ImageDraw.Draw(image)
    draw.arc((cx - 330, base - 720, cx + 330, base - 120), 190, 350, fill=(150, 104, 50), width=34)
    for row in range(12):
        y = base - 330 + row * 26
        half = 420 - row * 10
        for col in range(-half, half, 44):
            colour = (196, 150, 84) if (row + col // 44) % 2 else (160, 114, 56)
            draw.rounded_rectangle((cx + col, y, cx + col + 44, y + 26), radius=10, fill=colour)
    _shaded_ellipse(draw, (cx - 420, base - 380, cx + 420, base - 290), (90, 60, 30), (150, 110, 60))
    return image


def _wallet(rng, image, horizon):
    image = _shadow(image, (440, horizon + 190, 1240, horizon + 310))
    draw = ImageDraw.Draw(image)
    box = (460, horizon - 200, 1180, horizon + 260)
    draw.rounded_rectangle(box, radius=40, fill=(128, 66, 34))
    draw.rounded_rectangle(
        (box[0] + 30, box[1] + 30, box[2] - 30, box[3] - 30), radius=30, outline=(232, 200, 150), width=5
    )
    for x in range(box[0] + 50, box[2] - 50, 28):
        draw.line([(x, box[1] + 30), (x + 12, box[1] + 30)], fill=(128, 66, 34), width=7)
    draw.rounded_rectangle((box[0], box[1] + 180, box[2], box[3]), radius=40, fill=(112, 56, 28))
    draw.ellipse((810, box[1] + 150, 850, box[1] + 190), fill=(200, 180, 120))
    return image


def _planks(rng, image, horizon):
    draw = ImageDraw.Draw(image)
    for i, y in enumerate(range(140, horizon + 300, 120)):
        tone = (170 + (i % 3) * 18, 116 + (i % 2) * 14, 64)
        draw.rectangle((180, y, 1420, y + 112), fill=tone)
        for _ in range(9):
            gy = y + rng.randint(8, 104)
            amplitude = rng.uniform(2, 10)
            draw.line(
                [(x, gy + amplitude * math.sin(x / 70 + i)) for x in range(180, 1420, 30)],
                fill=_mix(tone, (60, 30, 10), 0.35),
                width=2,
            )
        kx = rng.randint(300, 1300)
        draw.ellipse((kx, y + 40, kx + 40, y + 66), fill=_mix(tone, (60, 30, 10), 0.6))
    return image


def _herbs(rng, image, horizon):
    draw = ImageDraw.Draw(image)
    for stem in range(7):
        x = 380 + stem * 140 + rng.randint(-20, 20)
        top = 160 + rng.randint(0, 120)
        draw.line([(x, horizon + 260), (x + rng.randint(-60, 60), top)], fill=(70, 110, 50), width=8)
        for k in range(10):
            t = k / 10
            lx = x + (rng.randint(-60, 60)) * t
            ly = horizon + 240 - (horizon + 240 - top) * t
            side = 1 if k % 2 else -1
            left, right = sorted((lx + side * 10, lx + side * 90))
            draw.ellipse(
                (left, ly - 18, right, ly + 18), fill=_mix((90, 150, 70), (160, 200, 110), rng.random())
            )
        if stem % 3 == 0:
            draw.ellipse((x - 30, top - 30, x + 30, top + 30), fill=(160, 120, 200))
    draw.rectangle((300, horizon + 230, 1300, horizon + 262), fill=(200, 180, 130))
    return image


def _landscape(rng, image, horizon):
    draw = ImageDraw.Draw(image)
    _vertical_gradient(draw, (0, 0, WIDTH, HEIGHT), (130, 180, 225), (235, 240, 230))
    ridges = [((170, 180, 200), 380), ((110, 130, 120), 520), ((70, 100, 70), 680), ((50, 80, 45), 820)]
    for colour, base in ridges:
        points = [(0, HEIGHT)]
        height = base
        for x in range(0, WIDTH + 80, 80):
            height += rng.randint(-70, 70)
            height = max(base - 220, min(base + 80, height))
            points.append((x, height))
        points.append((WIDTH, HEIGHT))
        draw.polygon(points, fill=colour)
    draw.polygon([(560, 420), (700, 230), (860, 420)], fill=(240, 244, 248))
    return image


_Painter = Callable[[random.Random, Image.Image, int], Image.Image]

# subject: (painter, wall colour, table colour, alt text)
SUBJECTS: dict[str, tuple[_Painter, RGB, RGB, str]] = {
    "bol-en-bois": (_bowl, (220, 205, 180), (150, 100, 60), "Bol en hêtre tourné, posé sur l'établi"),
    "vase-en-gres": (
        _vase,
        (230, 220, 200),
        (130, 90, 60),
        "Vase en grès émaillé bleu sur une table d'atelier",
    ),
    "pots-de-miel": (
        _jars,
        (238, 226, 190),
        (160, 110, 60),
        "Trois pots de miel de montagne sur une table en bois",
    ),
    "confitures": (
        lambda rng, im, h: _jars(rng, im, h, content=(170, 30, 50), lid=(200, 40, 40)),
        (240, 230, 215),
        (170, 120, 70),
        "Pots de confiture de fruits rouges au couvercle vichy",
    ),
    "couteau-forge": (
        _knife,
        (200, 200, 195),
        (90, 70, 55),
        "Couteau forgé au manche en noyer sur sa planche",
    ),
    "tissage": (
        _weave,
        (225, 215, 200),
        (140, 100, 70),
        "Étoffe tissée main aux bandes rouges, crème et bleues",
    ),
    "fromage-fermier": (_cheese, (232, 228, 210), (150, 105, 65), "Tomme fermière entamée sur une planche"),
    "liqueur-des-alpages": (
        _bottle,
        (220, 215, 190),
        (120, 85, 55),
        "Bouteille de liqueur verte et son verre",
    ),
    "panier-en-osier": (_basket, (228, 222, 200), (140, 100, 60), "Panier en osier tressé à anse"),
    "portefeuille-cuir": (_wallet, (215, 210, 200), (100, 75, 55), "Portefeuille en cuir cousu main"),
    "planches-de-noyer": (
        _planks,
        (215, 200, 175),
        (120, 85, 50),
        "Planches de noyer rabotées à l'atelier d'ébénisterie",
    ),
    "plantes-aromatiques": (
        _herbs,
        (236, 232, 214),
        (150, 115, 75),
        "Brins de plantes aromatiques en train de sécher",
    ),
    "massif-de-chartreuse": (_landscape, (0, 0, 0), (0, 0, 0), "Crêtes du massif de la Chartreuse"),
}

# Which picture shows which craft (network.demo CRAFTS slugs).
CRAFT_SUBJECT = {
    "tournage-sur-bois": "bol-en-bois",
    "poterie-ceramique": "vase-en-gres",
    "miel": "pots-de-miel",
    "confitures": "confitures",
    "coutellerie": "couteau-forge",
    "tissage": "tissage",
    "fromages": "fromage-fermier",
    "liqueurs": "liqueur-des-alpages",
    "vannerie": "panier-en-osier",
    "maroquinerie": "portefeuille-cuir",
    "ebenisterie": "planches-de-noyer",
    "plantes": "plantes-aromatiques",
}


def draw(subject: str) -> bytes:
    """The JPEG bytes of one subject (deterministic: seeded by the subject's name)."""
    painter, wall, table, _alt = SUBJECTS[subject]
    rng = random.Random(subject)
    image, horizon = _scene(rng, wall, table)
    image = painter(rng, image, horizon)
    image = image.filter(ImageFilter.SMOOTH)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=84, optimize=True, progressive=True)
    return out.getvalue()


def alt_text(subject: str) -> str:
    return SUBJECTS[subject][3]
