"""`--export PATH`: the format chosen by the extension, `-` for an HTML page on stdout, the dataset in
use never written over, and pages that a browser lays out within a 600-pixel column.

Every test goes through the real command line, on tests/fixtures/render.yaml (invented, with a long
hyphenated name and control characters) or a copy of it changed for the test. The browser tests
(`-m browser`) render the HTML and SVG exports in headless Chromium (Debian's `chromium` package)
and fail, rather than skip, when it is not installed.
"""

from __future__ import annotations

import csv
import html
import io
import itertools
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from terminal import INSTALLED

from conftest import FIXTURES, run
from milafacts.errors import ExitCode
from milafacts.render import Format

RENDER = FIXTURES / "render.yaml"
BROKEN = ["--data", "/nonexistent/facts.yaml"]  # reading it would be a dataset error (exit 4)
N = "\u00a0"
SVG_NS = "{http://www.w3.org/2000/svg}"


def export(*args: str, env: dict[str, str] | None = None) -> Any:
    """A run on the renderers' fixture that must succeed."""
    result = run("--data", str(RENDER), *args, env=env)
    assert result.exit_code == 0, result.output
    return result


def stdout_of(*args: str) -> str:
    return str(export(*args).stdout)


# --- the format follows the extension ------------------------------------------------------------

SCRIPT_FORMATS = [f for f in Format if f is not Format.table]  # tsv and ndjson too, once they exist


@pytest.mark.parametrize("fmt", SCRIPT_FORMATS, ids=[f.value for f in SCRIPT_FORMATS])
def test_a_script_format_extension_writes_what_format_prints(fmt: Format, tmp_path: Path) -> None:
    target = tmp_path / f"fellows.{fmt.value}"
    export("fellows", "--sources", "--export", str(target))
    assert target.read_text(encoding="utf-8") == stdout_of("fellows", "--sources", "--format", fmt.value)


@pytest.mark.parametrize(("name", "fmt"), [("out.md", "markdown"), ("OUT.JSON", "json"), ("Out.Csv", "csv")])
def test_extensions_are_case_insensitive_and_md_is_markdown(name: str, fmt: str, tmp_path: Path) -> None:
    export("stats", "--export", str(tmp_path / name))
    assert (tmp_path / name).read_text(encoding="utf-8") == stdout_of("stats", "--format", fmt)


def test_json_and_csv_exports_parse(tmp_path: Path) -> None:
    export("countries", "--export", str(tmp_path / "c.json"))
    export("countries", "--export", str(tmp_path / "c.csv"))
    document = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "c.csv").read_text(encoding="utf-8"))))
    assert document["count"] == len(rows) > 0
    assert [row["id"] for row in rows] == [row["id"] for row in document["results"]]


def test_the_file_follows_its_extension_and_stdout_follows_format(tmp_path: Path) -> None:
    # No more "--export writes the table view": a file goes with any --format.
    result = export("fellows", "--format", "json", "--export", str(tmp_path / "f.html"))
    assert json.loads(result.stdout)["title"] == "AI Policy Fellows highlighted in the article"
    assert (tmp_path / "f.html").read_text(encoding="utf-8").startswith("<!doctype html>")


# --- HTML --------------------------------------------------------------------------------------


