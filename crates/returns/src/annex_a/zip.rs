//! A ZIP archive of stored (uncompressed) entries, which is all an Office
//! Open XML workbook needs: every reader accepts method 0. Entries carry
//! a fixed timestamp (1 January 1980, the format's earliest), so the same
//! files always give the same bytes.
//!
//! No ZIP64: an Annex A is a few megabytes even for the largest authority,
//! far below the format's 4 GB limits.

/// CRC-32 as ZIP uses it (IEEE 802.3, reflected, polynomial 0xEDB88320).
pub fn crc32(bytes: &[u8]) -> u32 {
    const TABLE: [u32; 256] = table();
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc = TABLE[((crc ^ u32::from(b)) & 0xFF) as usize] ^ (crc >> 8);
    }
    !crc
}

const fn table() -> [u32; 256] {
    let mut table = [0u32; 256];
    let mut n = 0;
    while n < 256 {
        let mut c = n as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 == 1 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            k += 1;
        }
        table[n] = c;
        n += 1;
    }
    table
}

const LOCAL_HEADER: u32 = 0x0403_4B50;
const CENTRAL_HEADER: u32 = 0x0201_4B50;
const END_OF_CENTRAL_DIRECTORY: u32 = 0x0605_4B50;
/// Version 2.0: what the stored method needs.
const VERSION: u16 = 20;
/// MS-DOS date of 1980-01-01 (day 1, month 1, year 0); the time is 00:00:00.
const DOS_DATE: u16 = (1 << 5) | 1;
const DOS_TIME: u16 = 0;

/// Writes the entries, in the order given, as one archive.
pub fn write(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let offset = len32(out.len());
        let crc = crc32(data);
        let size = len32(data.len());
        let name_len = len16(name.len());

        put32(&mut out, LOCAL_HEADER);
        put16(&mut out, VERSION);
        put16(&mut out, 0); // flags
        put16(&mut out, 0); // method: stored
        put16(&mut out, DOS_TIME);
        put16(&mut out, DOS_DATE);
        put32(&mut out, crc);
        put32(&mut out, size); // compressed
        put32(&mut out, size);
        put16(&mut out, name_len);
        put16(&mut out, 0); // extra field
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);

        put32(&mut central, CENTRAL_HEADER);
        put16(&mut central, VERSION); // made by (MS-DOS attributes)
        put16(&mut central, VERSION);
        put16(&mut central, 0);
        put16(&mut central, 0);
        put16(&mut central, DOS_TIME);
        put16(&mut central, DOS_DATE);
        put32(&mut central, crc);
        put32(&mut central, size);
        put32(&mut central, size);
        put16(&mut central, name_len);
        put16(&mut central, 0); // extra field
        put16(&mut central, 0); // comment
        put16(&mut central, 0); // disk
        put16(&mut central, 0); // internal attributes
        put32(&mut central, 0); // external attributes
        put32(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let central_offset = len32(out.len());
    let central_size = len32(central.len());
    out.extend_from_slice(&central);
    let count = len16(entries.len());
    put32(&mut out, END_OF_CENTRAL_DIRECTORY);
    put16(&mut out, 0);
    put16(&mut out, 0);
    put16(&mut out, count);
    put16(&mut out, count);
    put32(&mut out, central_size);
    put32(&mut out, central_offset);
    put16(&mut out, 0); // comment
    out
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn len16(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

fn len32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Reading an archive back, for tests: each entry's name and data, with
/// the CRC checked against both headers.
#[cfg(test)]
pub fn read(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let u16_at = |at: usize| -> Result<u16, String> {
        bytes.get(at..at + 2).map(|b| u16::from_le_bytes([b[0], b[1]])).ok_or_else(|| format!("short read at {at}"))
    };
    let u32_at = |at: usize| -> Result<u32, String> {
        bytes.get(at..at + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])).ok_or_else(|| format!("short read at {at}"))
    };
    let end = bytes.len().checked_sub(22).ok_or("too short for an end record")?;
    if u32_at(end)? != END_OF_CENTRAL_DIRECTORY {
        return Err("no end of central directory record".into());
    }
    let count = usize::from(u16_at(end + 10)?);
    let mut at = u32_at(end + 16)? as usize;
    let mut entries = Vec::new();
    for _ in 0..count {
        if u32_at(at)? != CENTRAL_HEADER {
            return Err(format!("no central header at {at}"));
        }
        let crc = u32_at(at + 16)?;
        let size = u32_at(at + 20)? as usize;
        let name_len = usize::from(u16_at(at + 28)?);
        let local = u32_at(at + 42)? as usize;
        let name = String::from_utf8(bytes[at + 46..at + 46 + name_len].to_vec()).map_err(|e| e.to_string())?;
        if u32_at(local)? != LOCAL_HEADER || u32_at(local + 14)? != crc || u16_at(local + 8)? != 0 {
            return Err(format!("{name}: local header disagrees with the central directory"));
        }
        let data_at = local + 30 + usize::from(u16_at(local + 26)?) + usize::from(u16_at(local + 28)?);
        let data = bytes.get(data_at..data_at + size).ok_or(format!("{name}: data runs past the end"))?.to_vec();
        if crc32(&data) != crc {
            return Err(format!("{name}: CRC mismatch"));
        }
        entries.push((name, data));
        at += 46 + name_len;
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_published_check_values() {
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b"The quick brown fox jumps over the lazy dog"), 0x414F_A339);
        assert_eq!(crc32(b"a"), 0xE8B7_BE43);
    }

    #[test]
    fn a_one_file_archive_has_exactly_the_expected_bytes() {
        let zip = write(&[("a.txt", b"hi")]);
        let crc = crc32(b"hi").to_le_bytes();
        let mut expected: Vec<u8> = vec![0x50, 0x4B, 0x03, 0x04, 20, 0, 0, 0, 0, 0, 0, 0, 0x21, 0];
        expected.extend_from_slice(&crc);
        expected.extend_from_slice(&[2, 0, 0, 0, 2, 0, 0, 0, 5, 0, 0, 0]);
        expected.extend_from_slice(b"a.txthi");
        expected.extend_from_slice(&[0x50, 0x4B, 0x01, 0x02, 20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0x21, 0]);
        expected.extend_from_slice(&crc);
        expected.extend_from_slice(&[2, 0, 0, 0, 2, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        expected.extend_from_slice(b"a.txt");
        expected.extend_from_slice(&[0x50, 0x4B, 0x05, 0x06, 0, 0, 0, 0, 1, 0, 1, 0, 51, 0, 0, 0, 37, 0, 0, 0, 0, 0]);
        assert_eq!(zip, expected);
        assert_eq!(read(&zip), Ok(vec![("a.txt".to_string(), b"hi".to_vec())]));
    }

    #[test]
    fn a_corrupted_entry_is_caught_by_its_crc() {
        let mut zip = write(&[("a.txt", b"hi"), ("b.txt", b"there")]);
        assert_eq!(read(&zip).map(|e| e.len()), Ok(2));
        // The first entry's data starts after the 30-byte header and its 5-byte name.
        zip[35] = b'H';
        assert_eq!(read(&zip), Err("a.txt: CRC mismatch".to_string()));
    }
}
