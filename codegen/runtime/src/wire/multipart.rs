//! `multipart/form-data` request bodies: the file parts a caller hands in
//! ([`FilePart`]) and how a generated form becomes a reqwest form on each attempt.
//!
//! A form is rebuilt for every attempt, so a request with in-memory files can be
//! retried like any other. A streamed file can be read only once: a retry that would
//! need it again fails with [`Error::InvalidRequest`] instead of sending an empty file.

use std::fmt;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use reqwest::multipart::{Form, Part};

use crate::error::Error;

/// One file of a `multipart/form-data` body: its contents (in memory or a stream),
/// and optionally a file name and a content type.
/// For example `FilePart::bytes(png).file_name("photo.png").content_type("image/png")`.
#[derive(Clone)]
pub struct FilePart {
    contents: Contents,
    file_name: Option<String>,
    content_type: Option<String>,
}

#[derive(Clone)]
enum Contents {
    Bytes(Bytes),
    /// Taken on the first attempt; `None` afterwards.
    Stream(Arc<Mutex<Option<reqwest::Body>>>),
}

impl FilePart {
    /// A file whose contents are in memory (`Vec<u8>`, `&'static [u8]`, `Bytes`, `String`...).
    pub fn bytes(contents: impl Into<Bytes>) -> Self {
        FilePart {
            contents: Contents::Bytes(contents.into()),
            file_name: None,
            content_type: None,
        }
    }

    /// A file read from a stream of chunks while the request is sent, for files too
    /// large to hold in memory. It is read once: the request is not retried after it
    /// has been sent.
    pub fn stream<S>(stream: S) -> Self
    where
        S: futures::TryStream + Send + 'static,
        S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
        Bytes: From<S::Ok>,
    {
        FilePart {
            contents: Contents::Stream(Arc::new(Mutex::new(Some(reqwest::Body::wrap_stream(stream))))),
            file_name: None,
            content_type: None,
        }
    }

    /// The file name sent with the part (`filename="photo.png"`).
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The part's content type (`image/png`); `application/octet-stream` when not set.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The reqwest part for one attempt.
    fn part(&self, operation: &'static str, name: &str) -> Result<Part, Error> {
        let invalid = |reason: String| Error::InvalidRequest {
            operation,
            argument: name.to_string(),
            reason,
        };
        let mut part = match &self.contents {
            Contents::Bytes(bytes) => Part::stream_with_length(reqwest::Body::from(bytes.clone()), bytes.len() as u64),
            Contents::Stream(slot) => {
                let taken = match slot.lock() {
                    Ok(mut guard) => guard.take(),
                    Err(poisoned) => poisoned.into_inner().take(),
                };
                let body = taken.ok_or_else(|| {
                    invalid("is a streamed file that was already sent once and cannot be sent again".to_string())
                })?;
                Part::stream(body)
            }
        };
        part = part.file_name(self.file_name.clone().unwrap_or_else(|| name.to_string()));
        if let Some(content_type) = &self.content_type {
            part = part
                .mime_str(content_type)
                .map_err(|_| invalid(format!("has an invalid content type `{content_type}`")))?;
        }
        Ok(part)
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let contents = match &self.contents {
            Contents::Bytes(bytes) => format!("{} bytes", bytes.len()),
            Contents::Stream(_) => "a stream".to_string(),
        };
        formatter
            .debug_struct("FilePart")
            .field("contents", &contents)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// One field of a form, in the order the generated code adds them.
#[derive(Debug, Clone)]
pub(crate) enum FormValue {
    /// A text field.
    Text(String),
    /// A file.
    File(FilePart),
}

/// The reqwest form for one attempt.
pub(crate) fn build_form(operation: &'static str, fields: &[(String, FormValue)]) -> Result<Form, Error> {
    let mut form = Form::new();
    for (name, value) in fields {
        form = match value {
            FormValue::Text(text) => form.text(name.clone(), text.clone()),
            FormValue::File(file) => form.part(name.clone(), file.part(operation, name)?),
        };
    }
    Ok(form)
}