class Page(HTMLParser):
    """What a test needs from an HTML page: its tags in order, and the text of some of them."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.doctype = ""
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: dict[str, list[str]] = {}
        self._open: list[str] = []
        self.feed(text)
        self.close()

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in ("meta", "br"):
            self._open.append(tag)
            if tag in ("title", "caption", "th", "td", "p", "mark", "script"):
                self.texts.setdefault(tag, []).append("")

    def handle_endtag(self, tag: str) -> None:
        while self._open and self._open.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        for tag in {t for t in self._open if t in self.texts}:
            self.texts[tag][-1] += data

    def first(self, tag: str) -> dict[str, str | None]:
        return next(attrs for name, attrs in self.tags if name == tag)

    def names(self) -> list[str]:
        return [name for name, _ in self.tags]


def markdown_cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split(" | ")]


def test_html_is_a_semantic_self_contained_page(tmp_path: Path) -> None:
    target = tmp_path / "fellows.html"
    export("fellows", "--sources", "--export", str(target))
    text = target.read_text(encoding="utf-8")
    page = Page(text)
    assert page.doctype.lower() == "doctype html"
    assert page.first("html")["lang"] == "en"
    assert {"charset": "utf-8"} in [attrs for name, attrs in page.tags if name == "meta"]
    viewport = [attrs for name, attrs in page.tags if name == "meta" and attrs.get("name") == "viewport"]
    assert viewport and "width=device-width" in str(viewport[0]["content"])
    names = page.names()
    for tag in ("title", "style", "table", "caption", "thead", "tbody"):
        assert tag in names, tag
    assert names.index("caption") < names.index("thead") < names.index("tbody")
    assert page.texts["title"] == page.texts["caption"] == ["AI Policy Fellows highlighted in the article"]
    # The table format's columns and cells: the Markdown export's, less its escapes.
    markdown = stdout_of("fellows", "--sources", "--format", "markdown").splitlines()
    assert page.texts["th"] == markdown_cells(markdown[2])
    assert all(attrs.get("scope") == "col" for name, attrs in page.tags if name == "th")
    assert page.texts["td"] == markdown_cells(markdown[4])
    # The citation after the table, then the notes, as text in paragraphs.
    assert names.index("p") > names.index("tbody")
    assert page.texts["p"][0] == markdown[6].strip("_")
    assert page.texts["p"][1:] == [line.strip("_") for line in markdown[7:]]
    # Self-contained: nothing fetched, no script.
    assert not re.search(r"https?:|src=|href=|@import|url\(", text) and "script" not in names


def test_html_keeps_the_datas_text_as_text(tmp_path: Path) -> None:
    # Markup in the data is shown, never obeyed; control characters are shown as escapes.
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(
        RENDER.read_text(encoding="utf-8").replace(
            "[bold]and currents[/bold]", '<script>alert(1)</script> & <b onclick=\\"x\\">currents</b>'
        ),
        encoding="utf-8",
    )
    result = run("--data", str(hostile), "country", "atlantis", "--export", str(tmp_path / "a.html"))
    assert result.exit_code == 0, result.output
    text = (tmp_path / "a.html").read_text(encoding="utf-8")
    page = Page(text)
    assert "script" not in page.names() and "b" not in page.names()
    cells = "\n".join(page.texts["td"])
    assert '<script>alert(1)</script> & <b onclick="x">currents</b>' in cells
    assert "\\x1b]0;pwned\\x07" in cells and "\x1b" not in text and "\x07" not in text


def test_html_marks_the_words_a_search_matched(tmp_path: Path) -> None:
    export("search", "tides", "--export", str(tmp_path / "s.html"))
    page = Page((tmp_path / "s.html").read_text(encoding="utf-8"))
    assert page.texts["mark"] and {mark.lower() for mark in page.texts["mark"]} == {"tides"}


def test_a_french_page_says_it_is_french(tmp_path: Path) -> None:
    export("--lang", "fr", "fellows", "--export", str(tmp_path / "f.html"))
    export("--lang", "fr", "fellows", "--export", str(tmp_path / "f.svg"))
    page = Page((tmp_path / "f.html").read_text(encoding="utf-8"))
    assert page.first("html")["lang"] == "fr"
    assert page.texts["caption"] == [json.loads(stdout_of("--lang", "fr", "fellows", "-f", "json"))["title"]]
    assert page.texts["p"][0].startswith(f"Source{N}: ")
    assert ET.parse(tmp_path / "f.svg").getroot().get("lang") == "fr"


def test_an_empty_view_says_so(tmp_path: Path) -> None:
    export("people", "--role", "astronaut", "--export", str(tmp_path / "none.html"))
    page = Page((tmp_path / "none.html").read_text(encoding="utf-8"))
    assert "td" not in page.texts and page.texts["p"][0] == "No results."


# --- SVG ---------------------------------------------------------------------------------------


def svg_lines(root: ET.Element) -> list[str]:
    """The SVG's text put back on a grid of cells: each `<text>` at the cell its x names."""
    texts = root.findall(f".//{SVG_NS}text")
    cell = float(texts[0].get("textLength", "0")) / len(texts[0].text or "x")
    left = min(float(t.get("x", "0")) for t in texts)
    rows = sorted({float(t.get("y", "0")) for t in texts})
    pitch = min(b - a for a, b in itertools.pairwise(rows))
    lines: dict[int, str] = {}
    for text in texts:
        row = round((float(text.get("y", "0")) - rows[0]) / pitch)
        column = round((float(text.get("x", "0")) - left) / cell)
        lines[row] = lines.get(row, "").ljust(column) + (text.text or "")
    return [lines.get(row, "") for row in range(max(lines) + 1)]


