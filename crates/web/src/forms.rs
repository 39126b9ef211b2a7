//! Reading submitted forms. A form is kept as the pairs the browser sent, so
//! a rejected form is shown again exactly as the person typed it.

use chrono::NaiveDate;
use hearth_domain::validation::FieldErrors;

#[derive(Clone, Debug, Default)]
pub struct FormState {
    pub values: std::collections::HashMap<String, String>,
    pub errors: FieldErrors,
}

impl FormState {
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut values = std::collections::HashMap::new();
        for (k, v) in pairs {
            // Checkboxes send a name once per ticked box; keep them all, comma-joined.
            values.entry(k).and_modify(|e: &mut String| {
                e.push(',');
                e.push_str(&v);
            }).or_insert(v);
        }
        Self { values, errors: FieldErrors::new() }
    }

    pub fn value(&self, name: &str) -> &str {
        self.values.get(name).map(String::as_str).unwrap_or("")
    }

    pub fn trimmed(&self, name: &str) -> Option<String> {
        let v = self.value(name).trim();
        (!v.is_empty()).then(|| v.to_string())
    }

    pub fn error(&self, name: &str) -> Option<&str> {
        self.errors.for_field(name)
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        self.values.insert(name.to_string(), value.into());
    }

    pub fn is_checked(&self, name: &str, value: &str) -> bool {
        self.value(name).split(',').any(|v| v == value)
    }

    /// A GOV.UK date input: `{name}-day`, `{name}-month`, `{name}-year`.
    /// Adds an error naming what is wrong, and returns the date if whole.
    pub fn date(&mut self, name: &str, what: &str, required: bool) -> Option<NaiveDate> {
        let (d, m, y) = (
            self.value(&format!("{name}-day")).trim().to_string(),
            self.value(&format!("{name}-month")).trim().to_string(),
            self.value(&format!("{name}-year")).trim().to_string(),
        );
        if d.is_empty() && m.is_empty() && y.is_empty() {
            if required {
                self.errors.add(name, format!("Enter {what}"));
            }
            return None;
        }
        let missing: Vec<&str> = [("a day", &d), ("a month", &m), ("a year", &y)]
            .iter()
            .filter(|(_, v)| v.is_empty())
            .map(|(n, _)| *n)
            .collect();
        if !missing.is_empty() {
            self.errors.add(name, format!("{} must include {}", capitalise(what), missing.join(" and ")));
            return None;
        }
        let parsed = (d.parse::<u32>(), month_number(&m), y.parse::<i32>());
        match parsed {
            (Ok(d), Some(m), Ok(y)) if (1900..=2100).contains(&y) && y.to_string().len() == 4 => {
                match NaiveDate::from_ymd_opt(y, m, d) {
                    Some(date) => Some(date),
                    None => {
                        self.errors.add(name, format!("{} must be a real date", capitalise(what)));
                        None
                    }
                }
            }
            (_, _, Ok(y)) if !(1900..=2100).contains(&y) => {
                self.errors.add(name, "Year must include 4 numbers");
                None
            }
            _ => {
                self.errors.add(name, format!("{} must be a real date", capitalise(what)));
                None
            }
        }
    }
}

/// Accepts "3", "03", "Mar" or "March".
fn month_number(m: &str) -> Option<u32> {
    if let Ok(n) = m.parse::<u32>() {
        return (1..=12).contains(&n).then_some(n);
    }
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let lower = m.to_lowercase();
    MONTHS.iter().position(|p| lower.starts_with(p)).map(|i| i as u32 + 1)
}

pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> FormState {
        FormState::from_pairs(pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect())
    }

    #[test]
    fn dates_are_read_from_three_fields_with_gov_uk_messages() {
        let mut f = form(&[("dob-day", "4"), ("dob-month", "May"), ("dob-year", "2016")]);
        assert_eq!(f.date("dob", "date of birth", true), NaiveDate::from_ymd_opt(2016, 5, 4));
        let mut f = form(&[("dob-day", "31"), ("dob-month", "2"), ("dob-year", "2016")]);
        assert_eq!(f.date("dob", "date of birth", true), None);
        assert_eq!(f.error("dob"), Some("Date of birth must be a real date"));
        let mut f = form(&[("dob-day", "4"), ("dob-year", "2016")]);
        f.date("dob", "date of birth", true);
        assert_eq!(f.error("dob"), Some("Date of birth must include a month"));
        let mut f = form(&[]);
        assert_eq!(f.date("dob", "date of birth", false), None);
        assert!(!f.has_errors());
        f.date("dob", "date of birth", true);
        assert_eq!(f.error("dob"), Some("Enter date of birth"));
        let mut f = form(&[("dob-day", "4"), ("dob-month", "5"), ("dob-year", "16")]);
        f.date("dob", "date of birth", true);
        assert_eq!(f.error("dob"), Some("Year must include 4 numbers"));
    }

    #[test]
    fn ticked_boxes_are_all_kept() {
        let f = form(&[("d", "MOB"), ("d", "HEAR")]);
        assert!(f.is_checked("d", "MOB") && f.is_checked("d", "HEAR") && !f.is_checked("d", "VIS"));
    }
}
