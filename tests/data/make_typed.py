#!/usr/bin/env python3
# make_typed.py - writes tests/data/typed.xlsx: a sheet of visits as a person
# types it in Excel or WPS (not as gridcase exports it), built part by part:
# Chinese label headers in shared strings (one in rich-text runs), the grid's
# 15-digit code typed as a number (stored as 5.10304001001001E+14), yes/no
# as real booleans (t="b", TRUE/FALSE), a date typed as text, an empty cell,
# a column gap, and a second sheet that must not be read. The first sheet's
# part is called list.xml, not sheet1.xml. Run: python3 tests/data/make_typed.py
import os, zipfile

NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
PKG = 'http://schemas.openxmlformats.org/package/2006/relationships'

parts = {
    '[Content_Types].xml':
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/list.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '</Types>',
    '_rels/.rels':
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="%s">'
        '<Relationship Id="rId1" Type="%sofficeDocument" Target="xl/workbook.xml"/></Relationships>' % (PKG, REL),
    'xl/workbook.xml':
        '<?xml version="1.0" encoding="UTF-8"?><workbook %s><sheets>'
        '<sheet name="走访" sheetId="1" r:id="rId7"/><sheet name="说明" sheetId="2" r:id="rId1"/>'
        '</sheets></workbook>' % NS,
    'xl/_rels/workbook.xml.rels':
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="%s">'
        '<Relationship Id="rId1" Type="%sworksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId7" Type="%sworksheet" Target="worksheets/list.xml"/>'
        '<Relationship Id="rId3" Type="%ssharedStrings" Target="sharedStrings.xml"/>'
        '</Relationships>' % (PKG, REL, REL, REL),
    'xl/sharedStrings.xml':
        '<?xml version="1.0" encoding="UTF-8"?><sst %s>'
        '<si><t>node</t></si>'                                       # 0
        '<si><r><rPr><b/></rPr><t>走访</t></r><r><t>户</t></r></si>'  # 1: 走访户, in two runs
        '<si><t>走访日期</t></si>'                                   # 2
        '<si><t>需跟进</t></si>'                                     # 3
        '<si><t>了解情况</t></si>'                                   # 4
        '<si><t>人民路1号</t></si>'                                  # 5
        '<si><t>人民路2号</t></si>'                                  # 6
        '<si><t>第一行_x000A_第二行</t></si>'                        # 7
        '</sst>' % NS,
    'xl/worksheets/list.xml':
        '<?xml version="1.0" encoding="UTF-8"?><worksheet %s><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>'
        '<c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>'
        '<row r="2"><c r="A2"><v>5.10304001001001E+14</v></c><c r="B2" t="s"><v>5</v></c>'
        '<c r="C2" t="inlineStr"><is><t>2026-11-20</t></is></c><c r="D2" t="b"><v>1</v></c>'
        '<c r="E2" t="s"><v>7</v></c></row>'
        '<row r="3"><c r="A3"><v>510304001001001</v></c><c r="B3" t="s"><v>6</v></c>'
        '<c r="C3" t="inlineStr"><is><t>2026-11-21</t></is></c><c r="D3" t="b"><v>0</v></c></row>'
        '</sheetData></worksheet>' % NS,
    'xl/worksheets/sheet1.xml':
        '<?xml version="1.0" encoding="UTF-8"?><worksheet %s><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>not this sheet</t></is></c></row>'
        '</sheetData></worksheet>' % NS,
}

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'typed.xlsx')
with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
    for name, text in parts.items():
        info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, text.encode('utf-8'))
