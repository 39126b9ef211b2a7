//! What every API handler reads from a request: the signed-in user (401 JSON,
//! never a redirect, when there is none), a JSON object body (400 JSON when
//! it is not one), and the fields of that object with a field error for each
//! value of the wrong shape.

use crate::auth::{CurrentUser, SessionContext};
use crate::error::{ApiError, AppError};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use chrono::NaiveDate;
use hearth_domain::validation::FieldErrors;
use serde_json::{Map, Value};

/// The signed-in member of staff, for the API.
pub struct ApiUser(pub CurrentUser);

impl<S: Send + Sync> FromRequestParts<S> for ApiUser {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<SessionContext>()
            .and_then(|c| c.user.clone())
            .map(ApiUser)
            .ok_or(ApiError(AppError::NotSignedIn { next: String::new() }))
    }
}

pub fn bad_request(message: impl Into<String>) -> ApiError {
    ApiError(AppError::BadRequest(message.into()))
}

/// A request body that is a JSON object. Anything else (no JSON content
/// type, broken JSON, an array) is a 400 `bad_request` in Hearth's shape.
pub struct JsonObject(pub Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for JsonObject {
    type Rejection = ApiError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<Value>::from_request(req, state).await {
            Ok(Json(Value::Object(map))) => Ok(JsonObject(map)),
            Ok(_) => Err(bad_request("The request body must be a JSON object")),
            Err(rejection) => Err(bad_request(describe(&rejection))),
        }
    }
}

fn describe(rejection: &JsonRejection) -> String {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => "Send the body as JSON, with the header Content-Type: application/json".to_string(),
        JsonRejection::JsonSyntaxError(e) => format!("The request body is not valid JSON: {}", e.body_text()),
        JsonRejection::JsonDataError(e) => format!("The request body could not be read: {}", e.body_text()),
        other => format!("The request body could not be read: {}", other.body_text()),
    }
}

/// Reads the fields of a JSON object, collecting a field error for each
/// value of the wrong type and, at the end, for each field Hearth does not
/// know (a misspelt field is an error, not silently ignored).
pub struct Fields {
    map: Map<String, Value>,
    prefix: String,
    known: Vec<&'static str>,
    pub errors: FieldErrors,
}

impl Fields {
    pub fn new(map: Map<String, Value>) -> Self {
        Self { map, prefix: String::new(), known: Vec::new(), errors: FieldErrors::new() }
    }

    /// The field's name as reported: `address.postcode` inside `address`.
    pub fn path(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    fn take(&mut self, name: &'static str) -> Option<Value> {
        self.known.push(name);
        match self.map.get(name) {
            None | Some(Value::Null) => None,
            Some(v) => Some(v.clone()),
        }
    }

    /// A text value, trimmed; blank and absent are both `None`.
    pub fn text(&mut self, name: &'static str) -> Option<String> {
        match self.take(name)? {
            Value::String(s) => {
                let t = s.trim();
                (!t.is_empty()).then(|| t.to_string())
            }
            _ => {
                let path = self.path(name);
                self.errors.add(path.clone(), format!("{path} must be a string"));
                None
            }
        }
    }

    /// A text value where blank is left for the domain rules to explain.
    pub fn text_or_empty(&mut self, name: &'static str) -> String {
        self.text(name).unwrap_or_default()
    }

    /// A date written `YYYY-MM-DD`.
    pub fn date(&mut self, name: &'static str) -> Option<NaiveDate> {
        let path = self.path(name);
        let raw = match self.take(name)? {
            Value::String(s) => s,
            _ => {
                self.errors.add(path.clone(), format!("{path} must be a date written YYYY-MM-DD"));
                return None;
            }
        };
        let raw = raw.trim();
        if raw.is_empty() {
            return None;
        }
        match parse_date(raw) {
            Some(d) => Some(d),
            None => {
                self.errors.add(path.clone(), format!("{path} must be a real date written YYYY-MM-DD"));
                None
            }
        }
    }

    /// A list of strings (absent is empty).
    pub fn strings(&mut self, name: &'static str) -> Vec<String> {
        match self.take(name) {
            None => Vec::new(),
            Some(Value::Array(items)) if items.iter().all(Value::is_string) => {
                items.iter().filter_map(Value::as_str).map(|s| s.trim().to_string()).collect()
            }
            Some(_) => {
                let path = self.path(name);
                self.errors.add(path.clone(), format!("{path} must be a list of strings"));
                Vec::new()
            }
        }
    }

    /// A nested object; read it, then hand it back with `merge`.
    pub fn object(&mut self, name: &'static str) -> Option<Fields> {
        match self.take(name)? {
            Value::Object(map) => Some(Fields { map, prefix: format!("{}{name}.", self.prefix), known: Vec::new(), errors: FieldErrors::new() }),
            _ => {
                let path = self.path(name);
                self.errors.add(path.clone(), format!("{path} must be an object"));
                None
            }
        }
    }

    /// Takes a nested object's errors (its unknown fields included).
    pub fn merge(&mut self, inner: Fields) {
        let errors = inner.finish();
        self.errors.0.extend(errors.0);
    }

    /// The errors found, with one for each field Hearth does not know.
    pub fn finish(mut self) -> FieldErrors {
        let mut unknown: Vec<&String> = self.map.keys().filter(|k| !self.known.contains(&k.as_str())).collect();
        unknown.sort();
        for k in unknown {
            self.errors.add(format!("{}{k}", self.prefix), format!("Hearth does not know the field {}{k}", self.prefix));
        }
        self.errors
    }
}

/// `YYYY-MM-DD`, and only that: an API has no excuse for ambiguity.
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    let b = raw.as_bytes();
    let shaped = b.len() == 10 && b[4] == b'-' && b[7] == b'-';
    if !shaped {
        return None;
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(v: Value) -> Fields {
        match v {
            Value::Object(map) => Fields::new(map),
            _ => unreachable!("tests pass objects"),
        }
    }

    #[test]
    fn wrong_types_and_unknown_fields_are_field_errors() {
        let mut f = fields(serde_json::json!({
            "name": " Sam ", "age": 4, "born": "2016-02-30", "codes": ["A", 1], "address": {"town": "X", "zip": "1"}, "typo": true
        }));
        assert_eq!(f.text("name").as_deref(), Some("Sam"));
        assert_eq!(f.text("age"), None);
        assert_eq!(f.date("born"), None);
        assert!(f.strings("codes").is_empty());
        let mut a = f.object("address").map(|mut a| {
            assert_eq!(a.text("town").as_deref(), Some("X"));
            a
        });
        if let Some(a) = a.take() {
            f.merge(a);
        }
        let errors = f.finish();
        assert_eq!(errors.for_field("age"), Some("age must be a string"));
        assert_eq!(errors.for_field("born"), Some("born must be a real date written YYYY-MM-DD"));
        assert_eq!(errors.for_field("codes"), Some("codes must be a list of strings"));
        assert_eq!(errors.for_field("address.zip"), Some("Hearth does not know the field address.zip"));
        assert_eq!(errors.for_field("typo"), Some("Hearth does not know the field typo"));
        assert_eq!(errors.0.len(), 5);
    }

    #[test]
    fn dates_must_be_iso() {
        assert_eq!(parse_date("2016-05-04"), NaiveDate::from_ymd_opt(2016, 5, 4));
        assert_eq!(parse_date("2016-5-4"), None);
        assert_eq!(parse_date("04/05/2016"), None);
        assert_eq!(parse_date("2016-02-30"), None);
    }
}
