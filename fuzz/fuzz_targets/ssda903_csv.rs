//! Any text given to the SSDA903 reader, split into files at NUL bytes,
//! gives the tables or a list of problems, never a panic; tables it reads
//! write out and read back to the same tables.
#![no_main]

use hearth_returns::ssda903::csv;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let files: Vec<(String, String)> = text.split('\0').enumerate().map(|(i, t)| (format!("file{i}.csv"), t.to_string())).collect();
    if let Ok(tables) = csv::parse(&files) {
        let written: Vec<(String, String)> = csv::write(&tables).into_iter().map(|(n, t)| (n.to_string(), t)).collect();
        let again = csv::parse(&written);
        assert_eq!(again.as_ref().ok(), Some(&tables), "tables read from files must survive writing and reading");
    }
});
