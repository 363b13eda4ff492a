"""Demo unit images: a round emblem as the logo and a pen signature of the unit head, drawn with Pillow."""
import math
import random
from io import BytesIO

from PIL import Image, ImageDraw, ImageFont

from portal import ROOT
from portal.db import database
from portal.images import clean_image
from portal.units.services import store_image

FONT = ROOT / "static/fonts/plus-jakarta-sans/plus-jakarta-sans-latin-800-normal.woff"
GOLD, CREAM, INK = "#c9a13b", "#fff8e6", (27, 42, 107)
# Ring and inner disk of each unit's emblem, in the order the units are given.
PALETTES = [("#0f5560", "#177a72"), ("#1d5c34", "#2e8049"), ("#5a2a6e", "#7a3d8f")]
SCALE = 4  # draw large, then shrink: smooth edges without an anti-aliasing renderer


def png_bytes(image):
    out = BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def disk(draw, cx, cy, r, fill):
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fill)


def arc_text(image, text, cx, cy, radius, size, top=True):
    """Write `text` along a circle, centred on its top (or bottom), letters upright to the reader."""
    font = ImageFont.truetype(str(FONT), size)
    widths = [font.getlength(c) + size * 0.12 for c in text]
    angle = -math.pi / 2 - sum(widths) / radius / 2 if top else math.pi / 2 + sum(widths) / radius / 2
    for char, width in zip(text, widths):
        middle = angle + (width / 2 / radius) * (1 if top else -1)
        glyph = Image.new("RGBA", (size * 2, size * 2))
        ImageDraw.Draw(glyph).text((size, size), char, font=font, fill=CREAM, anchor="mm")
        turn = -math.degrees(middle + math.pi / 2) if top else -math.degrees(middle - math.pi / 2)
        glyph = glyph.rotate(turn, resample=Image.BICUBIC)
        x, y = cx + radius * math.cos(middle), cy + radius * math.sin(middle)
        image.alpha_composite(glyph, (round(x - size), round(y - size)))
        angle += (width / radius) * (1 if top else -1)


def person(draw, x, base, height, fill):
    """A figure of a head over rounded shoulders, standing on `base`."""
    head = height * 0.2
    body_w, body_h = height * 0.62, height * 0.62
    draw.pieslice((x - body_w / 2, base - body_h, x + body_w / 2, base + body_h), 180, 360, fill=fill)
    disk(draw, x, base - body_h - head * 1.25, head, fill)


def family(draw, cx, cy, s, inner):
    """Two parents and a child under one roof."""
    roof = [(cx - 92 * s, cy - 6 * s), (cx, cy - 80 * s), (cx + 92 * s, cy - 6 * s)]
    draw.line(roof, fill=GOLD, width=round(11 * s), joint="curve")
    for x, _ in (roof[0], roof[2]):
        disk(draw, x, cy - 6 * s, 5.5 * s, GOLD)
    base = cy + 62 * s
    person(draw, cx - 36 * s, base, 104 * s, CREAM)
    person(draw, cx + 36 * s, base, 96 * s, CREAM)
    # A ring of the disk's colour around the child keeps it apart from the parents behind it.
    person(draw, cx, base + 4 * s, 74 * s, inner)
    person(draw, cx, base, 62 * s, GOLD)


def logo_png(code, place, palette):
    """A round emblem: gold rim, a ring with the place's name, the family figure and the unit code."""
    ring, inner = palette
    size = 400 * SCALE
    c, s = size / 2, SCALE
    image = Image.new("RGBA", (size, size))
    draw = ImageDraw.Draw(image)
    disk(draw, c, c, 198 * s, GOLD)
    disk(draw, c, c, 190 * s, ring)
    disk(draw, c, c, 142 * s, GOLD)
    disk(draw, c, c, 136 * s, inner)
    arc_text(image, "PUSPAGA", c, c, 166 * s, 30 * s, top=True)
    arc_text(image, place.upper(), c, c, 166 * s, 22 * s, top=False)
    for side in (-1, 1):
        disk(draw, c + side * 166 * s, c, 6 * s, GOLD)
    family(draw, c, c - 8 * s, s, inner)
    font = ImageFont.truetype(str(FONT), 34 * s)
    draw.text((c, c + 88 * s), code, font=font, fill=CREAM, anchor="mm")
    return png_bytes(image.resize((400, 400), Image.LANCZOS))


def stroke(draw, points, pen, nib=math.radians(35)):
    """Ink along the points; a slanted nib makes the line thicker or thinner with its direction."""
    count = len(points)
    for i in range(1, count):
        (x0, y0), (x1, y1) = points[i - 1], points[i]
        direction = math.atan2(y1 - y0, x1 - x0)
        taper = min(1, i / 25, (count - i) / 25)
        width = pen * (0.35 + 0.65 * abs(math.sin(direction - nib))) * (0.3 + 0.7 * taper)
        steps = max(1, round(math.hypot(x1 - x0, y1 - y0)))
        for k in range(steps):
            x, y = x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps
            draw.ellipse((x - width / 2, y - width / 2, x + width / 2, y + width / 2), fill=INK)


