//! Reading CSV files that people upload (police notifications now, SSDA903
//! extracts later), to RFC 4180: fields may be quoted, a quoted field may
//! hold commas, doubled quotes and line breaks.
//!
//! Hand-written rather than a dependency: the whole reader is one small
//! function, and what the people uploading need from it is the row number
//! their spreadsheet shows, which a record-oriented reader keeps naturally.
//! A row is numbered as a spreadsheet numbers it: the header is row 1, and
//! a blank line is a (skipped) row of its own.

/// One row of the file, with the spreadsheet row number it starts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvRow {
    pub row: usize,
    pub fields: Vec<String>,
}

impl CsvRow {
    /// A row with nothing in any field (a spreadsheet's trailing empty rows).
    pub fn is_blank(&self) -> bool {
        self.fields.iter().all(|f| f.trim().is_empty())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    #[error("Row {row}: a quoted value is not closed; check the quotation marks in that row")]
    UnclosedQuote { row: usize },
    #[error("Row {row}: a closing quotation mark must be followed by a comma or the end of the row")]
    TextAfterQuote { row: usize },
}

/// Splits the text into rows of fields. A byte-order mark (Excel's "CSV
/// UTF-8") is ignored; `\r\n` and `\n` both end a row.
pub fn read(text: &str) -> Result<Vec<CsvRow>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut row = 1;
    let mut chars = text.chars().peekable();
    let mut in_quotes = false;
    // Whether the current field was quoted (and closed): only a separator
    // or the end of the row may follow.
    let mut after_quote = false;
    let mut row_has_content = false;
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => {
                    in_quotes = false;
                    after_quote = true;
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            ',' => {
                fields.push(std::mem::take(&mut field));
                after_quote = false;
                row_has_content = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                fields.push(std::mem::take(&mut field));
                rows.push(CsvRow { row, fields: std::mem::take(&mut fields) });
                // A line break inside quotes stays within the spreadsheet's
                // row, so only a break here starts the next row.
                row += 1;
                after_quote = false;
                row_has_content = false;
            }
            '"' if field.is_empty() && !after_quote => {
                in_quotes = true;
                row_has_content = true;
            }
            _ if after_quote => return Err(CsvError::TextAfterQuote { row }),
            _ => {
                field.push(c);
                row_has_content = true;
            }
        }
    }
    if in_quotes {
        return Err(CsvError::UnclosedQuote { row });
    }
    if row_has_content || !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        rows.push(CsvRow { row, fields });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(rows: &[CsvRow]) -> Vec<Vec<&str>> {
        rows.iter().map(|r| r.fields.iter().map(String::as_str).collect()).collect()
    }

    #[test]
    fn quoted_fields_hold_commas_quotes_and_line_breaks() {
        let rows = read("a,b,c\r\n\"x, y\",\"she said \"\"go\"\"\",\"two\nlines\"\n1,,3").unwrap();
        assert_eq!(fields(&rows), vec![vec!["a", "b", "c"], vec!["x, y", "she said \"go\"", "two\nlines"], vec!["1", "", "3"]]);
        assert_eq!(rows.iter().map(|r| r.row).collect::<Vec<_>>(), vec![1, 2, 3]);
    }

    #[test]
    fn rows_are_numbered_as_a_spreadsheet_shows_them() {
        let rows = read("\u{feff}h1,h2\n\nx,y\n").unwrap();
        assert_eq!(rows.len(), 3);
        assert!(rows[1].is_blank());
        assert_eq!(rows[2].row, 3);
        assert_eq!(rows[0].fields[0], "h1", "the byte-order mark is not part of the first header");
    }

    #[test]
    fn broken_quoting_names_the_row() {
        assert_eq!(read("a,b\n\"open,b\nc,d"), Err(CsvError::UnclosedQuote { row: 2 }));
        assert_eq!(read("a,b\nc,\"d\"e"), Err(CsvError::TextAfterQuote { row: 2 }));
        assert_eq!(read("").unwrap(), vec![]);
    }
}
