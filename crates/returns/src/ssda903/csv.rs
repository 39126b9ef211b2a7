//! The SSDA903 CSV files: one per table, with the DfE's column names in
//! the DfE's order, dates as `dd/mm/YYYY`, `\r\n` line ends.
//!
//! Reading follows the DfE's own tool, so a file that tool accepts is read
//! the same way here: a file is known by its exact set of columns, whatever
//! it is called and in whatever order the columns come; every value is
//! trimmed and upper-cased (except `CHILD`, which is the authority's own
//! identifier and kept as given) and an empty value is no value.

use super::model::{
    Ad1Row, EpisodeRow, HeaderRow, MissingRow, Oc2Row, Oc3Row, PlacedAdoptionRow, PrevPermRow, ReviewRow, Ssda903, SwEpisodeRow, UascRow,
};
use crate::file_error::FileError;
use chrono::NaiveDate;
use hearth_domain::csv::{CsvError, CsvRow};

/// One of the 903's tables, as a CSV file.
trait Table: Sized {
    /// The file name we write it under.
    const FILE: &'static str;
    /// The DfE's name for the table, as its rules and messages use it.
    const NAME: &'static str;
    const COLUMNS: &'static [&'static str];
    fn cells(&self) -> Vec<String>;
    fn read(fields: &mut Fields<'_>) -> Self;
}

/// A value in a cell: `CHILD` as text kept as given, codes as upper-cased
/// text, dates as `dd/mm/YYYY`.
trait Cell: Sized {
    fn write(&self) -> String;
    fn read(fields: &mut Fields<'_>, column: &'static str) -> Self;
}

impl Cell for String {
    fn write(&self) -> String {
        self.clone()
    }
    fn read(fields: &mut Fields<'_>, column: &'static str) -> Self {
        fields.raw(column).trim().to_string()
    }
}

impl Cell for Option<String> {
    fn write(&self) -> String {
        self.clone().unwrap_or_default()
    }
    fn read(fields: &mut Fields<'_>, column: &'static str) -> Self {
        let value = fields.raw(column).trim();
        (!value.is_empty()).then(|| value.to_uppercase())
    }
}

impl Cell for Option<NaiveDate> {
    fn write(&self) -> String {
        self.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default()
    }
    fn read(fields: &mut Fields<'_>, column: &'static str) -> Self {
        let value = fields.raw(column).trim();
        if value.is_empty() {
            return None;
        }
        let date = parse_date(value);
        if date.is_none() {
            // The value itself is left out: it may be a date of birth.
            fields.error(column, "is not a valid date: dates are written dd/mm/YYYY");
        }
        date
    }
}

/// Declares a table: its file, its DfE name, and each column with the row
/// field that holds it, in the DfE's order.
macro_rules! table {
    ($row:ty, $file:literal, $name:literal, { $($column:literal => $field:ident,)+ }) => {
        impl Table for $row {
            const FILE: &'static str = $file;
            const NAME: &'static str = $name;
            const COLUMNS: &'static [&'static str] = &[$($column,)+];
            fn cells(&self) -> Vec<String> {
                vec![$(Cell::write(&self.$field),)+]
            }
            fn read(fields: &mut Fields<'_>) -> Self {
                Self { $($field: Cell::read(fields, $column),)+ }
            }
        }
    };
}

