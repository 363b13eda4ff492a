"""Vendor the fonts under static/fonts from the npm registry (Fontsource packages, SIL OFL 1.1).

    .venv/bin/python scripts/vendor_fonts.py      (or `make vendor`)

FONTS below is the record: each package, its version and the files taken from it. The script fetches each
package with `npm pack`, copies those files and its LICENSE into static/fonts/<folder>/, and writes
static/fonts/pdf-fallback.json and static/fonts/README.md. WEB_FONTS are the web pages' own: one variable
WOFF 2 file of Plus Jakarta Sans holds every weight static/css/portal.css uses (27 kB against 48 kB for four
static files); PDFs keep the static WOFF files.

The main fonts' Latin files are named by the PDF stylesheet itself (templates/pdf/_base.html); the web
pages name the variable file (static/css/portal.css). Everything else a printed name may need is in
pdf-fallback.json, in the order it is tried: more of the main fonts' own letters (Latin Extended,
Vietnamese, Cyrillic), then Noto Sans for the other scripts. A chain is the text of one main font: "sans-serif" (Plus Jakarta Sans) or "serif"
(Playfair Display). Each family covers only the characters that no font before it in its chains has, so
every character has one file to come from and portal/pdf.py loads only those a document's text needs.
Every file is a family of its own: WeasyPrint tells fonts apart by family, weight and style only.
A CJK slice that shares characters with an earlier font is cut to the ones it adds; every other file is
copied as the package has it.
"""
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools import subset as subsetting
from fontTools.ttLib import TTFont

FONTS_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"
MANIFEST = "pdf-fallback.json"
NUMBERED = "numbered"  # a CJK package's slices of the whole font: noto-sans-kr-0-400-normal.woff, …
# WOFF, as the main PDF fonts: WeasyPrint unpacks WOFF 2 glyph by glyph in Python, ~60 ms a file every document.
FORMAT = "woff"
REGULAR, BOLD = (400, "normal"), (700, "normal")
CHAINS = ("sans-serif", "serif")  # the generic family each main font's text ends on


@dataclass
class Font:
    """One npm package: the subsets the main stylesheets name (`base`) and those loaded when needed (`more`),
    for the text of the chains it is in."""

    package: str
    version: str
    family: str
    faces: tuple
    chains: tuple = CHAINS
    base: tuple = ()
    base_formats: tuple = ()
    more: tuple = ()

    @property
    def folder(self):
        return self.package.split("/")[-1]

    def file(self, subset, face, extension):
        weight, style = face
        return f"{self.folder}-{subset}-{weight}-{style}.{extension}"


JAKARTA_FACES = ((400, "normal"), (600, "normal"), (700, "normal"), (800, "normal"))
PLAYFAIR_FACES = ((700, "normal"), (700, "italic"), (400, "italic"))
# In chain order: a family's faces are tried in this order, and so are the fallback packages after the main fonts.
# Chinese before Korean before Japanese: an ideograph comes from Noto Sans SC when it has it.
FONTS = (
    Font("@fontsource/plus-jakarta-sans", "5.3.0", "Plus Jakarta Sans", JAKARTA_FACES, chains=("sans-serif",),
         base=("latin",), base_formats=("woff",), more=("latin-ext", "vietnamese")),
    Font("@fontsource/playfair-display", "5.3.0", "Playfair Display", PLAYFAIR_FACES, chains=("serif",),
         base=("latin",), base_formats=("woff",), more=("latin-ext", "vietnamese", "cyrillic")),
    Font("@fontsource/noto-sans", "5.3.0", "Noto Sans", (REGULAR, BOLD),
         more=("latin-ext", "vietnamese", "cyrillic", "cyrillic-ext", "greek", "greek-ext", "devanagari")),
    Font("@fontsource/noto-sans-arabic", "5.3.0", "Noto Sans Arabic", (REGULAR, BOLD), more=("arabic",)),
    Font("@fontsource/noto-sans-thai", "5.3.0", "Noto Sans Thai", (REGULAR, BOLD), more=("thai",)),
    Font("@fontsource/noto-sans-sc", "5.3.0", "Noto Sans SC", (REGULAR, BOLD), more=(NUMBERED,)),
    Font("@fontsource/noto-sans-kr", "5.3.0", "Noto Sans KR", (REGULAR, BOLD), more=(NUMBERED,)),
    Font("@fontsource/noto-sans-jp", "5.3.0", "Noto Sans JP", (REGULAR, BOLD), more=(NUMBERED,)),
)


