"""A small SpreadsheetML (Office Open XML, ECMA-376) writer for text-only workbooks.

Enough for the checklist download and nothing more: sheets of text cells in a handful of styles,
column widths, row heights, a frozen header, an autofilter, list validations (drop-downs), print
setup and document properties. Every value is written as a shared string, so a cell is never a
formula; a value that a spreadsheet would read as a formula when retyped can also get the
"quote prefix" flag, which keeps it text when it is edited.

The output depends only on its input: entries in a fixed order, every entry dated ``moment``, so
two calls with the same arguments give identical bytes. Standard library only; part order inside
each XML part follows the schema (Excel reports a file as corrupt otherwise).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from collections.abc import Sequence

#: Characters XML 1.0, and so ``.xlsx``, cannot hold.
_XML_ILLEGAL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: Text that Excel would read as one of its ``_xHHHH_`` character escapes (ST_Xstring): the
#: underscore before it is itself escaped, so the text reads back as written.
_XSTRING_ESCAPE: Final = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_SHEET_NAME_FORBIDDEN: Final = re.compile(r"[\[\]:*?/\\]|_x[0-9A-Fa-f]{4}_")
_MAX_SHEET_NAME: Final = 31
_RESERVED_SHEET_NAME: Final = "history"  # Excel keeps it for its change tracking
_COLOR: Final = re.compile(r"[0-9A-Fa-f]{6}")
_MAX_LIST_FORMULA: Final = 255
#: Excel's tallest row, in points.
_MAX_ROW_HEIGHT: Final = 409.0
#: The earliest and latest moments a zip entry can carry.
_ZIP_EPOCH: Final = (1980, 1, 1, 0, 0, 0)
_ZIP_END: Final = (2107, 12, 31, 23, 59, 58)
#: zlib level: twice as fast as the default 6 on a large sheet, for a file about 6% larger.
_DEFLATE_LEVEL: Final = 4

_MAIN_NS: Final = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL_NS: Final = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_DECLARATION: Final = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CONTENT_TYPE: Final = "application/vnd.openxmlformats-officedocument."
_SHEET_TYPE: Final = _CONTENT_TYPE + "spreadsheetml.worksheet+xml"

A4: Final = 9
"""``paperSize`` of A4 paper (ECMA-376 Part 1, 18.3.1.63)."""


@dataclass(frozen=True)
class Font:
    """Calibri (the workbook has no theme to name a font for it) in a size, bold or not, and an
    RRGGBB colour or the default."""

    size: float = 11
    bold: bool = False
    color: str | None = None


@dataclass(frozen=True)
class CellStyle:
    """How a cell looks. ``name`` also lists the style in Excel's cell style gallery."""

    font: Font = Font()
    fill: str | None = None  # RRGGBB of a solid fill
    border: str | None = None  # RRGGBB of a thin border on all four sides
    wrap: bool = False
    vertical: str | None = None  # "top", "center" or "bottom"
    name: str | None = None


@dataclass(frozen=True)
class ListValidation:
    """A drop-down of ``choices`` over rows ``first_row`` to ``last_row`` (1-based) of a column
    (0-based); nothing else can be entered. No rows, no validation."""

    column: int
    first_row: int
    last_row: int
    choices: Sequence[str]  # none may hold a comma, Excel's separator
    prompt_title: str = ""
    prompt: str = ""
    error_title: str = ""
    error: str = ""


@dataclass(frozen=True)
class Margins:
    """Inches. The defaults are Excel's classic ones."""

    left: float = 0.75
    right: float = 0.75
    top: float = 1.0
    bottom: float = 1.0
    header: float = 0.5
    footer: float = 0.5


@dataclass(frozen=True)
class PageSetup:
    """Printing. ``header`` and ``footer`` are the centre sections in Excel's header and footer
    codes (``&P`` page number, ``&N`` pages, ``&&`` an ampersand); ``fit_to_height`` 0 means as
    many pages tall as needed."""

    paper_size: int = A4
    landscape: bool = False
    fit_to_width: int | None = None
    fit_to_height: int | None = None
    centre_horizontally: bool = False
    margins: Margins = Margins()
    header: str = ""
    footer: str = ""
    repeat_rows: int = 0