table!(HeaderRow, "header.csv", "Header", {
    "CHILD" => child, "SEX" => sex, "DOB" => dob, "ETHNIC" => ethnic, "UPN" => upn, "MOTHER" => mother, "MC_DOB" => mc_dob,
});
table!(EpisodeRow, "episodes.csv", "Episodes", {
    "CHILD" => child, "DECOM" => decom, "RNE" => rne, "LS" => ls, "CIN" => cin, "PLACE" => place,
    "PLACE_PROVIDER" => place_provider, "DEC" => dec, "REC" => rec, "REASON_PLACE_CHANGE" => reason_place_change,
    "HOME_POST" => home_post, "PL_POST" => pl_post, "URN" => urn,
});
table!(ReviewRow, "reviews.csv", "Reviews", {
    "CHILD" => child, "DOB" => dob, "REVIEW" => review, "REVIEW_CODE" => review_code,
});
table!(UascRow, "uasc.csv", "UASC", {
    "CHILD" => child, "SEX" => sex, "DOB" => dob, "DUC" => duc,
});
table!(Oc2Row, "oc2.csv", "OC2", {
    "CHILD" => child, "DOB" => dob, "SDQ_SCORE" => sdq_score, "SDQ_REASON" => sdq_reason, "CONVICTED" => convicted,
    "HEALTH_CHECK" => health_check, "IMMUNISATIONS" => immunisations, "TEETH_CHECK" => teeth_check,
    "HEALTH_ASSESSMENT" => health_assessment, "SUBSTANCE_MISUSE" => substance_misuse,
    "INTERVENTION_RECEIVED" => intervention_received, "INTERVENTION_OFFERED" => intervention_offered,
});
table!(Oc3Row, "oc3.csv", "OC3", {
    "CHILD" => child, "DOB" => dob, "IN_TOUCH" => in_touch, "ACTIV" => activ, "ACCOM" => accom,
});
table!(Ad1Row, "ad1.csv", "AD1", {
    "CHILD" => child, "DOB" => dob, "DATE_INT" => date_int, "DATE_MATCH" => date_match, "FOSTER_CARE" => foster_care,
    "NB_ADOPTR" => nb_adoptr, "SEX_ADOPTR" => sex_adoptr, "LS_ADOPTR" => ls_adoptr,
});
table!(PlacedAdoptionRow, "placed_adoption.csv", "PlacedAdoption", {
    "CHILD" => child, "DOB" => dob, "DATE_PLACED" => date_placed, "DATE_PLACED_CEASED" => date_placed_ceased,
    "REASON_PLACED_CEASED" => reason_placed_ceased,
});
table!(PrevPermRow, "prev_perm.csv", "PrevPerm", {
    "CHILD" => child, "DOB" => dob, "PREV_PERM" => prev_perm, "LA_PERM" => la_perm, "DATE_PERM" => date_perm,
});
table!(MissingRow, "missing.csv", "Missing", {
    "CHILD" => child, "DOB" => dob, "MISSING" => missing, "MIS_START" => mis_start, "MIS_END" => mis_end,
});
table!(SwEpisodeRow, "sw_episodes.csv", "SWEpisodes", {
    "CHILD" => child, "DOB" => dob, "SW_ID" => sw_id, "SW_DECOM" => sw_decom, "SW_DEC" => sw_dec, "SW_REASON" => sw_reason,
});

/// The eleven files, in the order the DfE guide lists the tables; each has
/// its header row even when the table is empty.
pub fn write(tables: &Ssda903) -> Vec<(&'static str, String)> {
    vec![
        file(&tables.header),
        file(&tables.episodes),
        file(&tables.reviews),
        file(&tables.uasc),
        file(&tables.oc2),
        file(&tables.oc3),
        file(&tables.ad1),
        file(&tables.placed_adoption),
        file(&tables.prev_perm),
        file(&tables.missing),
        file(&tables.sw_episodes),
    ]
}

