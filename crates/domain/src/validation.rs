//! Field-level validation results, shaped for the GOV.UK error summary: each
//! error names the field it belongs to and says how to fix it.

use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The form field (and JSON property) the message belongs to.
    pub field: String,
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{}", summary(.0))]
pub struct FieldErrors(pub Vec<FieldError>);

fn summary(errors: &[FieldError]) -> String {
    errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; ")
}

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError { field: field.into(), message: message.into() });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn for_field(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }

    /// `Ok(())` when nothing was wrong, so callers can end with `errors.into_result()?`.
    pub fn into_result(self) -> Result<(), FieldErrors> {
        if self.0.is_empty() { Ok(()) } else { Err(self) }
    }

    /// Parses an optional typed value (an NHS number, a UPN...); a value
    /// that does not parse adds the parser's message against `field`.
    pub fn parse_optional<T, E: std::fmt::Display>(
        &mut self,
        field: &str,
        value: Option<&str>,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<T> {
        match parse(value?) {
            Ok(v) => Some(v),
            Err(e) => {
                self.add(field, e.to_string());
                None
            }
        }
    }

    /// Requires a non-blank text of at most `max` characters.
    pub fn require_text(&mut self, field: &str, value: &str, what: &str, max: usize) {
        let v = value.trim();
        if v.is_empty() {
            self.add(field, format!("Enter {what}"));
        } else if v.chars().count() > max {
            self.add(field, format!("{} must be {max} characters or fewer", capitalise(what)));
        }
    }

    /// Refuses an optional text longer than `max` characters; `what` is the
    /// field as it starts a sentence ("The manager's comment").
    pub fn check_length(&mut self, field: &str, value: &str, what: &str, max: usize) {
        if value.trim().chars().count() > max {
            self.add(field, format!("{what} must be {max} characters or fewer"));
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn require_text_explains_what_is_missing() {
        let mut e = FieldErrors::new();
        e.require_text("given", "  ", "the child's first name", 10);
        e.require_text("family", "abcdefghijkl", "the child's last name", 10);
        e.require_text("other", "fine", "other names", 10);
        assert_eq!(e.for_field("given"), Some("Enter the child's first name"));
        assert_eq!(e.for_field("family"), Some("The child's last name must be 10 characters or fewer"));
        assert_eq!(e.for_field("other"), None);
        assert!(e.into_result().is_err());
    }
}