@pytest.mark.parametrize("args", [["fellows"], ["country", "atlantis"], ["search", "tides"]])
def test_svg_is_the_terminal_table_at_72_columns(args: list[str], tmp_path: Path) -> None:
    target = tmp_path / "view.svg"
    export(*args, "--export", str(target))
    root = ET.parse(target).getroot()
    terminal = export(*args, env={"COLUMNS": "72", "NO_COLOR": "1"}).stdout
    expected = [line.rstrip() for line in terminal.rstrip("\n").splitlines()]
    assert svg_lines(root) == expected
    assert root.tag == f"{SVG_NS}svg" and int(root.get("width", "0")) <= 600


def test_svg_is_self_contained_and_light(tmp_path: Path) -> None:
    target = tmp_path / "fellows.svg"
    export("fellows", "--export", str(target))
    text = target.read_text(encoding="utf-8")
    # The namespace names SVG and is never fetched; nothing else may point outside the file.
    outside = text.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert not re.search(r"https?:|href|url\(|@font-face|@import", outside)
    root = ET.fromstring(text)
    assert root.findtext(f"{SVG_NS}title") == "AI Policy Fellows highlighted in the article"
    frame = root.find(f"{SVG_NS}rect")
    assert frame is not None and frame.get("fill") == "#ffffff" and frame.get("stroke") == "#d0d7de"
    assert not root.findall(f".//{SVG_NS}circle")  # no make-believe window buttons
    ink = root.find(f"{SVG_NS}g")
    assert ink is not None and ink.get("fill") == "#1f2328" and "monospace" in ink.get("font-family", "")


# --- standard output ---------------------------------------------------------------------------


def test_dash_writes_the_html_page_to_stdout_instead_of_the_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    export("fellows", "--export", str(tmp_path / "f.html"))
    result = export("fellows", "--export", "-")
    assert result.stdout == (tmp_path / "f.html").read_text(encoding="utf-8")
    assert result.stderr == "" and sorted(p.name for p in tmp_path.iterdir()) == ["f.html"]


def test_dash_on_a_stdout_that_is_not_utf8_keeps_every_character(tmp_path: Path) -> None:
    # The page says UTF-8: what ASCII cannot carry goes as character references, read back the same.
    result = run("--data", str(RENDER), "--lang", "fr", "fellows", "--export", "-", env={"PYTHONIOENCODING": "ascii"})
    export("--lang", "fr", "fellows", "--export", str(tmp_path / "f.html"))
    assert result.exit_code == 0, result.output
    assert html.unescape(result.stdout) == html.unescape((tmp_path / "f.html").read_text(encoding="utf-8"))


def test_dash_with_another_format_is_a_usage_error() -> None:
    result = run(*BROKEN, "fellows", "--format", "json", "--export", "-")
    assert result.exit_code == ExitCode.USAGE and result.stdout == ""
    assert "--export - writes an HTML page to standard output, where --format json writes too" in result.stderr


# --- bad paths: one line, an exit code, nothing written, nothing read -----------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("notes.txt", "--export notes.txt has an unknown extension '.txt'; the format is chosen by the extension: "),
        ("NOTES.PDF", "--export NOTES.PDF has an unknown extension '.PDF'"),
        ("notes", "--export notes has no extension; the format is chosen by the extension: "),
        (".html", "--export .html has no extension"),
        ("", "--export is empty; give a file path ending in "),
    ],
)
def test_an_unknown_extension_is_a_usage_error_before_the_dataset_is_read(
    name: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*BROKEN, "fellows", "--export", name)  # exit 4 if the dataset were read
    assert result.exit_code == ExitCode.USAGE, result.output
    assert result.stderr.startswith(f"milafacts: error: {message}") and result.stderr.count("\n") == 1
    assert ".csv, .htm, .html, .json, .markdown, .md" in result.stderr and ".svg" in result.stderr
    assert "(see 'milafacts fellows -h')" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_extension_is_told_in_french() -> None:
    result = run("--lang", "fr", *BROKEN, "fellows", "--export", "notes.txt")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith(
        f"milafacts{N}: erreur{N}: --export notes.txt a une extension inconnue, «{N}.txt{N}»{N}; "
        f"l'extension choisit le format{N}: "
    )


def dataset_copy(tmp_path: Path, name: str = "data.yaml") -> Path:
    copy = tmp_path / name
    copy.write_bytes(RENDER.read_bytes())
    return copy


