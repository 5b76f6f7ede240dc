//! A small `multipart/form-data` reader, enough for the profile photo upload
//! (`user[photo][uploaded_data]`, seed 003 "Update User") and its text fields.

use axum::body::Bytes;

/// One part of a multipart body.
#[derive(Debug, Clone)]
pub(crate) struct Part {
    pub(crate) name: String,
    pub(crate) file_name: Option<String>,
    pub(crate) content_type: Option<String>,
    pub(crate) data: Vec<u8>,
}

/// Splits `body` into its parts; `None` when it is not multipart as declared.
pub(crate) fn parse(content_type: &str, body: &Bytes) -> Option<Vec<Part>> {
    let boundary = content_type
        .split(';')
        .map(str::trim)
        .find_map(|parameter| parameter.strip_prefix("boundary="))?
        .trim_matches('"');
    let delimiter = format!("--{boundary}").into_bytes();
    let mut parts = Vec::new();
    let mut rest: &[u8] = body;
    let start = find(rest, &delimiter)?;
    rest = &rest[start + delimiter.len()..];
    loop {
        if rest.starts_with(b"--") {
            return Some(parts);
        }
        rest = rest.strip_prefix(b"\r\n")?;
        let end = find(rest, &delimiter)?;
        let section = rest[..end].strip_suffix(b"\r\n")?;
        rest = &rest[end + delimiter.len()..];
        let header_end = find(section, b"\r\n\r\n")?;
        let headers = std::str::from_utf8(&section[..header_end]).ok()?;
        let data = section[header_end + 4..].to_vec();
        let mut part = Part {
            name: String::new(),
            file_name: None,
            content_type: None,
            data,
        };
        for line in headers.split("\r\n") {
            let (name, value) = line.split_once(':')?;
            if name.eq_ignore_ascii_case("content-disposition") {
                for parameter in value.split(';').map(str::trim) {
                    if let Some(name) = parameter.strip_prefix("name=") {
                        part.name = name.trim_matches('"').to_owned();
                    } else if let Some(file_name) = parameter.strip_prefix("filename=") {
                        part.file_name = Some(file_name.trim_matches('"').to_owned());
                    }
                }
            } else if name.eq_ignore_ascii_case("content-type") {
                part.content_type = Some(value.trim().to_owned());
            }
        }
        parts.push(part);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}