@dataclass(frozen=True)
class Row:
    values: Sequence[str]
    style: CellStyle = CellStyle()
    height: float | None = None  # points; None for the default


@dataclass(frozen=True)
class Sheet:
    title: str
    rows: Sequence[Row] = ()
    widths: Sequence[float] = ()  # characters, from column A on
    frozen_rows: int = 0
    autofilter: bool = False  # over every row and column the sheet has
    validations: Sequence[ListValidation] = ()
    page: PageSetup = PageSetup()


def xml_safe(value: str) -> str:
    """``value`` without the control characters a workbook cannot store."""
    return _XML_ILLEGAL.sub("", value)


def column_letter(index: int) -> str:
    """``A`` for 0, ``Z`` for 25, ``AA`` for 26."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def quoted_sheet_name(title: str) -> str:
    """``title`` as a formula refers to a sheet: in quotes, inner quotes doubled."""
    return "'" + title.replace("'", "''") + "'"


def workbook(
    sheets: Sequence[Sheet],
    *,
    title: str,
    creator: str,
    moment: datetime,
    quote_starts: tuple[str, ...] = (),
) -> bytes:
    """The ``.xlsx`` bytes of ``sheets``, the first one active.

    ``moment`` dates the document properties and every zip entry; a cell whose text starts with
    one of ``quote_starts`` gets Excel's quote prefix.
    """
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    _check_sheet_names([sheet.title for sheet in sheets])
    styles = _Styles()
    cells = _Cells(styles, quote_starts)
    parts = [_worksheet(sheet, cells, active=index == 0) for index, sheet in enumerate(sheets)]
    files: list[tuple[str, str]] = [
        ("[Content_Types].xml", _content_types(len(sheets), bool(cells.strings))),
        ("_rels/.rels", _PACKAGE_RELS),
        ("docProps/app.xml", _APP),
        ("docProps/core.xml", _core_properties(title, creator, moment)),
        ("xl/workbook.xml", _workbook_part(sheets)),
        ("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets), bool(cells.strings))),
        ("xl/styles.xml", styles.part()),
    ]
    if cells.strings:
        files.append(("xl/sharedStrings.xml", cells.part()))
    files += [(f"xl/worksheets/sheet{n}.xml", part) for n, part in enumerate(parts, start=1)]
    return _zip(files, moment)


# --- Text ----------------------------------------------------------------------------------------


def _xstring(value: str) -> str:
    """``value`` cleaned of what XML cannot hold, with Excel's own escape sequence escaped."""
    value = _XML_ILLEGAL.sub("", value)
    if "_x" in value:
        value = _XSTRING_ESCAPE.sub("_x005F_", value)
    return value


def _text(value: str) -> str:
    """Escaped for element content; a carriage return as a reference, or a parser drops it."""
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value.replace("\r", "&#13;") if "\r" in value else value


def _attr(value: str) -> str:
    """Escaped for a double-quoted attribute; whitespace as references, or a parser folds it."""
    value = _text(value).replace('"', "&quot;")
    return value.replace("\t", "&#9;").replace("\n", "&#10;")


def _t(value: str) -> str:
    """A ``<t>`` element, keeping leading and trailing whitespace."""
    if value[:1].isspace() or value[-1:].isspace():
        return f'<t xml:space="preserve">{_text(value)}</t>'
    return f"<t>{_text(value)}</t>"


def _number(value: float) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def _check_sheet_names(titles: list[str]) -> None:
    seen: set[str] = set()
    for title in titles:
        if (
            not title
            or len(title) > _MAX_SHEET_NAME
            or title != xml_safe(title)
            or _SHEET_NAME_FORBIDDEN.search(title)
            or title.startswith("'")
            or title.endswith("'")
            or title.casefold() in seen
            or title.casefold() == _RESERVED_SHEET_NAME
        ):
            raise ValueError(f"not a usable sheet name: {title!r}")
        seen.add(title.casefold())


class _Styled:
    """The cells of one style made so far: ``tails`` by value, each with 1 if it refers to a
    string, and the style's cell formats (the quoted one made when first needed)."""

    __slots__ = ("plain", "quoted", "style", "tails")

    def __init__(self, style: CellStyle, plain: int) -> None:
        self.style = style
        self.plain = plain
        self.quoted = -1
        self.tails: dict[str, tuple[str, int]] = {}


