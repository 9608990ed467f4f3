#!/usr/bin/env python3
"""Builds NotoSansCJKsc-HanFallback.ttf: the Han ideographs that Noto Sans SC lacks
(mostly CJK Extension B-G, e.g. U+20BB7), cut from Debian's fonts-noto-cjk
NotoSansCJKsc-Regular and converted to TrueType outlines so it embeds like the main
font (FontFile2). A development-time tool: the output file is committed.

    apt-get install fonttools fonts-noto-cjk
    node -e '...'   # writes the code point list, see README.md
    python3 resources/fonts/make-fallback.py UNICODES_FILE OUT.ttf
"""
import sys
from fontTools import subset
from fontTools.ttLib import TTFont, newTable
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen

SRC = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
SC_INDEX = 2  # jp, kr, sc, tc, hk: the Simplified Chinese face

unicodes_file, out = sys.argv[1], sys.argv[2]
codepoints = [int(u.strip()[2:], 16) for u in open(unicodes_file).read().replace("\n", ",").split(",") if u.strip()]

font = TTFont(SRC, fontNumber=SC_INDEX)
opts = subset.Options()
opts.layout_features = []
opts.hinting = False
opts.desubroutinize = True
opts.notdef_outline = True
opts.name_IDs = ["*"]
sub = subset.Subsetter(opts)
sub.populate(unicodes=codepoints)
sub.subset(font)

# CFF -> glyf: quadratic outlines within 1 unit of the cubic originals.
order = font.getGlyphOrder()
gs = font.getGlyphSet()
glyf = newTable("glyf")
glyf.glyphOrder = order
glyf.glyphs = {}
for name in order:
    pen = TTGlyphPen(None)
    gs[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
    glyf.glyphs[name] = pen.glyph()
font["glyf"] = glyf
font["loca"] = newTable("loca")
del font["CFF "]
if "VORG" in font:
    del font["VORG"]
maxp = font["maxp"]
maxp.tableVersion = 0x00010000
for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
    setattr(maxp, attr, 0)
maxp.maxZones = 1
font["head"].glyphDataFormat = 0
font["post"].formatType = 3.0
font.sfntVersion = "\x00\x01\x00\x00"

# A Modified Version under the OFL: give it its own name, keep copyright and licence.
FAMILY = "Noto Sans CJK SC Han Fallback"
PS = "NotoSansCJKsc-HanFallback"
name = font["name"]
for rec in list(name.names):
    if rec.nameID in (1, 3, 4, 6, 16, 17, 21, 22):
        name.removeNames(nameID=rec.nameID)
for pid, eid, lid in ((3, 1, 0x409), (1, 0, 0)):
    name.setName(FAMILY, 1, pid, eid, lid)
    name.setName("Regular", 2, pid, eid, lid)
    name.setName(PS + ";subset for Yiyang", 3, pid, eid, lid)
    name.setName(FAMILY, 4, pid, eid, lid)
    name.setName(PS, 6, pid, eid, lid)
font.save(out)
print(f"{out}: {len(order)} glyphs, {len(codepoints)} code points")
