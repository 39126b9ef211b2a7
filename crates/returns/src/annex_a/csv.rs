//! Annex A as one CSV file per list (`list_1_contacts.csv`...), for
//! authorities that load the lists into their own tools. RFC 4180
//! quoting, dates as `dd/mm/YYYY`, rows ended by `\r\n` as RFC 4180 and
//! Excel expect.

use super::{AnnexA, Cell, List};

pub fn write(annex: &AnnexA) -> Vec<(String, String)> {
    annex.lists.iter().map(|list| (list.file_name.to_string(), list_csv(list))).collect()
}

fn list_csv(list: &List) -> String {
    let mut out = String::new();
    line(&mut out, list.headers.iter().map(|h| (*h).to_string()));
    for row in &list.rows {
        line(&mut out, row.iter().map(value));
    }
    out
}

fn value(cell: &Cell) -> String {
    match cell {
        Cell::Blank => String::new(),
        Cell::Text(s) => s.clone(),
        Cell::Number(n) => n.to_string(),
        Cell::Date(d) => d.format("%d/%m/%Y").to_string(),
    }
}

fn line(out: &mut String, fields: impl Iterator<Item = String>) {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&quote(&field));
    }
    out.push_str("\r\n");
}

/// A field is quoted when it holds a comma, a quotation mark or a line
/// break, with its quotation marks doubled.
fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) { format!("\"{}\"", field.replace('"', "\"\"")) } else { field.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_they_must_be() {
        assert_eq!(quote("a) WBRI"), "a) WBRI");
        assert_eq!(quote("D: Semi-independent, transitional"), "\"D: Semi-independent, transitional\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote("two\nlines"), "\"two\nlines\"");
    }
}
