#!/usr/bin/env python3
"""Checks a `batchspec run --report` page in a real browser (headless Chromium).

usage: check_report.py REPORT.html PLAN.json SCREENSHOT.png [--chromium PATH]

- the page is self-contained: no script, stylesheet, image or frame is loaded from anywhere;
- Chromium loads it, and the DOM it builds holds every task of the plan, both in the timeline
  (an SVG group per task) and in the table (a row per task), and nothing else;
- a screenshot is not blank: most of it is the page's white, but the timeline's bars are there
  (pixels of the succeeded or critical-path colours) along with text.
Exits 0 when all hold, 1 with the reasons otherwise.
"""
import html.parser
import json
import os
import shutil
import struct
import subprocess
import sys
import zlib


def chromium_command(explicit):
    for name in [explicit, "chromium", "chromium-browser", "google-chrome"]:
        if name and shutil.which(name):
            return [shutil.which(name), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    sys.exit("check_report: no Chromium found (run .ci/install-chromium)")


class Tasks(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self.bars, self.external = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and "data-task" in attrs:
            self.rows.append(attrs["data-task"])
        if tag == "g" and "data-task" in attrs:
            self.bars.append(attrs["data-task"])
        if tag in ("script", "iframe", "img", "link") or ("src" in attrs):
            self.external.append(tag)


def png_pixels(path):
    """Decodes an 8-bit RGB or RGBA, non-interlaced PNG (what Chromium writes) into rows of pixels."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    offset, idat, width = 8, b"", 0
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        body = data[offset + 8:offset + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0, "unexpected PNG format"
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        offset += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    rows, position = [], 0
    for _ in range(height):
        kind, line = raw[position], bytearray(raw[position + 1:position + 1 + stride])
        position += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            upleft = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - upleft
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - upleft)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else upleft)) & 255
        rows.append([tuple(line[i:i + 3]) for i in range(0, stride, channels)])
        previous = line
    return rows


def main():
    args = sys.argv[1:]
    explicit = None
    if "--chromium" in args:
        index = args.index("--chromium")
        explicit = args[index + 1]
        del args[index:index + 2]
    report, plan_path, screenshot = args
    problems = []
    plan = json.load(open(plan_path))
    expected = sorted(f"{job['id']}/{task['id']}" for job in plan["jobs"] for task in job["tasks"])

    text = open(report, encoding="utf-8").read()
    for needle in ["http://", "https://", "<script", "<link", "@import", "url("]:
        if needle in text:
            problems.append(f"the page is not self-contained: it contains {needle!r}")

    url = "file://" + os.path.abspath(report)
    chromium = chromium_command(explicit)
    dom = subprocess.run(chromium + ["--dump-dom", url], capture_output=True, text=True, timeout=120).stdout
    parser = Tasks()
    parser.feed(dom)
    if sorted(parser.rows) != expected:
        problems.append(f"the table holds {len(parser.rows)} tasks, the plan {len(expected)}")
    started = [task for task in parser.bars]
    if not set(started) <= set(expected) or len(started) != len(set(started)):
        problems.append("the timeline holds tasks the plan does not, or a task twice")
    if len(started) < len(expected):
        problems.append(f"the timeline shows {len(started)} of the {len(expected)} tasks")
    if parser.external:
        problems.append(f"the DOM loads external content: {parser.external}")

    subprocess.run(chromium + ["--window-size=1280,1000", f"--screenshot={os.path.abspath(screenshot)}", url],
                   capture_output=True, timeout=120)
    if not os.path.exists(screenshot):
        problems.append("Chromium wrote no screenshot")
    else:
        pixels = [pixel for row in png_pixels(screenshot) for pixel in row]
        white = sum(1 for p in pixels if min(p) >= 245)
        bars = sum(1 for p in pixels if p in ((47, 133, 90), (43, 108, 176)))
        colours = len(set(pixels))
        if white > 0.995 * len(pixels) or colours < 8:
            problems.append(f"the screenshot is blank ({colours} colours, {white / len(pixels):.1%} white)")
        if bars < 200:
            problems.append(f"the screenshot shows no timeline bars ({bars} bar pixels)")
        print(f"{report}: {len(parser.rows)} tasks in the DOM, screenshot {colours} colours, {bars} bar pixels, "
              f"{1 - white / len(pixels):.1%} not white")

    for problem in problems:
        print(f"check_report: {problem}", file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
