//! A problem found reading a return file (an import, or a file an analyst
//! uploads to check), with where it is, so people can find it.

use serde::Serialize;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileError {
    /// The file, for returns of several files (the 903's CSVs).
    pub file: Option<String>,
    /// 1-based line, where known.
    pub line: Option<usize>,
    /// The element path (`Message/Children/Child[3]/CINdetails[1]/CINreferralDate`)
    /// or the column (`DECOM`).
    pub place: String,
    pub message: String,
}

impl FileError {
    pub fn new(line: Option<usize>, place: impl Into<String>, message: impl Into<String>) -> Self {
        Self { file: None, line, place: place.into(), message: message.into() }
    }

    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}: ")?;
        }
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        write!(f, "{}: {}", self.place, self.message)
    }
}
