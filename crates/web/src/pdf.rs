//! A minimal PDF 1.4 writer for printable letters such as the parents'
//! version of a child protection plan (F18). Families are often sent such
//! documents by email or given them on paper, so a PDF that any reader
//! opens matters; a whole PDF library is more than these pages need.
//!
//! It writes A4 pages of headings, wrapped paragraphs, bullet items and
//! quoted text, in the two standard fonts every PDF reader carries
//! (Helvetica and Helvetica-Bold, WinAnsiEncoding), with an uncompressed
//! content stream, a cross-reference table with exact offsets, and a page
//! number on every page. Widths come from Helvetica's AFM metrics.

use std::fmt::Write as _;

/// A4 in points.
const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
const MARGIN: f32 = 56.0;
const BOTTOM: f32 = 64.0;
const TEXT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
const INDENT: f32 = 16.0;

/// What a document is made of, in reading order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Title(String),
    Heading(String),
    Paragraph(String),
    Bullet(String),
    /// Someone's own words, set in from the margin with a rule beside them.
    Quote(String),
    /// Smaller print: the footer note, the date printed.
    Small(String),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Font {
    Regular,
    Bold,
}

impl Font {
    fn name(self) -> &'static str {
        match self {
            Font::Regular => "F1",
            Font::Bold => "F2",
        }
    }
}

/// Helvetica's advance widths (1/1000 em) for ASCII 32 to 126, from the
/// Adobe Core 14 AFM files.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space to /
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0-9
    278, 278, 584, 584, 584, 556, 1015, // : to @
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667,
    611, // A-Z
    278, 278, 278, 469, 556, 333, // [ to `
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500,
    500, // a-z
    334, 260, 334, 584, // { to ~
];

const HELVETICA_BOLD: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, // space to /
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0-9
    333, 333, 584, 584, 584, 611, 975, // : to @
    722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667,
    611, // A-Z
    333, 278, 333, 584, 556, 333, // [ to `
    556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556,
    500, // a-z
    389, 280, 389, 584, // { to ~
];

/// The WinAnsiEncoding byte for a character, or `?` when it has none.
fn win_ansi(c: char) -> u8 {
    match c {
        ' '..='~' => c as u8,
        '\u{A0}'..='\u{FF}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        '„' => 0x84,
        '…' => 0x85,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '™' => 0x99,
        '\t' => b' ',
        _ => b'?',
    }
}

/// The width of one encoded byte in 1/1000 em. Bytes outside ASCII are
/// given a typical lower-case width, except the few punctuation marks
/// common in typed text.
fn byte_width(b: u8, font: Font) -> u16 {
    let table = match font {
        Font::Regular => &HELVETICA,
        Font::Bold => &HELVETICA_BOLD,
    };
    match b {
        32..=126 => table[usize::from(b - 32)],
        0x91 | 0x92 => 222,
        0x93 | 0x94 => 333,
        0x95 => 350,
        0x96 => 556,
        0x97 => 1000,
        0x85 => 1000,
        _ => 556,
    }
}

fn encode(s: &str) -> Vec<u8> {
    s.chars().filter(|c| *c != '\r' && *c != '\n').map(win_ansi).collect()
}

/// The width in points of encoded text at `size`.
fn text_width(bytes: &[u8], font: Font, size: f32) -> f32 {
    bytes.iter().map(|b| f32::from(byte_width(*b, font))).sum::<f32>() * size / 1000.0
}

/// A PDF literal string: `(`, `)` and `\` escaped, and bytes outside
/// printable ASCII written as octal, so the file stays plain text.
fn literal(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('(');
    for &b in bytes {
        match b {
            b'(' => out.push_str("\\("),
            b')' => out.push_str("\\)"),
            b'\\' => out.push_str("\\\\"),
            32..=126 => out.push(char::from(b)),
            _ => {
                let _ = write!(out, "\\{b:03o}");
            }
        }
    }
    out.push(')');
    out
}