class _Cells:
    """Cell XML for text values, each text stored once as a shared string (``sharedStrings.xml``).

    A cell is written as ``<c r="`` + its reference + a *tail* that depends only on its style and
    value, such as ``" s="2" t="s"><v>5</v></c>``; tails are made once per style and value.
    """

    def __init__(self, styles: _Styles, quote_starts: tuple[str, ...]) -> None:
        self.styles = styles
        self.quote_starts = quote_starts
        self.strings: dict[str, int] = {}
        self.references = 0
        self._styled: dict[CellStyle, _Styled] = {}

    def styled(self, style: CellStyle) -> _Styled:
        found = self._styled.get(style)
        if found is None:
            found = self._styled[style] = _Styled(style, self.styles.format(style))
        return found

    def tail(self, styled: _Styled, value: str) -> tuple[str, int]:
        """The tail of a cell holding ``value``; no text left means a styled empty cell."""
        text = xml_safe(value)
        if not text:
            found = (f'" s="{styled.plain}"/>', 0)
        else:
            index = self.strings.setdefault(text, len(self.strings))
            xf = styled.plain
            if text.startswith(self.quote_starts):
                if styled.quoted < 0:
                    styled.quoted = self.styles.format(styled.style, quoted=True)
                xf = styled.quoted
            found = (f'" s="{xf}" t="s"><v>{index}</v></c>', 1)
        styled.tails[value] = found
        return found

    def part(self) -> str:
        items = "".join(f"<si>{_t(_xstring(text))}</si>" for text in self.strings)
        return (
            f'{_XML_DECLARATION}<sst xmlns="{_MAIN_NS}" count="{self.references}" '
            f'uniqueCount="{len(self.strings)}">{items}</sst>'
        )


# --- Styles --------------------------------------------------------------------------------------


class _Styles:
    """Fonts, fills, borders and cell formats in order of first use (``xl/styles.xml``).

    Format 0 is the plain default; each :class:`CellStyle` gets one format, and another with the
    quote prefix once a cell needs it. A named style also gets a cell style entry.
    """

    def __init__(self) -> None:
        self.fonts: list[Font] = [Font()]
        self.fills: list[str | None] = [None, "gray125"]
        self.borders: list[str | None] = [None]
        self.named: list[CellStyle] = []
        self.formats: list[tuple[CellStyle, bool]] = [(CellStyle(), False)]
        self._formats: dict[tuple[CellStyle, bool], int] = {(CellStyle(), False): 0}

    def format(self, style: CellStyle, quoted: bool = False) -> int:
        key = (style, quoted)
        found = self._formats.get(key)
        if found is None:
            for color in (style.font.color, style.fill, style.border):
                if color is not None and not _COLOR.fullmatch(color):
                    raise ValueError(f"not an RRGGBB colour: {color!r}")
            if style.font not in self.fonts:
                self.fonts.append(style.font)
            if style.fill not in self.fills:
                self.fills.append(style.fill)
            if style.border not in self.borders:
                self.borders.append(style.border)
            if style.name is not None and style not in self.named:
                if any(named.name == style.name for named in self.named):
                    raise ValueError(f"two cell styles named {style.name!r}")
                self.named.append(style)
            found = self._formats[key] = len(self.formats)
            self.formats.append(key)
        return found

    def _xf(self, style: CellStyle, extra: str) -> str:
        font = self.fonts.index(style.font)
        fill = self.fills.index(style.fill)
        border = self.borders.index(style.border)
        applied = "".join(
            f' apply{name}="1"'
            for name, used in (
                ("Font", font),
                ("Fill", fill),
                ("Border", border),
                ("Alignment", style.wrap or style.vertical),
            )
            if used
        )
        attributes = f'numFmtId="0" fontId="{font}" fillId="{fill}" borderId="{border}"'
        alignment = _alignment(style)
        if alignment:
            return f"<xf {attributes}{extra}{applied}>{alignment}</xf>"
        return f"<xf {attributes}{extra}{applied}/>"

    def part(self) -> str:
        fonts = "".join(_font(font) for font in self.fonts)
        fills = "".join(_fill(fill) for fill in self.fills)
        borders = "".join(_border(border) for border in self.borders)
        style_formats = [self._xf(CellStyle(), ""), *(self._xf(s, "") for s in self.named)]
        cell_formats = []
        for style, quoted in self.formats:
            parent = self.named.index(style) + 1 if style in self.named else 0
            extra = f' xfId="{parent}"' + (' quotePrefix="1"' if quoted else "")
            cell_formats.append(self._xf(style, extra))
        names = [
            '<cellStyle name="Normal" xfId="0" builtinId="0"/>',
            *(
                f'<cellStyle name="{_attr(str(style.name))}" xfId="{n}"/>'
                for n, style in enumerate(self.named, start=1)
            ),
        ]
        return (
            f'{_XML_DECLARATION}<styleSheet xmlns="{_MAIN_NS}">'
            f'<fonts count="{len(self.fonts)}">{fonts}</fonts>'
            f'<fills count="{len(self.fills)}">{fills}</fills>'
            f'<borders count="{len(self.borders)}">{borders}</borders>'
            f'<cellStyleXfs count="{len(style_formats)}">{"".join(style_formats)}</cellStyleXfs>'
            f'<cellXfs count="{len(cell_formats)}">{"".join(cell_formats)}</cellXfs>'
            f'<cellStyles count="{len(names)}">{"".join(names)}</cellStyles>'
            '<dxfs count="0"/>'
            '<tableStyles count="0" defaultTableStyle="TableStyleMedium9"'
            ' defaultPivotStyle="PivotStyleLight16"/>'
            "</styleSheet>"
        )


