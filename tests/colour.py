"""Colour arithmetic for the browser tests: computed CSS colours in, WCAG
contrast ratios and colour-vision-deficiency distances out.

- contrast(): WCAG 2.x relative luminance and contrast ratio; text_contrast() of an element in the page.
- simulate(): protanopia, deuteranopia and tritanopia at full severity, with
  the matrices of Machado, Oliveira and Fernandes (2009), applied in linear RGB.
- delta_e(): CIEDE2000 colour difference in CIELAB (D65).
"""

from __future__ import annotations

import math
import re

RGB = tuple[float, float, float]

# Run in the page on an element: the computed background colours from it up to the first opaque one,
# topmost first (what `over` takes); the body's colour if none is.
BACKGROUNDS = """el => {
  const layers = [];
  for (let node = el; node; node = node.parentElement) {
    const colour = getComputedStyle(node).backgroundColor;
    layers.push(colour);
    if (/^rgb\\(/.test(colour)) return layers;
  }
  return [...layers, getComputedStyle(document.body).backgroundColor];
}"""


def parse(css: str) -> tuple[float, float, float, float]:
    """`rgb(r, g, b)`, `rgba(r, g, b, a)` or `rgb(r g b / a)` as computed by the browser -> (r, g, b, alpha)."""
    numbers = [float(n) for n in re.findall(r"[\d.]+", css)]
    if not css.startswith("rgb") or len(numbers) not in (3, 4):
        raise ValueError(f"not a computed rgb() colour: {css!r}")
    return (*numbers[:3], numbers[3] if len(numbers) == 4 else 1.0)  # type: ignore[return-value]


def over(layers: list[str]) -> RGB:
    """The colour seen through `layers`, topmost first (computed background colours up the tree)."""
    seen: RGB | None = None
    for css in reversed(layers):
        r, g, b, alpha = parse(css)
        if seen is None:
            if alpha < 1:
                raise ValueError("the bottom layer must be opaque")
            seen = (r, g, b)
        else:
            seen = tuple(alpha * c + (1 - alpha) * s for c, s in zip((r, g, b), seen))  # type: ignore[assignment]
    assert seen is not None
    return seen


def _linear(channel: float) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _gamma(value: float) -> float:
    v = min(max(value, 0.0), 1.0)
    return 255 * (12.92 * v if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055)


def luminance(rgb: RGB) -> float:
    r, g, b = (_linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_contrast(element) -> float:
    """The contrast of a page element's text (a Playwright locator) against what is drawn behind it, as the
    browser computes both now."""
    return contrast(parse(element.evaluate("e => getComputedStyle(e).color"))[:3], over(element.evaluate(BACKGROUNDS)))


_MACHADO = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}
DEFICIENCIES = tuple(_MACHADO)


def simulate(rgb: RGB, deficiency: str) -> RGB:
    linear = [_linear(c) for c in rgb]
    return tuple(_gamma(sum(m * v for m, v in zip(row, linear))) for row in _MACHADO[deficiency])  # type: ignore[return-value]


def _lab(rgb: RGB) -> RGB:
    r, g, b = (_linear(c) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def delta_e(one: RGB, two: RGB) -> float:
    """CIEDE2000 (Sharma, Wu and Dalal's formulation)."""
    l1, a1, b1 = _lab(one)
    l2, a2, b2 = _lab(two)
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar ** 7 / (c_bar ** 7 + 25 ** 7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    h1 = math.degrees(math.atan2(b1, a1)) % 360
    h2 = math.degrees(math.atan2(b2, a2)) % 360
    dl, dc = l2 - l1, c2 - c1
    if c1 * c2 == 0:
        dh = 0.0
    elif abs(h2 - h1) <= 180:
        dh = h2 - h1
    else:
        dh = h2 - h1 - 360 if h2 > h1 else h2 - h1 + 360
    dh_big = 2 * math.sqrt(c1 * c2) * math.sin(math.radians(dh / 2))
    l_bar, c_bar2 = (l1 + l2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        h_bar = h1 + h2
    elif abs(h1 - h2) <= 180:
        h_bar = (h1 + h2) / 2
    else:
        h_bar = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(h_bar - 30)) + 0.24 * math.cos(math.radians(2 * h_bar))
         + 0.32 * math.cos(math.radians(3 * h_bar + 6)) - 0.20 * math.cos(math.radians(4 * h_bar - 63)))
    theta = 30 * math.exp(-(((h_bar - 275) / 25) ** 2))
    rc = 2 * math.sqrt(c_bar2 ** 7 / (c_bar2 ** 7 + 25 ** 7))
    sl = 1 + 0.015 * (l_bar - 50) ** 2 / math.sqrt(20 + (l_bar - 50) ** 2)
    sc = 1 + 0.045 * c_bar2
    sh = 1 + 0.015 * c_bar2 * t
    rt = -math.sin(math.radians(2 * theta)) * rc
    return math.sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (dh_big / sh) ** 2 + rt * (dc / sc) * (dh_big / sh))