@dataclass
class WebFont:
    """A package of variable fonts for the web pages: the files the stylesheet names, copied as they are."""

    package: str
    version: str
    folder: str
    files: tuple


WEB_FONTS = (
    WebFont("@fontsource-variable/plus-jakarta-sans", "5.3.0", "plus-jakarta-sans-variable",
            ("plus-jakarta-sans-latin-wght-normal.woff2",)),
)


def unpack(font, into):
    """The package's folder, fetched with `npm pack` and unpacked under `into`."""
    spec = f"{font.package}@{font.version}"
    result = subprocess.run(["npm", "pack", "--silent", spec, "--pack-destination", into],
                            check=True, capture_output=True, text=True)
    archive = Path(into) / result.stdout.split()[-1]
    target = Path(into) / font.folder
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    return target / "package"


def subsets(font, files):
    """The fallback subsets in chain order, numbered slices expanded in their own order."""
    for subset in font.more:
        if subset != NUMBERED:
            yield subset
            continue
        pattern = re.compile(rf"{re.escape(font.folder)}-(\d+)-400-normal\.{FORMAT}")
        yield from sorted((m[1] for m in map(pattern.fullmatch, (f.name for f in files.iterdir())) if m), key=int)


@cache
def code_points(path):
    """The characters a font file has glyphs for."""
    return set(TTFont(path).getBestCmap())


def unicode_range(points):
    """`U+41-5A, U+C0` for a set of code points."""
    spans = []
    for point in sorted(points):
        if spans and point == spans[-1][1] + 1:
            spans[-1][1] = point
        else:
            spans.append([point, point])
    return ", ".join(f"U+{first:X}" if first == last else f"U+{first:X}-{last:X}" for first, last in spans)


def cut(source, points, target):
    """Write a CJK slice with only the glyphs of `points` (and what their layout features reach): the rest of its
    characters come from a font earlier in the chain, and would only weigh on the repository."""
    options = subsetting.Options(flavor=FORMAT, layout_features=["*"], name_IDs=["*"], name_languages=["*"],
                                 notdef_outline=True, hinting=True)
    font = subsetting.load_font(str(source), options)
    subsetter = subsetting.Subsetter(options)
    subsetter.populate(unicodes=points)
    subsetter.subset(font)
    subsetting.save_font(font, str(target), options)


def family_entry(font, subset, name, points):
    """A fallback family of the manifest: its name, chains, faces (paths under static/fonts) and characters."""
    faces = [dict(weight=weight, style=style, src=f"{font.folder}/{font.file(subset, (weight, style), FORMAT)}")
             for weight, style in font.faces]
    return dict(name=name, chains=list(font.chains), faces=faces,
                unicode_range=unicode_range(points))