def _font(font: Font) -> str:
    bold = "<b/>" if font.bold else ""
    color = f'<color rgb="FF{font.color}"/>' if font.color else ""
    return (
        f'<font>{bold}<sz val="{_number(font.size)}"/>{color}'
        '<name val="Calibri"/><family val="2"/></font>'
    )


def _fill(fill: str | None) -> str:
    if fill is None:
        return '<fill><patternFill patternType="none"/></fill>'
    if fill == "gray125":
        return '<fill><patternFill patternType="gray125"/></fill>'
    return (
        f'<fill><patternFill patternType="solid"><fgColor rgb="FF{fill}"/>'
        '<bgColor indexed="64"/></patternFill></fill>'
    )


def _border(color: str | None) -> str:
    if color is None:
        return "<border><left/><right/><top/><bottom/><diagonal/></border>"
    side = "".join(
        f'<{edge} style="thin"><color rgb="FF{color}"/></{edge}>'
        for edge in ("left", "right", "top", "bottom")
    )
    return f"<border>{side}<diagonal/></border>"


def _alignment(style: CellStyle) -> str:
    attributes = (f' vertical="{style.vertical}"' if style.vertical else "") + (
        ' wrapText="1"' if style.wrap else ""
    )
    return f"<alignment{attributes}/>" if attributes else ""


# --- Worksheets ----------------------------------------------------------------------------------


def _extent(sheet: Sheet) -> tuple[int, int]:
    """Columns and rows the sheet spans, at least one of each (an empty sheet spans A1)."""
    columns = max([len(sheet.widths), *(len(row.values) for row in sheet.rows)], default=1)
    return max(columns, 1), max(len(sheet.rows), 1)