def never_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make reading any dataset fail loudly: the checks must all happen before it."""

    def load(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the dataset was read before --export was checked")

    monkeypatch.setattr("milafacts.load.load", load)


@pytest.mark.parametrize(
    "spelling",
    [
        "data.yaml",  # the very path given to --data
        "{dir}/data.yaml",  # absolute
        "{dir}/sub/../data.yaml",  # another spelling of it
        "alias.yaml",  # a symlink to it
        "alias.json",  # a symlink to it, with an extension --export would write through
        "hard.json",  # a hard link to it
    ],
)
def test_the_dataset_in_use_is_never_written_over(
    spelling: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    data = dataset_copy(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "alias.yaml").symlink_to(data)
    (tmp_path / "alias.json").symlink_to(data)
    os.link(data, tmp_path / "hard.json")
    before = data.read_bytes()
    never_loaded(monkeypatch)
    path = spelling.format(dir=tmp_path)
    result = run("--data", "data.yaml", "fellows", "--export", path)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert result.stderr.startswith(
        f"milafacts: error: --export {path} would overwrite the dataset in use; choose another path"
    )
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert data.read_bytes() == before


@pytest.mark.parametrize("how", ["--data", "MILAFACTS_DATA"])
def test_the_dataset_named_by_any_setting_is_protected(
    how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A dataset with an extension --export writes: YAML reads JSON, so facts.json is a fine dataset.
    data = dataset_copy(tmp_path, "facts.json")
    before = data.read_bytes()
    never_loaded(monkeypatch)
    given = ["--data", str(data)] if how == "--data" else []
    result = run(*given, "--lang", "fr", "stats", "--export", str(data), env={"MILAFACTS_DATA": str(data)})
    assert result.exit_code == ExitCode.USAGE, result.output
    assert f"--export {data} écraserait le jeu de données utilisé{N}; choisissez un autre chemin" in result.stderr
    assert data.read_bytes() == before


def test_the_bundled_dataset_is_protected(monkeypatch: pytest.MonkeyPatch) -> None:
    from milafacts.load import bundled_path

    bundled = bundled_path()
    before = bundled.read_bytes()
    never_loaded(monkeypatch)
    result = run("stats", "--export", str(bundled))
    assert result.exit_code == ExitCode.USAGE
    assert "would overwrite the dataset in use" in result.stderr
    assert bundled.read_bytes() == before


@pytest.mark.parametrize(
    ("where", "reason"),
    [
        ("missing-dir/out.html", "no such directory"),
        ("a-file/out.svg", "a part of the path is not a directory"),
        ("a-dir.csv", "it is a directory"),
    ],
)
def test_an_unwritable_path_is_an_output_error(where: str, reason: str, tmp_path: Path) -> None:
    # Paths that fail for root too (the tests may run as root, who writes anywhere permissions say no).
    (tmp_path / "a-file").write_text("not a directory", encoding="utf-8")
    (tmp_path / "a-dir.csv").mkdir()
    path = tmp_path / where
    result = run("--data", str(RENDER), "fellows", "--export", str(path))
    assert result.exit_code == ExitCode.OUTPUT, result.output
    assert result.stderr == f"milafacts: error: cannot write {path}: {reason}\n"
    assert result.stdout == ""  # the export is written first: a failed one prints nothing
    french = run("--data", str(RENDER), "--lang", "fr", "fellows", "--export", str(path))
    assert french.exit_code == ExitCode.OUTPUT
    assert french.stderr.startswith(f"milafacts{N}: erreur{N}: impossible d'écrire {path}{N}: ")


# --- in a browser: a 600-pixel column ------------------------------------------------------------

# A word no line can hold: with a style that does not let it wrap, the HTML table runs past 600 px.
LONG_WORD = "Tidewaternorthwindoceanographicpartnershipandinternationalharbourresearchconsortium"
WIDTH = 600  # the column the exports are made for: a README, a mail, a phone

# Run in a copy of the page once it is laid out; the verdict goes into the DOM as JSON.
HTML_PROBE = """
(function () {
  const width = window.innerWidth, root = document.documentElement, problems = [];
  if (root.scrollWidth > width) problems.push("the page scrolls sideways: " + root.scrollWidth + "px wide");
  const items = document.querySelectorAll("th, td, caption, p.source, p.note");
  let checked = 0;
  for (const item of items) {
    if (!item.getClientRects().length) continue;  // not drawn: the header row, when the page shows records
    checked += 1;
    const box = item.getBoundingClientRect(), range = document.createRange();
    range.selectNodeContents(item);
    const ink = range.getBoundingClientRect();
    const what = item.tagName + " " + JSON.stringify(item.textContent.slice(0, 30));
    if (box.right > width) problems.push(what + " ends at " + box.right + "px");
    if (ink.right > Math.min(width, box.right) + 1) problems.push(what + ": its text runs to " + ink.right + "px");
    if (item.scrollWidth > item.clientWidth + 1) problems.push(what + " clips its text");
  }
  const verdict = document.createElement("pre");
  verdict.id = "verdict";
  const layout = getComputedStyle(document.querySelector("table")).display === "table" ? "table" : "records";
  verdict.textContent = JSON.stringify({width: width, layout: layout, checked: checked, problems: problems});
  document.body.appendChild(verdict);
})();
"""

SVG_PROBE = """
(function () {
  const width = window.innerWidth, svg = document.documentElement, frame = svg.getBoundingClientRect();
  const scale = frame.width / svg.viewBox.baseVal.width, problems = [], texts = svg.querySelectorAll("text");
  if (frame.right > width) problems.push("the picture is " + frame.right + "px wide");
  for (const text of texts) {
    const box = text.getBoundingClientRect(), what = JSON.stringify(text.textContent.slice(0, 30));
    if (box.right > Math.min(width, frame.right) + 0.5 || box.left < frame.left || box.bottom > frame.bottom)
      problems.push(what + " is cut by the edge (" + box.left + ".." + box.right + ")");
    const size = parseFloat(getComputedStyle(text).fontSize) * scale;
    if (size < 10) problems.push(what + " is drawn at " + size.toFixed(1) + "px, too small to read");
    // The font's own width against the cells it is given: squeezed glyphs would overlap.
    const given = text.textLength.baseVal.value;
    text.removeAttribute("textLength");
    const natural = text.getComputedTextLength();
    if (natural > given * 1.1) problems.push(what + " needs " + natural + " of its " + given + " units");
  }
  const verdict = document.createElementNS("http://www.w3.org/2000/svg", "desc");
  verdict.id = "verdict";
  verdict.textContent = JSON.stringify({width: width, checked: texts.length, problems: problems});
  svg.appendChild(verdict);
})();
"""


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail(
            "the browser checks need Chromium, which is not installed: on Debian or Ubuntu, "
            "`sudo apt-get install -y chromium` (or put `chromium` on PATH); they never skip",
            pytrace=False,
        )
    return found


def verdict_in_browser(page: Path, probe: str, tmp_path: Path, width: int = WIDTH) -> dict[str, Any]:
    """Open a copy of `page` with `probe` added in headless Chromium, `width` x 2000 pixels, and
    return the verdict the probe wrote into the DOM."""
    text = page.read_text(encoding="utf-8")
    if page.suffix == ".svg":
        probed = text.replace("</svg>", f"<script><![CDATA[{probe}]]></script>\n</svg>")
    else:
        probed = text.replace("</body>", f"<script>{probe}</script>\n</body>")
    assert probed != text
    copy = tmp_path / f"probed{page.suffix}"
    copy.write_text(probed, encoding="utf-8")
    done = subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--window-size={width},2000",
            "--dump-dom",
            copy.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    found = re.search(r'id="verdict">(.*?)</', done.stdout, re.DOTALL)
    assert found, f"no verdict from Chromium (exit {done.returncode}):\n{done.stderr[-2000:]}"
    verdict: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return verdict


@pytest.fixture
def long_words(tmp_path: Path) -> Path:
    """The renderers' fixture with its long hyphenated name made one unbreakable 84-letter word."""
    data = tmp_path / "long.yaml"
    data.write_text(
        RENDER.read_text(encoding="utf-8").replace("Tidewater-Northwind-Oceanographic-Partnership", LONG_WORD),
        encoding="utf-8",
    )
    return data


