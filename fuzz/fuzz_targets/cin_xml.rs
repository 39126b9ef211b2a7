//! Any bytes given to the CIN census reader give a census or a list of
//! problems, never a panic, and a census it reads writes out and reads
//! back to the same census.
#![no_main]

use hearth_returns::cin::xml;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(census) = xml::parse(text) {
        let again = xml::parse(&xml::write(&census));
        assert_eq!(again.as_ref().ok(), Some(&census), "a census read from a file must survive writing and reading");
    }
});