/// Breaks text into lines no wider than `width`, at spaces; a word wider
/// than the line is broken where it must be.
fn wrap(text: &str, font: Font, size: f32, width: f32) -> Vec<Vec<u8>> {
    let mut lines = Vec::new();
    let mut line: Vec<u8> = Vec::new();
    let space = text_width(b" ", font, size);
    for word in text.split_whitespace() {
        let mut w = encode(word);
        let line_w = text_width(&line, font, size);
        let word_w = text_width(&w, font, size);
        if !line.is_empty() && line_w + space + word_w <= width {
            line.push(b' ');
            line.extend_from_slice(&w);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // A word longer than a whole line is cut into pieces that fit.
        while text_width(&w, font, size) > width {
            let mut cut = w.len();
            while cut > 1 && text_width(&w[..cut], font, size) > width {
                cut -= 1;
            }
            lines.push(w[..cut].to_vec());
            w = w[cut..].to_vec();
        }
        line = w;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

struct Style {
    font: Font,
    size: f32,
    /// Space above the block, in points.
    before: f32,
    indent: f32,
}

fn style(block: &Block) -> (Style, &str) {
    match block {
        Block::Title(t) => (Style { font: Font::Bold, size: 20.0, before: 0.0, indent: 0.0 }, t),
        Block::Heading(t) => (Style { font: Font::Bold, size: 14.0, before: 14.0, indent: 0.0 }, t),
        Block::Paragraph(t) => (Style { font: Font::Regular, size: 11.5, before: 6.0, indent: 0.0 }, t),
        Block::Bullet(t) => (Style { font: Font::Regular, size: 11.5, before: 4.0, indent: INDENT }, t),
        Block::Quote(t) => (Style { font: Font::Regular, size: 11.5, before: 6.0, indent: INDENT }, t),
        Block::Small(t) => (Style { font: Font::Regular, size: 9.5, before: 10.0, indent: 0.0 }, t),
    }
}

/// Lays the blocks out on A4 pages and returns each page's content stream.
fn lay_out(blocks: &[Block]) -> Vec<String> {
    let mut pages: Vec<String> = vec![String::new()];
    let top = PAGE_HEIGHT - MARGIN;
    let mut y = top;
    for block in blocks {
        let (st, text) = style(block);
        let leading = st.size * 1.35;
        let mut paragraphs: Vec<&str> = text.split('\n').filter(|p| !p.trim().is_empty()).collect();
        if paragraphs.is_empty() {
            paragraphs.push("");
        }
        for (pi, para) in paragraphs.iter().enumerate() {
            let lines = wrap(para, st.font, st.size, TEXT_WIDTH - st.indent);
            let before = if pi == 0 { st.before } else { st.size * 0.5 };
            // A heading is kept with the first lines of what follows it.
            let keep = if matches!(block, Block::Heading(_)) { leading * 3.0 } else { leading };
            if y < top && y - before - keep < BOTTOM {
                pages.push(String::new());
                y = top;
            } else if y < top {
                y -= before;
            }
            for (i, line) in lines.iter().enumerate() {
                if y - leading < BOTTOM {
                    pages.push(String::new());
                    y = top;
                }
                y -= leading;
                let x = MARGIN + st.indent;
                let page = pages.last_mut();
                let Some(page) = page else { continue };
                if matches!(block, Block::Bullet(_)) && i == 0 && pi == 0 {
                    let _ = writeln!(
                        page,
                        "BT /{} {:.1} Tf {:.2} {:.2} Td {} Tj ET",
                        st.font.name(),
                        st.size,
                        MARGIN + 4.0,
                        y,
                        literal(&[0x95])
                    );
                }
                if matches!(block, Block::Quote(_)) {
                    let _ =
                        writeln!(page, "0.55 G 3 w {:.2} {:.2} m {:.2} {:.2} l S 0 G", MARGIN + 5.0, y - 3.0, MARGIN + 5.0, y + st.size);
                }
                let _ = writeln!(page, "BT /{} {:.1} Tf {:.2} {:.2} Td {} Tj ET", st.font.name(), st.size, x, y, literal(line));
            }
        }
    }
    pages
}

/// Writes the whole PDF: the blocks on as many A4 pages as they need, each
/// with "Page n of N" at the foot.
pub fn document(title: &str, blocks: &[Block]) -> Vec<u8> {
    let mut pages = lay_out(blocks);
    let count = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        let footer = encode(&format!("Page {} of {count}", i + 1));
        let w = text_width(&footer, Font::Regular, 9.0);
        let _ = writeln!(page, "BT /F1 9.0 Tf {:.2} {:.2} Td {} Tj ET", PAGE_WIDTH - MARGIN - w, BOTTOM - 28.0, literal(&footer));
    }

    // Objects: 1 catalog, 2 pages, 3 and 4 the fonts, 5 the document
    // information, then a page and its content stream for each page.
    let mut objects: Vec<Vec<u8>> = Vec::new();
    let page_ids: Vec<usize> = (0..count).map(|i| 6 + 2 * i).collect();
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    let kids = page_ids.iter().map(|id| format!("{id} 0 R")).collect::<Vec<_>>().join(" ");
    objects.push(format!("<< /Type /Pages /Kids [{kids}] /Count {count} >>").into_bytes());
    objects.push(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec());
    objects.push(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>".to_vec());
    objects.push(format!("<< /Title {} /Producer (Hearth) >>", literal(&encode(title))).into_bytes());
    for (i, content) in pages.iter().enumerate() {
        let content_id = page_ids[i] + 1;
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH:.2} {PAGE_HEIGHT:.2}] \
                 /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {content_id} 0 R >>"
            )
            .into_bytes(),
        );
        let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        stream.extend_from_slice(content.as_bytes());
        stream.extend_from_slice(b"\nendstream");
        objects.push(stream);
    }

    // The second line's bytes above 127 tell tools the file is binary.
    let mut out: Vec<u8> = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for o in &offsets {
        let _ = writeln!(table, "{o:010} 00000 n ");
    }
    let _ = write!(table, "trailer\n<< /Size {} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1);
    out.extend_from_slice(table.as_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(pdf: &[u8]) -> String {
        String::from_utf8_lossy(pdf).into_owned()
    }

    fn sample() -> Vec<Block> {
        vec![
            Block::Title("Keeping Amara safe".into()),
            Block::Heading("Why there is a plan".into()),
            Block::Paragraph("We are worried (a little) that C:\\ paths and café prices are not met.".into()),
            Block::Paragraph("“quotes” – ünïcödé ☃.".into()),
            Block::Bullet("Mum: take Amara to the dentist, by 1 December 2026.".into()),
            Block::Quote("If things do not change, a meeting is held.".into()),
        ]
    }

    #[test]
    fn the_file_is_a_pdf_whose_xref_offsets_point_at_its_objects() {
        let pdf = document("Plan", &sample());
        assert!(pdf.starts_with(b"%PDF-1.4"));
        assert!(text(&pdf).trim_end().ends_with("%%EOF"));
        let s = text(&pdf);
        // Offsets count bytes: read the trailer and table from the bytes, not
        // from a lossy text copy (the binary comment line changes its length).
        let marker = pdf.windows(10).rposition(|w| w == b"startxref\n").unwrap();
        let tail = std::str::from_utf8(&pdf[marker + 10..]).unwrap();
        let startxref: usize = tail.lines().next().unwrap().trim().parse().unwrap();
        assert!(pdf[startxref..].starts_with(b"xref\n0 "), "startxref points at the table");
        let table = std::str::from_utf8(&pdf[startxref..]).unwrap();
        let size: usize = table.lines().nth(1).unwrap().split(' ').nth(1).unwrap().parse().unwrap();
        let entries: Vec<&str> = table.lines().skip(3).take(size - 1).collect();
        assert_eq!(entries.len(), size - 1);
        for (i, e) in entries.iter().enumerate() {
            assert_eq!(e.len(), 19, "each entry is 20 bytes with its end of line: {e:?}");
            let offset: usize = e[..10].parse().unwrap();
            let head = format!("{} 0 obj", i + 1);
            assert!(pdf[offset..].starts_with(head.as_bytes()), "object {} is at {offset}", i + 1);
        }
        assert!(s.contains("/BaseFont /Helvetica /Encoding /WinAnsiEncoding"));
        assert!(s.contains("/BaseFont /Helvetica-Bold"));
        assert!(s.contains("/MediaBox [0 0 595.28 841.89]"));
    }

    #[test]
    fn text_is_in_the_content_stream_escaped_and_mapped_to_win_ansi() {
        let s = text(&document("Plan", &sample()));
        assert!(s.contains("(Keeping Amara safe) Tj"));
        assert!(s.contains("(Why there is a plan) Tj"));
        assert!(s.contains("\\(a little\\)"), "brackets are escaped");
        assert!(s.contains("C:\\\\ paths"), "a backslash is escaped");
        assert!(s.contains("caf\\351"), "é is WinAnsi 0xE9, written in octal");
        assert!(s.contains("\\223quotes\\224"), "curly quotes map to WinAnsi");
        assert!(s.contains("\\226"), "an en dash maps to WinAnsi");
        assert!(s.contains("\\374n\\357c\\366d\\351 ?"), "a snowman has no WinAnsi byte: '?'");
        assert!(s.contains("(Page 1 of 1) Tj"));
        // Every content stream's /Length is its exact byte length.
        for part in s.split("<< /Length ").skip(1) {
            let (len, rest) = part.split_once(" >>\nstream\n").unwrap();
            let len: usize = len.parse().unwrap();
            assert!(rest.as_bytes()[len..].starts_with(b"\nendstream"));
        }
    }

    #[test]
    fn long_text_wraps_within_the_margins_and_flows_onto_more_pages() {
        let para = "Short words that go on and on until they fill the line. ".repeat(8);
        let lines = wrap(&para, Font::Regular, 11.5, TEXT_WIDTH);
        assert!(lines.len() > 3);
        for l in &lines {
            assert!(text_width(l, Font::Regular, 11.5) <= TEXT_WIDTH);
        }
        let long_word = "x".repeat(400);
        assert!(wrap(&long_word, Font::Regular, 11.5, TEXT_WIDTH).iter().all(|l| text_width(l, Font::Regular, 11.5) <= TEXT_WIDTH));
        let blocks: Vec<Block> = (0..40).map(|_| Block::Paragraph(para.clone())).collect();
        let s = text(&document("Long", &blocks));
        let pages = s.matches("/Type /Page ").count();
        assert!(pages > 1);
        assert!(s.contains(&format!("(Page {pages} of {pages}) Tj")));
    }

    #[test]
    fn helvetica_widths_are_the_afm_widths() {
        assert_eq!(byte_width(b'W', Font::Regular), 944);
        assert_eq!(byte_width(b'i', Font::Regular), 222);
        assert_eq!(byte_width(b'@', Font::Regular), 1015);
        assert_eq!(byte_width(b'~', Font::Regular), 584);
        assert_eq!(byte_width(b'i', Font::Bold), 278);
        assert_eq!(byte_width(b'm', Font::Bold), 889);
        assert!((text_width(b"Hello", Font::Regular, 10.0) - 22.78).abs() < 0.01);
    }
}