def _worksheet(sheet: Sheet, cells: _Cells, *, active: bool) -> str:
    columns, rows = _extent(sheet)
    letters = [column_letter(index) for index in range(columns)]
    last = f"{letters[-1]}{rows}"
    out = [f'{_XML_DECLARATION}<worksheet xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">']
    page = sheet.page
    if page.fit_to_width is not None or page.fit_to_height is not None:
        out.append('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>')
    out.append(f'<dimension ref="{"A1" if last == "A1" else "A1:" + last}"/>')
    selected = ' tabSelected="1"' if active else ""
    if sheet.frozen_rows:
        top = f"A{sheet.frozen_rows + 1}"
        out.append(
            f'<sheetViews><sheetView{selected} workbookViewId="0">'
            f'<pane ySplit="{sheet.frozen_rows}" topLeftCell="{top}" activePane="bottomLeft"'
            ' state="frozen"/>'
            f'<selection pane="bottomLeft" activeCell="{top}" sqref="{top}"/>'
            "</sheetView></sheetViews>"
        )
    else:
        out.append(f'<sheetViews><sheetView{selected} workbookViewId="0"/></sheetViews>')
    out.append('<sheetFormatPr defaultRowHeight="15"/>')
    if sheet.widths:
        widths = "".join(
            f'<col min="{n}" max="{n}" width="{_number(w)}" customWidth="1"/>'
            for n, w in enumerate(sheet.widths, start=1)
        )
        out.append(f"<cols>{widths}</cols>")
    out.append("<sheetData>")
    out.extend(_rows(sheet.rows, letters, cells))
    out.append("</sheetData>")
    if sheet.autofilter:
        out.append(f'<autoFilter ref="A1:{last}"/>')
    validations = [_validation(v) for v in sheet.validations if v.last_row >= v.first_row]
    if validations:
        out.append(
            f'<dataValidations count="{len(validations)}">{"".join(validations)}</dataValidations>'
        )
    if page.centre_horizontally:
        out.append('<printOptions horizontalCentered="1"/>')
    margins = page.margins
    out.append(
        f'<pageMargins left="{_number(margins.left)}" right="{_number(margins.right)}"'
        f' top="{_number(margins.top)}" bottom="{_number(margins.bottom)}"'
        f' header="{_number(margins.header)}" footer="{_number(margins.footer)}"/>'
    )
    fit = "".join(
        f' {name}="{value}"'
        for name, value in (("fitToWidth", page.fit_to_width), ("fitToHeight", page.fit_to_height))
        if value is not None
    )
    orientation = "landscape" if page.landscape else "portrait"
    out.append(f'<pageSetup paperSize="{page.paper_size}"{fit} orientation="{orientation}"/>')
    if page.header or page.footer:
        header = f"<oddHeader>{_text('&C' + _xstring(page.header))}</oddHeader>"
        footer = f"<oddFooter>{_text('&C' + _xstring(page.footer))}</oddFooter>"
        out.append(
            f"<headerFooter>{header if page.header else ''}{footer if page.footer else ''}"
            "</headerFooter>"
        )
    out.append("</worksheet>")
    return "".join(out)


def _rows(rows: Sequence[Row], letters: list[str], cells: _Cells) -> list[str]:
    out = []
    heads = [f'<c r="{letter}' for letter in letters]
    references = 0
    styled: _Styled | None = None
    for number, row in enumerate(rows, start=1):
        if styled is None or row.style is not styled.style:
            styled = cells.styled(row.style)
        tails = styled.tails
        if row.height is None:
            out.append(f'<row r="{number}">')
        else:
            height = _number(min(row.height, _MAX_ROW_HEIGHT))
            out.append(f'<row r="{number}" ht="{height}" customHeight="1">')
        reference = str(number)
        for head, value in zip(heads, row.values, strict=False):
            tail, counted = tails.get(value) or cells.tail(styled, value)
            out.append(f"{head}{reference}{tail}")
            references += counted
        out.append("</row>")
    cells.references += references
    return out


def _validation(validation: ListValidation) -> str:
    choices = [_xstring(choice) for choice in validation.choices]
    if not choices or any("," in choice for choice in choices):
        raise ValueError(f"list choices must be given, without commas: {choices!r}")
    formula = '"' + ",".join(choice.replace('"', '""') for choice in choices) + '"'
    if len(formula) > _MAX_LIST_FORMULA:
        raise ValueError(f"list choices longer than Excel takes: {formula!r}")
    column = column_letter(validation.column)
    messages = "".join(
        f' {name}="{_attr(_xstring(text))}"'
        for name, text in (
            ("errorTitle", validation.error_title),
            ("error", validation.error),
            ("promptTitle", validation.prompt_title),
            ("prompt", validation.prompt),
        )
        if text
    )
    # showDropDown is left out: its "1" would hide the in-cell arrow.
    return (
        '<dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1"'
        f'{messages} sqref="{column}{validation.first_row}:{column}{validation.last_row}">'
        f"<formula1>{_text(formula)}</formula1></dataValidation>"
    )


# --- Workbook and package ------------------------------------------------------------------------


