//! Reading `multipart/form-data` bodies: the one form in Hearth that sends a
//! file (police domestic-abuse notifications) needs it.
//!
//! Small and whole-body on purpose: the CSRF middleware has already read the
//! body (within its size limit) to check the token, so a streaming parser
//! would buy nothing, and this keeps Hearth free of another dependency.

use axum::http::HeaderMap;
use axum::http::header::CONTENT_TYPE;

/// One part of the form: a field, or a file with its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    pub filename: Option<String>,
    pub data: Vec<u8>,
}

/// The boundary, when the request is `multipart/form-data`.
pub fn boundary(headers: &HeaderMap) -> Option<String> {
    let ct = headers.get(CONTENT_TYPE)?.to_str().ok()?;
    let mut params = ct.split(';');
    if !params.next()?.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params
        .find_map(|p| {
            let (k, v) = p.trim().split_once('=')?;
            k.trim().eq_ignore_ascii_case("boundary").then(|| v.trim().trim_matches('"').to_string())
        })
        .filter(|b| !b.is_empty())
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from > haystack.len() {
        return None;
    }
    haystack[from..].windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}

/// A `name="value"` parameter of a Content-Disposition header.
fn disposition_param(header: &str, name: &str) -> Option<String> {
    header.split(';').skip(1).find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.trim().eq_ignore_ascii_case(name).then(|| v.trim().trim_matches('"').to_string())
    })
}

/// Every part of the body; `None` when it is not well formed.
pub fn parse(boundary: &str, body: &[u8]) -> Option<Vec<Part>> {
    let delimiter = format!("--{boundary}").into_bytes();
    let next_delimiter = format!("\r\n--{boundary}").into_bytes();
    let mut at = find(body, &delimiter, 0)? + delimiter.len();
    let mut parts = Vec::new();
    loop {
        if body.get(at..at + 2) == Some(b"--") {
            return Some(parts);
        }
        if body.get(at..at + 2) != Some(b"\r\n") {
            return None;
        }
        let headers_start = at + 2;
        let headers_end = find(body, b"\r\n\r\n", headers_start)?;
        let headers = std::str::from_utf8(&body[headers_start..headers_end]).ok()?;
        let data_start = headers_end + 4;
        let data_end = find(body, &next_delimiter, data_start)?;
        let disposition = headers
            .split("\r\n")
            .find_map(|h| h.split_once(':').filter(|(k, _)| k.trim().eq_ignore_ascii_case("content-disposition")).map(|(_, v)| v))?;
        parts.push(Part {
            name: disposition_param(disposition, "name")?,
            filename: disposition_param(disposition, "filename"),
            data: body[data_start..data_end].to_vec(),
        });
        at = data_end + next_delimiter.len();
    }
}

/// A text field's value.
pub fn text_field(parts: &[Part], name: &str) -> Option<String> {
    parts.iter().find(|p| p.name == name && p.filename.is_none()).and_then(|p| String::from_utf8(p.data.clone()).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_and_files_as_browsers_send_them() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nabc\r\n\
--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"police.csv\"\r\nContent-Type: text/csv\r\n\r\na,b\r\n1,2\r\n\r\n--XyZ--\r\n";
        let parts = parse("XyZ", body).unwrap();
        assert_eq!(text_field(&parts, "csrf_token").as_deref(), Some("abc"));
        assert_eq!(parts[1].filename.as_deref(), Some("police.csv"));
        assert_eq!(parts[1].data, b"a,b\r\n1,2\r\n");
        assert_eq!(parse("XyZ", b"--XyZ\r\nbroken"), None);
        assert_eq!(parse("Other", body), None);
    }

    #[test]
    fn the_boundary_comes_from_the_content_type() {
        let mut h = HeaderMap::new();
        h.insert(CONTENT_TYPE, "multipart/form-data; boundary=\"----abc\"".parse().unwrap());
        assert_eq!(boundary(&h).as_deref(), Some("----abc"));
        h.insert(CONTENT_TYPE, "application/x-www-form-urlencoded".parse().unwrap());
        assert_eq!(boundary(&h), None);
    }
}