BROWSER_VIEWS = [
    ["country", "atlantis"],
    ["--lang", "fr", "country", "atlantis"],
    ["search", "tides", "--sources"],
    ["agreements", "--sources"],
]
# At 600 pixels, the views too wide for a table are records (as on a 72-column terminal) and the
# narrow ones stay tables; wider, a table holds the long word by breaking it.
HTML_CASES = [
    *((args, WIDTH, "records") for args in BROWSER_VIEWS),
    (["stats"], WIDTH, "table"),
    (["search", "tides", "--sources"], 1000, "table"),
    (["--lang", "fr", "country", "atlantis"], 1000, "table"),
]


@pytest.mark.browser
@pytest.mark.parametrize(
    ("args", "width", "layout"), HTML_CASES, ids=[f"{' '.join(args)} at {width}px" for args, width, _ in HTML_CASES]
)
def test_the_html_page_fits_its_width_in_a_browser(
    args: list[str], width: int, layout: str, long_words: Path, tmp_path: Path
) -> None:
    page = tmp_path / "view.html"
    result = run("--data", str(long_words), *args, "--export", str(page))
    assert result.exit_code == 0, result.output
    verdict = verdict_in_browser(page, HTML_PROBE, tmp_path, width)
    assert verdict["width"] == width
    assert verdict["checked"] >= 5
    assert verdict["problems"] == []
    assert verdict["layout"] == layout