def _workbook_part(sheets: Sequence[Sheet]) -> str:
    entries = "".join(
        f'<sheet name="{_attr(sheet.title)}" sheetId="{n}" r:id="rId{n}"/>'
        for n, sheet in enumerate(sheets, start=1)
    )
    names = []
    for index, sheet in enumerate(sheets):
        quoted = quoted_sheet_name(sheet.title)
        if sheet.autofilter:
            columns, rows = _extent(sheet)
            last = f"${column_letter(columns - 1)}${rows}"
            names.append(
                f'<definedName name="_xlnm._FilterDatabase" localSheetId="{index}" hidden="1">'
                f"{_text(quoted)}!$A$1:{last}</definedName>"
            )
        if sheet.page.repeat_rows:
            names.append(
                f'<definedName name="_xlnm.Print_Titles" localSheetId="{index}">'
                f"{_text(quoted)}!$1:${sheet.page.repeat_rows}</definedName>"
            )
    defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
    return (
        f'{_XML_DECLARATION}<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
        '<workbookPr/><bookViews><workbookView activeTab="0"/></bookViews>'
        f"<sheets>{entries}</sheets>{defined}</workbook>"
    )


def _relationship(number: int, kind: str, target: str) -> str:
    return f'<Relationship Id="rId{number}" Type="{kind}" Target="{target}"/>'


def _workbook_rels(sheet_count: int, with_strings: bool) -> str:
    relations = [
        _relationship(n, f"{_REL_NS}/worksheet", f"worksheets/sheet{n}.xml")
        for n in range(1, sheet_count + 1)
    ]
    relations.append(_relationship(sheet_count + 1, f"{_REL_NS}/styles", "styles.xml"))
    if with_strings:
        relations.append(
            _relationship(sheet_count + 2, f"{_REL_NS}/sharedStrings", "sharedStrings.xml")
        )
    return _relationships(relations)


def _relationships(relations: list[str]) -> str:
    return (
        f'{_XML_DECLARATION}<Relationships xmlns="{_PACKAGE_REL_NS}">'
        f"{''.join(relations)}</Relationships>"
    )


_PACKAGE_RELS: Final = _relationships(
    [
        _relationship(1, f"{_REL_NS}/officeDocument", "xl/workbook.xml"),
        _relationship(2, f"{_PACKAGE_REL_NS}/metadata/core-properties", "docProps/core.xml"),
        _relationship(3, f"{_REL_NS}/extended-properties", "docProps/app.xml"),
    ]
)

_APP: Final = (
    f"{_XML_DECLARATION}<Properties"
    ' xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>dx-playbook</Application></Properties>"
)


def _content_types(sheet_count: int, with_strings: bool) -> str:
    parts = [
        ("/xl/workbook.xml", _CONTENT_TYPE + "spreadsheetml.sheet.main+xml"),
        *((f"/xl/worksheets/sheet{n}.xml", _SHEET_TYPE) for n in range(1, sheet_count + 1)),
        ("/xl/styles.xml", _CONTENT_TYPE + "spreadsheetml.styles+xml"),
        *(
            [("/xl/sharedStrings.xml", _CONTENT_TYPE + "spreadsheetml.sharedStrings+xml")]
            if with_strings
            else []
        ),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/docProps/app.xml", _CONTENT_TYPE + "extended-properties+xml"),
    ]
    overrides = "".join(
        f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in parts
    )
    return (
        f"{_XML_DECLARATION}"
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels"'
        ' ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{overrides}</Types>"
    )


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _core_properties(title: str, creator: str, moment: datetime) -> str:
    stamp = _utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        f"{_XML_DECLARATION}<cp:coreProperties"
        ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:dcmitype="http://purl.org/dc/dcmitype/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_text(xml_safe(title))}</dc:title>"
        f"<dc:creator>{_text(xml_safe(creator))}</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def _zip(files: list[tuple[str, str]], moment: datetime) -> bytes:
    stamp = min(max(_utc(moment).timetuple()[:6], _ZIP_EPOCH), _ZIP_END)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, wherever the build runs
            info.external_attr = 0o100644 << 16
            archive.writestr(info, text.encode("utf-8"), compresslevel=_DEFLATE_LEVEL)
    return buffer.getvalue()


__all__ = [
    "A4",
    "CellStyle",
    "Font",
    "ListValidation",
    "Margins",
    "PageSetup",
    "Row",
    "Sheet",
    "column_letter",
    "quoted_sheet_name",
    "workbook",
    "xml_safe",
]