# Cursive letters as knots a pen passes through: (x, height) in x-heights, from the baseline back to it.
LETTERS = {
    "e": [(0.5, 0.55), (0.55, 0.9), (0.25, 0.8), (0.3, 0.15), (0.8, 0)],
    "l": [(0.55, 1.5), (0.5, 2.3), (0.2, 1.8), (0.3, 0.2), (0.7, 0)],
    "n": [(0.15, 0.9), (0.2, 0.05), (0.45, 0.95), (0.7, 0.6), (0.75, 0.05), (1.0, 0)],
    "u": [(0.15, 0.9), (0.2, 0.15), (0.45, 0.1), (0.65, 0.9), (0.65, 0.1), (0.85, 0)],
    "a": [(0.6, 0.9), (0.2, 0.85), (0.1, 0.25), (0.4, 0.1), (0.65, 0.85), (0.65, 0.1), (0.9, 0)],
    "i": [(0.3, 0.9), (0.35, 0.1), (0.6, 0)],
}


def spline(knots, per_span=40):
    """A smooth curve through the knots (Catmull-Rom)."""
    padded = [knots[0]] + knots + [knots[-1]]
    points = []
    for i in range(1, len(padded) - 2):
        p0, p1, p2, p3 = padded[i - 1:i + 3]
        for k in range(per_span):
            t = k / per_span
            points.append(tuple(
                0.5 * (2 * b + (c - a) * t + (2 * a - 5 * b + 4 * c - d) * t * t + (3 * b - a - 3 * c + d) * t ** 3)
                for a, b, c, d in zip(p0, p1, p2, p3)))
    return points + [knots[-1]]


def handwriting(text, x, baseline, height, rng, slant=0.35):
    """Knots of a word written in one stroke, a little uneven like a hand in a hurry."""
    knots = [(x - 0.3 * height, baseline + 0.2 * height)]
    for letter in text:
        scale = height * rng.uniform(0.85, 1.15)
        for dx, dy in LETTERS[letter]:
            y = dy * scale + rng.uniform(-0.06, 0.06) * height
            knots.append((x + dx * scale + slant * y, baseline - y))
        x += LETTERS[letter][-1][0] * scale
        baseline -= rng.uniform(0.5, 2.5)  # the line climbs a little
    return knots


def capital(x, baseline, height, rng):
    """A tall opening letter: a loop up to the top, down the stem and out into the word."""
    lean = rng.uniform(0.2, 0.35) * height
    return [(x - 0.2 * height, baseline - 0.15 * height), (x + lean, baseline - height),
            (x + lean + 0.25 * height, baseline - 0.9 * height), (x + 0.15 * height, baseline - 0.05 * height),
            (x - 0.1 * height, baseline - 0.3 * height), (x + 0.45 * height, baseline - 0.45 * height)]


def flourish(x0, x1, y, rng):
    """The underline: out of the last letter, a long shallow swoop back to the left."""
    dip = rng.uniform(8, 16)
    return [(x1 + 20, y - 30), (x1, y + 4), ((x0 + x1) / 2, y + dip), (x0, y + 2), (x0 - 20, y - 8)]


def signature_png(name):
    """A dark-blue pen signature on a transparent ground, a little different for every name."""
    rng = random.Random(name)
    s = 3
    image = Image.new("RGBA", (600 * s, 200 * s))
    draw = ImageDraw.Draw(image)
    text = "".join(rng.choice("aeinlu") for _ in range(rng.randint(7, 9)))
    start = capital(90, 135, 115, rng)
    body = handwriting(text, start[-1][0] + 10, 135, 38, rng)
    stroke(draw, [(x * s, y * s) for x, y in spline(start + body)], 6 * s)
    swoop = flourish(70, min(560, body[-1][0]), 160, rng)
    stroke(draw, [(x * s, y * s) for x, y in spline(swoop)], 4.5 * s)
    image = image.resize((600, 200), Image.LANCZOS)
    # Trimmed to the ink, so the certificate centres the signature itself, not its empty canvas.
    left, top, right, bottom = image.getbbox()
    return png_bytes(image.crop((max(left - 12, 0), max(top - 12, 0), min(right + 12, 600), min(bottom + 12, 200))))


def seed_images(units):
    """Give each unit its own emblem and its head's signature, checked like an upload."""
    with database.atomic():
        for unit, palette in zip(units, PALETTES * len(units)):
            drawn = {"logo": logo_png(unit.code, unit.city, palette), "signature": signature_png(unit.head_name)}
            for kind, png in drawn.items():
                store_image(unit, kind, *clean_image(BytesIO(png)))