def vendor(font, package, covered):
    """Copy the package's files, and return the manifest's families of its fallback subsets.

    `covered` is the set of characters its chains have before this package; it grows with each subset that
    adds any, and a subset that adds none is left out.
    """
    folder, files = FONTS_DIR / font.folder, package / "files"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(package / "LICENSE", folder / "LICENSE")
    for name in (font.file(subset, face, extension) for subset in font.base for face in font.faces
                 for extension in font.base_formats):
        shutil.copyfile(files / name, folder / name)
    slices = list(subsets(font, files))
    # What every slice carries (the spaces): a cut slice keeps it, so a run of its script keeps its spaces.
    numbered = [code_points(files / font.file(s, font.faces[0], FORMAT)) for s in slices if s.isdigit()]
    shared = set.intersection(*numbered) if numbered else set()
    families = []
    for subset in slices:
        added = code_points(files / font.file(subset, font.faces[0], FORMAT)) - covered
        if added:
            covered |= added
            copy_faces(font, subset, files, folder, added, shared)
            name = font.family if len(slices) == 1 else f"{font.family} {subset}"
            families.append(family_entry(font, subset, name, added))
    return families


def copy_faces(font, subset, files, folder, added, shared):
    """Copy each face of a subset, a CJK slice cut to the characters it adds (and the shared ones)."""
    for face in font.faces:
        name = font.file(subset, face, FORMAT)
        has = code_points(files / name)
        if not added <= has:
            sys.exit(f"{name} lacks characters of the subset's first face: the faces of a subset must match")
        keep = added | (has & shared)
        if subset.isdigit() and has != keep:
            cut(files / name, keep, folder / name)
        else:
            shutil.copyfile(files / name, folder / name)


def copy_web_font(font, package):
    """Copy a web font package's named files and its LICENSE."""
    folder = FONTS_DIR / font.folder
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("LICENSE", *(f"files/{file}" for file in font.files)):
        shutil.copyfile(package / name, folder / Path(name).name)


def main():
    """Vendor every package of FONTS and WEB_FONTS, then write the fallback manifest and the record."""
    for font in FONTS + WEB_FONTS:
        shutil.rmtree(FONTS_DIR / font.folder, ignore_errors=True)
    chains, families, licences = {}, [], {}
    with tempfile.TemporaryDirectory() as temporary:
        packages = {font.package: unpack(font, temporary) for font in FONTS + WEB_FONTS}
        for font in WEB_FONTS:
            copy_web_font(font, packages[font.package])
            licences[font.package] = json.loads((packages[font.package] / "package.json").read_text())["license"]
        for font in (font for font in FONTS if font.base):
            files = packages[font.package] / "files"
            [chain] = font.chains
            chains[chain] = set.intersection(*(code_points(files / font.file(subset, face, "woff"))
                                               for subset in font.base for face in font.faces))
        for font in FONTS:
            # What a font adds is what one of its chains lacks; what it adds, all of them have from then on.
            covered = set.intersection(*(chains[chain] for chain in font.chains))
            families += vendor(font, packages[font.package], covered)
            for chain in font.chains:
                chains[chain] |= covered
            licences[font.package] = json.loads((packages[font.package] / "package.json").read_text())["license"]
    about = ("Written by scripts/vendor_fonts.py: do not edit. The fonts a printed document loads when its text needs "
             "them (portal/pdf.py), in the order they are tried.")
    lines = ",\n  ".join(json.dumps(family) for family in families)  # a family a line: a new version reads as a diff
    (FONTS_DIR / MANIFEST).write_text(f'{{"about": {json.dumps(about)},\n "families": [\n  {lines}\n]}}\n')
    write_record(licences)


def write_record(licences):
    lines = ["# Vendored fonts", "",
             "Written by `scripts/vendor_fonts.py` (`make vendor`), which fetches each package from the npm registry.",
             "Each folder holds the package's LICENSE. `pdf-fallback.json` lists the faces a printed document loads",
             "when its text needs them, and the characters each one is for.", "",
             "| folder | package | version | licence | files | bytes |", "|---|---|---|---|---|---|"]
    for font in FONTS + WEB_FONTS:
        files = [p for p in (FONTS_DIR / font.folder).iterdir() if p.name != "LICENSE"]
        lines.append(f"| {font.folder} | {font.package} | {font.version} | {licences[font.package]} | {len(files)} "
                     f"| {sum(p.stat().st_size for p in files)} |")
    (FONTS_DIR / "README.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