@pytest.mark.browser
@pytest.mark.parametrize("args", BROWSER_VIEWS, ids=lambda args: " ".join(args))
def test_the_svg_picture_fits_600_pixels_in_a_browser(args: list[str], long_words: Path, tmp_path: Path) -> None:
    # Opened as a standalone document, as a browser opens the file: an <img> would hide its text
    # from the probe, and inlining it in HTML would parse it as HTML, not as the XML file it is.
    picture = tmp_path / "view.svg"
    result = run("--data", str(long_words), *args, "--export", str(picture))
    assert result.exit_code == 0, result.output
    verdict = verdict_in_browser(picture, SVG_PROBE, tmp_path)
    assert verdict["width"] == WIDTH
    assert verdict["checked"] >= 5
    assert verdict["problems"] == []


def test_fields_choose_the_fields_of_a_script_export_too(tmp_path: Path) -> None:
    target = tmp_path / "stats.csv"
    result = run("--data", str(RENDER), "stats", "-f", "json", "--fields", "value,id", "--export", str(target))
    assert result.exit_code == 0, result.output
    assert [list(row) for row in json.loads(result.stdout)["results"]] == [["value", "id"]] * 2
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows[0] == ["value", "id"] and len(rows) == 3


def test_a_fifo_is_refused_without_waiting_for_a_reader(tmp_path: Path) -> None:
    fifo = tmp_path / "page.html"
    os.mkfifo(fifo)
    done = subprocess.run(
        [*INSTALLED, "--data", str(RENDER), "stats", "--export", str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,  # the bug this guards against was a hang
        check=False,
    )
    assert done.returncode == ExitCode.OUTPUT
    assert (
        done.stderr == f"milafacts: error: cannot write {fifo}: not a regular file (an export replaces only a file)\n"
    )


def test_a_failed_export_leaves_the_earlier_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    earlier = tmp_path / "stats.html"
    earlier.write_text("the earlier page", encoding="utf-8")
    earlier.chmod(0o640)

    def disk_full(*_: object) -> None:
        raise OSError(28, "No space left on device")  # ENOSPC, as the last step would meet it

    monkeypatch.setattr(os, "replace", disk_full)
    result = run("--data", str(RENDER), "stats", "--export", str(earlier))
    assert result.exit_code == ExitCode.OUTPUT
    assert "no space left on the device" in result.stderr
    assert earlier.read_text(encoding="utf-8") == "the earlier page"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["stats.html"]  # no partial file left
    monkeypatch.undo()
    assert run("--data", str(RENDER), "stats", "--export", str(earlier)).exit_code == 0
    assert earlier.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert earlier.stat().st_mode & 0o777 == 0o640  # replaced, with its mode kept


def test_an_export_through_a_symlink_replaces_the_file_it_leads_to(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert run("--data", str(RENDER), "stats", "--export", str(link)).exit_code == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("id,")


def test_fields_shape_a_script_export_beside_a_table(tmp_path: Path) -> None:
    target = tmp_path / "stats.tsv"
    result = run("--data", str(RENDER), "stats", "--fields", "id,value", "--export", str(target))
    assert result.exit_code == 0, result.output
    assert "Headline figures" in result.stdout  # the table, which --fields leaves alone
    assert target.read_text(encoding="utf-8").splitlines()[0] == "id\tvalue"
    refused = run("--data", str(RENDER), "stats", "--fields", "id", "--export", str(tmp_path / "s.html"))
    assert refused.exit_code == ExitCode.USAGE and "--fields chooses the fields" in refused.stderr


def test_a_path_ending_in_a_slash_is_a_folder_not_a_file(tmp_path: Path) -> None:
    result = run("--data", str(RENDER), "stats", "--export", f"{tmp_path}/y.html/")
    assert result.exit_code == ExitCode.USAGE and "ends with a slash" in result.stderr
    assert list(tmp_path.iterdir()) == []