fn file<T: Table>(rows: &[T]) -> (&'static str, String) {
    let mut out = T::COLUMNS.join(",");
    out.push_str("\r\n");
    for row in rows {
        let cells: Vec<String> = row.cells().iter().map(|c| quote(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    (T::FILE, out)
}

/// RFC 4180: a value holding a comma, a quotation mark or a line break is
/// quoted, with its quotation marks doubled.
fn quote(value: &str) -> String {
    if value.contains([',', '"', '\r', '\n']) { format!("\"{}\"", value.replace('"', "\"\"")) } else { value.to_string() }
}

/// The tables, read from `(file name, contents)` pairs. Every problem in
/// every file is reported, not just the first.
pub fn parse(files: &[(String, String)]) -> Result<Ssda903, Vec<FileError>> {
    let mut tables = Ssda903::default();
    let mut errors = Vec::new();
    // Which file each table came from, to name it when one comes twice.
    let mut read_from: Vec<(&'static str, &str)> = Vec::new();
    for (name, text) in files {
        let mut file_errors = Vec::new();
        let rows = match hearth_domain::csv::read(text) {
            Ok(rows) => rows,
            Err(e) => {
                errors.push(csv_error(e).in_file(name));
                continue;
            }
        };
        let mut rows = rows.into_iter().filter(|r| !r.is_blank());
        let Some(header) = rows.next() else {
            errors.push(FileError::new(None, "file", "is empty: expected a header row of column names").in_file(name));
            continue;
        };
        let columns: Vec<String> = header.fields.iter().map(|c| c.trim().to_string()).collect();
        let Some(table) = identify(&columns, header.row, &mut file_errors) else {
            errors.extend(file_errors.into_iter().map(|e| e.in_file(name)));
            continue;
        };
        if let Some((_, first)) = read_from.iter().find(|(t, _)| *t == table) {
            errors.push(
                FileError::new(Some(header.row), "file", format!("is a second {table} file: that table was already read from {first}"))
                    .in_file(name),
            );
            continue;
        }
        read_from.push((table, name));
        let rows: Vec<CsvRow> = rows.collect();
        let mut reader = Reader { columns: &columns, rows: &rows, errors: &mut file_errors };
        match table {
            HeaderRow::NAME => tables.header = reader.read(),
            EpisodeRow::NAME => tables.episodes = reader.read(),
            ReviewRow::NAME => tables.reviews = reader.read(),
            UascRow::NAME => tables.uasc = reader.read(),
            Oc2Row::NAME => tables.oc2 = reader.read(),
            Oc3Row::NAME => tables.oc3 = reader.read(),
            Ad1Row::NAME => tables.ad1 = reader.read(),
            PlacedAdoptionRow::NAME => tables.placed_adoption = reader.read(),
            PrevPermRow::NAME => tables.prev_perm = reader.read(),
            MissingRow::NAME => tables.missing = reader.read(),
            SwEpisodeRow::NAME => tables.sw_episodes = reader.read(),
            _ => {}
        }
        errors.extend(file_errors.into_iter().map(|e| e.in_file(name)));
    }
    if errors.is_empty() { Ok(tables) } else { Err(errors) }
}

/// Every table's DfE name and columns.
const TABLES: [(&str, &[&str]); 11] = [
    (HeaderRow::NAME, HeaderRow::COLUMNS),
    (EpisodeRow::NAME, EpisodeRow::COLUMNS),
    (ReviewRow::NAME, ReviewRow::COLUMNS),
    (UascRow::NAME, UascRow::COLUMNS),
    (Oc2Row::NAME, Oc2Row::COLUMNS),
    (Oc3Row::NAME, Oc3Row::COLUMNS),
    (Ad1Row::NAME, Ad1Row::COLUMNS),
    (PlacedAdoptionRow::NAME, PlacedAdoptionRow::COLUMNS),
    (PrevPermRow::NAME, PrevPermRow::COLUMNS),
    (MissingRow::NAME, MissingRow::COLUMNS),
    (SwEpisodeRow::NAME, SwEpisodeRow::COLUMNS),
];

/// The table whose columns are exactly these, in any order. When none is,
/// the error names the nearest table and what differs from it, since the
/// usual cause is one misspelt or extra column.
fn identify(columns: &[String], line: usize, errors: &mut Vec<FileError>) -> Option<&'static str> {
    let mut repeated = false;
    for (i, c) in columns.iter().enumerate() {
        // Reported once, at its second appearance.
        if columns[..i].iter().filter(|p| *p == c).count() == 1 {
            errors.push(FileError::new(Some(line), column_place(c), "appears more than once in the header row"));
            repeated = true;
        }
    }
    if repeated {
        return None;
    }
    let matches = |expected: &[&str]| expected.len() == columns.len() && expected.iter().all(|e| columns.iter().any(|c| c == e));
    if let Some((name, _)) = TABLES.iter().find(|(_, expected)| matches(expected)) {
        return Some(name);
    }
    let shared = |expected: &[&str]| expected.iter().filter(|e| columns.iter().any(|c| c == *e)).count();
    // Every table has CHILD, so nearest means sharing more than that.
    let nearest = TABLES.iter().filter(|(_, expected)| shared(expected) > 1).max_by_key(|(_, expected)| shared(expected));
    let message = match nearest {
        Some((name, expected)) => {
            let missing: Vec<&str> = expected.iter().copied().filter(|e| !columns.iter().any(|c| c == e)).collect();
            let extra: Vec<&str> = columns.iter().map(String::as_str).filter(|c| !expected.contains(c)).collect();
            let mut parts = Vec::new();
            if !missing.is_empty() {
                parts.push(format!("missing {}", missing.join(", ")));
            }
            if !extra.is_empty() {
                parts.push(format!("unexpected {}", extra.join(", ")));
            }
            format!("do not match any SSDA903 table: nearest is {name}, {}", parts.join("; "))
        }
        None => "do not match any SSDA903 table".to_string(),
    };
    errors.push(FileError::new(Some(line), "columns", message));
    None
}

fn column_place(column: &str) -> String {
    if column.is_empty() { "(blank column name)".to_string() } else { column.to_string() }
}

fn csv_error(e: CsvError) -> FileError {
    match e {
        CsvError::UnclosedQuote { row } => FileError::new(Some(row), "file", "a quoted value is not closed; check the quotation marks"),
        CsvError::TextAfterQuote { row } => {
            FileError::new(Some(row), "file", "a closing quotation mark must be followed by a comma or the end of the line")
        }
    }
}

/// The rows of one file after its header.
struct Reader<'a> {
    columns: &'a [String],
    rows: &'a [CsvRow],
    errors: &'a mut Vec<FileError>,
}

impl Reader<'_> {
    fn read<T: Table>(&mut self) -> Vec<T> {
        let mut out = Vec::with_capacity(self.rows.len());
        for row in self.rows {
            if row.fields.len() != self.columns.len() {
                self.errors.push(FileError::new(
                    Some(row.row),
                    "row",
                    format!("has {} values but the header row has {} columns", row.fields.len(), self.columns.len()),
                ));
                continue;
            }
            let mut fields = Fields { columns: self.columns, row, errors: self.errors };
            out.push(T::read(&mut fields));
        }
        out
    }
}

/// One row's values, found by column name.
struct Fields<'a> {
    columns: &'a [String],
    row: &'a CsvRow,
    errors: &'a mut Vec<FileError>,
}

