//! Annex A as an Excel workbook (Office Open XML), written by hand: one
//! sheet per list, named as the template names them ("List 1".."List
//! 11"), a bold header row, text as inline strings and dates as date
//! serial numbers shown `dd/mm/yyyy`. The bytes depend only on the lists.

use super::{AnnexA, Cell, List, zip};
use chrono::NaiveDate;
use std::fmt::Write;

const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PACKAGE_REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// Cell style indexes in `styles.xml`.
const STYLE_HEADER: u8 = 1;
const STYLE_DATE: u8 = 2;

pub fn write(annex: &AnnexA) -> Vec<u8> {
    let mut parts: Vec<(String, String)> = vec![
        ("[Content_Types].xml".to_string(), content_types(annex.lists.len())),
        ("_rels/.rels".to_string(), root_rels()),
        ("xl/workbook.xml".to_string(), workbook(&annex.lists)),
        ("xl/_rels/workbook.xml.rels".to_string(), workbook_rels(annex.lists.len())),
        ("xl/styles.xml".to_string(), styles()),
    ];
    for (i, list) in annex.lists.iter().enumerate() {
        parts.push((format!("xl/worksheets/sheet{}.xml", i + 1), sheet(list)));
    }
    let entries: Vec<(&str, &[u8])> = parts.iter().map(|(name, xml)| (name.as_str(), xml.as_bytes())).collect();
    zip::write(&entries)
}

fn content_types(sheets: usize) -> String {
    let mut xml = String::from(DECLARATION);
    xml.push_str("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">");
    xml.push_str("<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>");
    xml.push_str("<Default Extension=\"xml\" ContentType=\"application/xml\"/>");
    xml.push_str(
        "<Override PartName=\"/xl/workbook.xml\" \
         ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>",
    );
    xml.push_str(
        "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>",
    );
    for i in 1..=sheets {
        let _ = write!(
            xml,
            "<Override PartName=\"/xl/worksheets/sheet{i}.xml\" \
             ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        );
    }
    xml.push_str("</Types>");
    xml
}

fn root_rels() -> String {
    format!(
        "{DECLARATION}<Relationships xmlns=\"{PACKAGE_REL_NS}\">\
         <Relationship Id=\"rId1\" Type=\"{REL_NS}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
    )
}

fn workbook(lists: &[List]) -> String {
    let mut xml = format!("{DECLARATION}<workbook xmlns=\"{MAIN_NS}\" xmlns:r=\"{REL_NS}\"><sheets>");
    for (i, list) in lists.iter().enumerate() {
        let _ = write!(xml, "<sheet name=\"{}\" sheetId=\"{}\" r:id=\"rId{}\"/>", escape(&list.sheet_name()), i + 1, i + 1);
    }
    xml.push_str("</sheets></workbook>");
    xml
}

fn workbook_rels(sheets: usize) -> String {
    let mut xml = format!("{DECLARATION}<Relationships xmlns=\"{PACKAGE_REL_NS}\">");
    for i in 1..=sheets {
        let _ = write!(xml, "<Relationship Id=\"rId{i}\" Type=\"{REL_NS}/worksheet\" Target=\"worksheets/sheet{i}.xml\"/>");
    }
    let _ = write!(xml, "<Relationship Id=\"rId{}\" Type=\"{REL_NS}/styles\" Target=\"styles.xml\"/>", sheets + 1);
    xml.push_str("</Relationships>");
    xml
}

/// Three cell formats: the default, bold (headers) and a UK date.
fn styles() -> String {
    format!(
        "{DECLARATION}<styleSheet xmlns=\"{MAIN_NS}\">\
         <numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/></numFmts>\
         <fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>\
         <font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>\
         <fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>\
         <borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
         <cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>\
         <cellXfs count=\"3\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>\
         <xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>\
         <xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/></cellXfs>\
         <cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>"
    )
}

fn sheet(list: &List) -> String {
    let mut xml = format!(
        "{DECLARATION}<worksheet xmlns=\"{MAIN_NS}\"><sheetViews><sheetView workbookViewId=\"0\">\
         <pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews><sheetData>"
    );
    xml.push_str("<row r=\"1\">");
    for (c, header) in list.headers.iter().enumerate() {
        text_cell(&mut xml, &reference(c, 1), header, Some(STYLE_HEADER));
    }
    xml.push_str("</row>");
    for (r, row) in list.rows.iter().enumerate() {
        let n = r + 2;
        let _ = write!(xml, "<row r=\"{n}\">");
        for (c, cell) in row.iter().enumerate() {
            let at = reference(c, n);
            match cell {
                Cell::Blank => {}
                Cell::Text(s) => text_cell(&mut xml, &at, s, None),
                Cell::Number(v) => {
                    let _ = write!(xml, "<c r=\"{at}\"><v>{v}</v></c>");
                }
                Cell::Date(d) => {
                    let _ = write!(xml, "<c r=\"{at}\" s=\"{STYLE_DATE}\"><v>{}</v></c>", serial(*d));
                }
            }
        }
        xml.push_str("</row>");
    }
    xml.push_str("</sheetData></worksheet>");
    xml
}

fn text_cell(xml: &mut String, at: &str, text: &str, style: Option<u8>) {
    let style = style.map(|s| format!(" s=\"{s}\"")).unwrap_or_default();
    // Leading or trailing spaces (the template's "Date of Adoption Order ")
    // survive only when marked to be kept.
    let space = if text.trim() != text { " xml:space=\"preserve\"" } else { "" };
    let _ = write!(xml, "<c r=\"{at}\" t=\"inlineStr\"{style}><is><t{space}>{}</t></is></c>", escape(text));
}

/// `A1`-style reference of a zero-based column and one-based row.
pub fn reference(column: usize, row: usize) -> String {
    let mut letters = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{row}", String::from_utf8_lossy(&letters))
}

/// Excel's date serial number: days since 30 December 1899 (the 1900
/// date system, whose phantom 29 February 1900 this offset absorbs for
/// every date from March 1900).
pub fn serial(date: NaiveDate) -> i64 {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or(NaiveDate::MIN);
    (date - epoch).num_days()
}

/// Text escaped for XML; characters XML 1.0 cannot hold are dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(ch),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn references_and_serials_are_as_excel_has_them() {
        assert_eq!(reference(0, 1), "A1");
        assert_eq!(reference(25, 2), "Z2");
        assert_eq!(reference(26, 3), "AA3");
        assert_eq!(reference(33, 1), "AH1");
        assert_eq!(reference(701, 1), "ZZ1");
        assert_eq!(reference(702, 1), "AAA1");
        assert_eq!(serial(d(1900, 3, 1)), 61);
        assert_eq!(serial(d(2025, 4, 1)), 45748);
    }

    #[test]
    fn text_is_escaped_and_edge_spaces_kept() {
        assert_eq!(escape("Tom & Jerry <\"x\">\u{1}"), "Tom &amp; Jerry &lt;&quot;x&quot;&gt;");
        let mut xml = String::new();
        text_cell(&mut xml, "M1", "Date of Adoption Order ", Some(STYLE_HEADER));
        assert_eq!(xml, "<c r=\"M1\" t=\"inlineStr\" s=\"1\"><is><t xml:space=\"preserve\">Date of Adoption Order </t></is></c>");
    }
}
