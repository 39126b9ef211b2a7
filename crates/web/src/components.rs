//! GOV.UK Design System components, written as small Rust functions that
//! return escaped HTML. Templates call them with `|safe`. Keeping them in
//! Rust means every form field gets its label, hint, error message and
//! `aria-describedby` the same way, checked by the compiler.

use crate::forms::FormState;
use hearth_domain::validation::FieldErrors;
use std::fmt::Write;

/// HTML that is already escaped.
#[derive(Clone, Debug, Default)]
pub struct Html(pub String);

impl std::fmt::Display for Html {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The error summary, at the top of a page with errors; each message links to its field.
pub fn error_summary(errors: &FieldErrors) -> Html {
    if errors.is_empty() {
        return Html::default();
    }
    let mut items = String::new();
    for e in &errors.0 {
        let _ = write!(items, r##"<li><a href="#{}">{}</a></li>"##, esc(&e.field), esc(&e.message));
    }
    Html(format!(
        r#"<div class="govuk-error-summary" data-module="govuk-error-summary"><div role="alert"><h2 class="govuk-error-summary__title">There is a problem</h2><div class="govuk-error-summary__body"><ul class="govuk-list govuk-error-summary__list">{items}</ul></div></div></div>"#
    ))
}

fn hint_html(name: &str, hint: &str) -> String {
    if hint.is_empty() {
        String::new()
    } else {
        format!(r#"<div id="{}-hint" class="govuk-hint">{}</div>"#, esc(name), esc(hint))
    }
}

fn error_html(name: &str, error: Option<&str>) -> String {
    match error {
        Some(e) => format!(
            r#"<p id="{}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {}</p>"#,
            esc(name),
            esc(e)
        ),
        None => String::new(),
    }
}

fn described_by(name: &str, hint: &str, error: Option<&str>) -> String {
    let mut ids = Vec::new();
    if !hint.is_empty() {
        ids.push(format!("{}-hint", esc(name)));
    }
    if error.is_some() {
        ids.push(format!("{}-error", esc(name)));
    }
    if ids.is_empty() { String::new() } else { format!(r#" aria-describedby="{}""#, ids.join(" ")) }
}

fn group_class(error: Option<&str>) -> &'static str {
    if error.is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }
}

/// Options for a text input beyond its name and label.
#[derive(Default, Clone, Copy)]
pub struct Input<'a> {
    pub hint: &'a str,
    /// e.g. `govuk-input--width-10`
    pub width: &'a str,
    pub autocomplete: &'a str,
    pub input_type: &'a str,
    pub spellcheck_off: bool,
}

pub fn text_input(f: &FormState, name: &str, label: &str, o: Input<'_>) -> Html {
    let error = f.error(name);
    let class = format!(
        "govuk-input{}{}",
        if o.width.is_empty() { String::new() } else { format!(" {}", o.width) },
        if error.is_some() { " govuk-input--error" } else { "" }
    );
    let input_type = if o.input_type.is_empty() { "text" } else { o.input_type };
    let autocomplete = if o.autocomplete.is_empty() { String::new() } else { format!(r#" autocomplete="{}""#, esc(o.autocomplete)) };
    let spell = if o.spellcheck_off { r#" spellcheck="false""# } else { "" };
    Html(format!(
        r#"<div class="{}"><label class="govuk-label" for="{n}">{}</label>{}{}<input class="{class}" id="{n}" name="{n}" type="{input_type}" value="{}"{autocomplete}{spell}{}></div>"#,
        group_class(error),
        esc(label),
        hint_html(name, o.hint),
        error_html(name, error),
        esc(f.value(name)),
        described_by(name, o.hint, error),
        n = esc(name),
    ))
}

pub fn textarea(f: &FormState, name: &str, label: &str, hint: &str, rows: u32) -> Html {
    let error = f.error(name);
    Html(format!(
        r#"<div class="{}"><label class="govuk-label govuk-label--s" for="{n}">{}</label>{}{}<textarea class="govuk-textarea{}" id="{n}" name="{n}" rows="{rows}"{}>{}</textarea></div>"#,
        group_class(error),
        esc(label),
        hint_html(name, hint),
        error_html(name, error),
        if error.is_some() { " govuk-textarea--error" } else { "" },
        described_by(name, hint, error),
        esc(f.value(name)),
        n = esc(name),
    ))
}

/// A GOV.UK date input. The day field carries the group's id, so the error
/// summary's link lands on it.
pub fn date_input(f: &FormState, name: &str, legend: &str, hint: &str) -> Html {
    let error = f.error(name);
    let part = |suffix: &str, label: &str, width: &str, first: bool| {
        let field = format!("{name}-{suffix}");
        let id = if first { name.to_string() } else { field.clone() };
        format!(
            r#"<div class="govuk-date-input__item"><div class="govuk-form-group"><label class="govuk-label govuk-date-input__label" for="{}">{label}</label><input class="govuk-input govuk-date-input__input {width}{}" id="{}" name="{}" type="text" inputmode="numeric" value="{}"></div></div>"#,
            esc(&id),
            if error.is_some() { " govuk-input--error" } else { "" },
            esc(&id),
            esc(&field),
            esc(f.value(&field)),
        )
    };
    Html(format!(
        r#"<div class="{}"><fieldset class="govuk-fieldset" role="group"{}><legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{}</legend>{}{}<div class="govuk-date-input">{}{}{}</div></fieldset></div>"#,
        group_class(error),
        described_by(name, hint, error),
        esc(legend),
        hint_html(name, hint),
        error_html(name, error),
        part("day", "Day", "govuk-input--width-2", true),
        part("month", "Month", "govuk-input--width-2", false),
        part("year", "Year", "govuk-input--width-4", false),
    ))
}

pub fn select(f: &FormState, name: &str, label: &str, hint: &str, options: &[(String, String)]) -> Html {
    let error = f.error(name);
    let mut opts = String::new();
    for (value, text) in options {
        let selected = if f.value(name) == value { " selected" } else { "" };
        let _ = write!(opts, r#"<option value="{}"{selected}>{}</option>"#, esc(value), esc(text));
    }
    Html(format!(
        r#"<div class="{}"><label class="govuk-label" for="{n}">{}</label>{}{}<select class="govuk-select{}" id="{n}" name="{n}"{}>{opts}</select></div>"#,
        group_class(error),
        esc(label),
        hint_html(name, hint),
        error_html(name, error),
        if error.is_some() { " govuk-select--error" } else { "" },
        described_by(name, hint, error),
        n = esc(name),
    ))
}

fn choices(f: &FormState, kind: &str, name: &str, legend: &str, hint: &str, options: &[(String, String)], inline: bool) -> Html {
    let error = f.error(name);
    let (input_type, prefix) = if kind == "radios" { ("radio", "govuk-radios") } else { ("checkbox", "govuk-checkboxes") };
    let mut items = String::new();
    for (i, (value, text)) in options.iter().enumerate() {
        let id = if i == 0 { name.to_string() } else { format!("{name}-{i}") };
        let checked = if f.is_checked(name, value) { " checked" } else { "" };
        let _ = write!(
            items,
            r#"<div class="{prefix}__item"><input class="{prefix}__input" id="{id}" name="{n}" type="{input_type}" value="{}"{checked}><label class="govuk-label {prefix}__label" for="{id}">{}</label></div>"#,
            esc(value),
            esc(text),
            id = esc(&id),
            n = esc(name),
        );
    }
    Html(format!(
        r#"<div class="{}"><fieldset class="govuk-fieldset"{}><legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{}</legend>{}{}<div class="{prefix}{}" data-module="{prefix}">{items}</div></fieldset></div>"#,
        group_class(error),
        described_by(name, hint, error),
        esc(legend),
        hint_html(name, hint),
        error_html(name, error),
        if inline { format!(" {prefix}--inline") } else { String::new() },
    ))
}

pub fn radios(f: &FormState, name: &str, legend: &str, hint: &str, options: &[(String, String)], inline: bool) -> Html {
    choices(f, "radios", name, legend, hint, options, inline)
}

pub fn checkboxes(f: &FormState, name: &str, legend: &str, hint: &str, options: &[(String, String)]) -> Html {
    choices(f, "checkboxes", name, legend, hint, options, false)
}

/// Turns (code, label) pairs from the domain into select options.
pub fn options<T: Copy>(items: &[T], value: impl Fn(T) -> &'static str, label: impl Fn(T) -> String) -> Vec<(String, String)> {
    items.iter().map(|i| (value(*i).to_string(), label(*i))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_escape_what_was_typed_and_link_errors() {
        let mut f = FormState::from_pairs(vec![("given_name".into(), "<script>".into())]);
        f.errors.add("given_name", "Enter the child's first name");
        let html = text_input(&f, "given_name", "First name", Input::default()).0;
        assert!(html.contains("value=\"&lt;script&gt;\""));
        assert!(html.contains("govuk-form-group--error"));
        assert!(html.contains("aria-describedby=\"given_name-error\""));
        let summary = error_summary(&f.errors).0;
        assert!(summary.contains("href=\"#given_name\""));
        assert!(summary.contains("Enter the child&#39;s first name"));
    }
}