impl Fields<'_> {
    fn raw(&self, column: &str) -> &str {
        self.columns.iter().position(|c| c == column).and_then(|i| self.row.fields.get(i)).map_or("", String::as_str)
    }

    fn error(&mut self, column: &str, message: &str) {
        self.errors.push(FileError::new(Some(self.row.row), column, message));
    }
}

/// `dd/mm/YYYY`, allowing a one-digit day or month as spreadsheets write them.
fn parse_date(value: &str) -> Option<NaiveDate> {
    let mut parts = value.split('/');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let digits = |s: &str, lengths: std::ops::RangeInclusive<usize>| lengths.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(d, 1..=2) && digits(m, 1..=2) && digits(y, 4..=4)) {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect()
    }

    fn one_episode() -> Ssda903 {
        Ssda903 {
            episodes: vec![EpisodeRow {
                child: "H0000001".to_string(),
                decom: Some(d(2025, 4, 1)),
                rne: Some("S".to_string()),
                ls: Some("C2".to_string()),
                cin: Some("N1".to_string()),
                place: Some("U1".to_string()),
                place_provider: Some("PR1".to_string()),
                dec: Some(d(2026, 3, 31)),
                rec: Some("E11".to_string()),
                reason_place_change: None,
                home_post: Some("NE4".to_string()),
                pl_post: None,
                urn: Some("XXXXXXX".to_string()),
            }],
            ..Ssda903::default()
        }
    }

    #[test]
    fn every_table_is_written_with_its_header_row_even_when_empty() {
        let written = write(&one_episode());
        let names: Vec<&str> = written.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            names,
            [
                "header.csv",
                "episodes.csv",
                "reviews.csv",
                "uasc.csv",
                "oc2.csv",
                "oc3.csv",
                "ad1.csv",
                "placed_adoption.csv",
                "prev_perm.csv",
                "missing.csv",
                "sw_episodes.csv"
            ]
        );
        assert_eq!(written[0].1, "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\n");
        assert_eq!(
            written[1].1,
            "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\r\n\
             H0000001,01/04/2025,S,C2,N1,U1,PR1,31/03/2026,E11,,NE4,,XXXXXXX\r\n"
        );
        assert_eq!(written[10].1, "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\r\n");
    }

    #[test]
    fn values_with_commas_or_quotes_are_quoted() {
        assert_eq!(quote("A,B"), "\"A,B\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote("two\nlines"), "\"two\nlines\"");
        assert_eq!(quote("PLAIN"), "PLAIN");
        let tables = Ssda903 { header: vec![HeaderRow { child: "H1,\"2\"".to_string(), ..HeaderRow::default() }], ..Ssda903::default() };
        let written = write(&tables);
        assert_eq!(written[0].1, "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\n\"H1,\"\"2\"\"\",,,,,,\r\n");
        let back: Vec<(String, String)> = written.into_iter().map(|(n, t)| (n.to_string(), t)).collect();
        assert_eq!(parse(&back), Ok(tables));
    }

    #[test]
    fn files_are_known_by_their_columns_in_any_order_and_values_read_as_the_dfe_reads_them() {
        let text = "\u{feff}URN,CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST\n\
                    xxxxxxx , H0000001 ,1/4/2025,s,c2,n1,u1,pr1,31/03/2026,e11,,ne4,\n\n";
        assert_eq!(parse(&files(&[("whatever.txt", text)])), Ok(one_episode()));
    }

    #[test]
    fn child_keeps_its_case() {
        let text = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\nabc12,m,01/02/2015,wbri,,,\r\n";
        let tables = parse(&files(&[("h.csv", text)])).expect("reads");
        assert_eq!(
            tables.header,
            [HeaderRow {
                child: "abc12".to_string(),
                sex: Some("M".to_string()),
                dob: Some(d(2015, 2, 1)),
                ethnic: Some("WBRI".to_string()),
                ..HeaderRow::default()
            }]
        );
    }

    #[test]
    fn bad_dates_are_reported_with_file_line_and_column() {
        let text =
            "CHILD,DOB,REVIEW,REVIEW_CODE\nH1,01/01/2015,2025-06-01,PN1\nH1,31/02/2015,01/07/2025,PN1\nH2,01/01/2015,01/07/2025,PN0\n";
        let errors = parse(&files(&[("reviews.csv", text)])).expect_err("bad dates");
        let message = "is not a valid date: dates are written dd/mm/YYYY";
        assert_eq!(
            errors,
            [
                FileError::new(Some(2), "REVIEW", message).in_file("reviews.csv"),
                FileError::new(Some(3), "DOB", message).in_file("reviews.csv"),
            ]
        );
    }

    #[test]
    fn unknown_column_sets_name_the_nearest_table_and_what_differs() {
        let text = "CHILD,DOB,REVIEW,REVIEW_CODES\nH1,01/01/2015,01/06/2025,PN1\n";
        let errors = parse(&files(&[("r.csv", text)])).expect_err("unknown columns");
        assert_eq!(
            errors,
            [FileError::new(
                Some(1),
                "columns",
                "do not match any SSDA903 table: nearest is Reviews, missing REVIEW_CODE; unexpected REVIEW_CODES"
            )
            .in_file("r.csv")]
        );
        let errors = parse(&files(&[("x.csv", "NAME,AGE\n")])).expect_err("unknown columns");
        assert_eq!(errors, [FileError::new(Some(1), "columns", "do not match any SSDA903 table").in_file("x.csv")]);
        // An extra column is as unknown as a missing one.
        let errors = parse(&files(&[("m.csv", "CHILD,DOB,MISSING,MIS_START,MIS_END,NOTE\n")])).expect_err("extra column");
        assert_eq!(errors[0].message, "do not match any SSDA903 table: nearest is Missing, unexpected NOTE");
    }

    #[test]
    fn a_table_given_twice_is_reported_on_the_second_file() {
        let text = "CHILD,DOB,MISSING,MIS_START,MIS_END\r\n";
        let errors = parse(&files(&[("missing.csv", text), ("missing (1).csv", text)])).expect_err("twice");
        assert_eq!(
            errors,
            [FileError::new(Some(1), "file", "is a second Missing file: that table was already read from missing.csv")
                .in_file("missing (1).csv")]
        );
    }

    #[test]
    fn broken_files_are_reported_not_panicked_on() {
        let cases: &[(&str, FileError)] = &[
            ("", FileError::new(None, "file", "is empty: expected a header row of column names")),
            ("\u{feff}\r\n\r\n", FileError::new(None, "file", "is empty: expected a header row of column names")),
            (
                "CHILD,DOB,MISSING,MIS_START,MIS_END\n\"H1,01/01/2015\n",
                FileError::new(Some(2), "file", "a quoted value is not closed; check the quotation marks"),
            ),
            (
                "CHILD,DOB,MISSING,MIS_START,MIS_END\nH1,01/01/2015,M\n",
                FileError::new(Some(2), "row", "has 3 values but the header row has 5 columns"),
            ),
            ("CHILD,DOB,DOB,MISSING,MIS_START,MIS_END\n", FileError::new(Some(1), "DOB", "appears more than once in the header row")),
        ];
        for (text, error) in cases {
            assert_eq!(parse(&files(&[("f.csv", text)])), Err(vec![error.clone().in_file("f.csv")]), "{text:?}");
        }
        // Odd bytes anywhere never panic.
        for text in ["\u{feff}", ",", "\"", "CHILD\n\u{0}", "CHILD,DOB,REVIEW,REVIEW_CODE\nH,\u{1F600}/1/2025,99/99/99999,\n", "/\n//"] {
            let _ = parse(&files(&[("f.csv", text)]));
        }
    }

    #[test]
    fn dates_are_day_month_year() {
        assert_eq!(parse_date("01/04/2025"), Some(d(2025, 4, 1)));
        assert_eq!(parse_date("1/4/2025"), Some(d(2025, 4, 1)));
        assert_eq!(parse_date("29/02/2024"), Some(d(2024, 2, 29)));
        for bad in ["29/02/2025", "2025-04-01", "01/04/25", "01/04/2025/1", "+1/04/2025", "001/04/2025", "01//2025", "01/13/2025"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn scrambled_files_never_panic() {
        // A fixed pseudo-random walk over the pieces files are made of.
        let pieces = [
            "CHILD",
            "DOB",
            "MISSING",
            "MIS_START",
            "MIS_END",
            "SW_ID",
            ",",
            "\"",
            "\r\n",
            "\n",
            "\r",
            "/",
            "31/12/2025",
            "9",
            "\u{feff}",
            "\u{e9}",
            " ",
            "",
        ];
        let header = "CHILD,DOB,MISSING,MIS_START,MIS_END\n";
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..3000 {
            let mut text = if state.is_multiple_of(2) { header.to_string() } else { String::new() };
            for _ in 0..(state % 40) {
                state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                text.push_str(pieces[(state >> 33) as usize % pieces.len()]);
            }
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            if let Ok(tables) = parse(&files(&[("f.csv", &text)])) {
                let again: Vec<(String, String)> = write(&tables).into_iter().map(|(n, t)| (n.to_string(), t)).collect();
                assert_eq!(parse(&again), Ok(tables), "{text:?}");
            }
        }
    }
}
