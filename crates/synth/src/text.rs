//! Filling phrase templates: `{child} {was} present` becomes "Amara was
//! present" or "Amara and Leo were present".

use hearth_domain::codes::Sex;

/// Named values for a template. Keys are looked up in order, so later
/// `set`s of the same key are ignored; there are only a dozen keys.
#[derive(Default)]
pub(crate) struct Vars {
    pairs: Vec<(&'static str, String)>,
}

impl Vars {
    pub(crate) fn set(&mut self, key: &'static str, value: impl Into<String>) -> &mut Self {
        self.pairs.push((key, value.into()));
        self
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| v.as_str())
    }

    /// The words about the children a sentence is about. `{was}`, `{is}`,
    /// `{has}` and `{s}` agree with the children's names; `{swas}`, `{sis}`
    /// and `{shas}` with the pronoun `{subj}` (singular "they" takes "were").
    pub(crate) fn children(&mut self, names: &[String], sexes: &[Sex]) -> &mut Self {
        let one = names.len() == 1;
        let (subj, obj, poss, reflexive) = match (one, sexes.first()) {
            (true, Some(Sex::Male)) => ("he", "him", "his", "himself"),
            (true, Some(Sex::Female)) => ("she", "her", "her", "herself"),
            (true, _) => ("they", "them", "their", "themself"),
            _ => ("they", "them", "their", "themselves"),
        };
        let pronoun_plural = subj == "they";
        self.set("child", join_names(names))
            .set("subj", subj)
            .set("Subj", capitalise(subj))
            .set("obj", obj)
            .set("poss", poss)
            .set("self", reflexive)
            .set("was", if one { "was" } else { "were" })
            .set("is", if one { "is" } else { "are" })
            .set("has", if one { "has" } else { "have" })
            .set("s", if one { "s" } else { "" })
            .set("swas", if pronoun_plural { "were" } else { "was" })
            .set("sis", if pronoun_plural { "are" } else { "is" })
            .set("shas", if pronoun_plural { "have" } else { "has" })
    }
}

/// Replaces each `{key}` with its value. An unknown key is left as it is,
/// which the tests catch.
pub(crate) fn fill(template: &str, vars: &Vars) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let key = &after[..close];
                match vars.get(key) {
                    Some(v) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(key);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// "Amara", "Amara and Leo", "Amara, Leo and Isla".
pub(crate) fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Capitalises the start of each sentence, for values such as "an
/// ex-partner" that can open one.
pub(crate) fn sentence_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    let mut prev = ' ';
    for c in s.chars() {
        if start && c.is_alphabetic() {
            out.extend(c.to_uppercase());
            start = false;
        } else {
            out.push(c);
            if !c.is_whitespace() {
                start = false;
            }
        }
        if c == ' ' && (prev == '.' || prev == '?' || prev == '!') {
            start = true;
        }
        prev = c;
    }
    out
}

pub(crate) fn capitalise(s: &str) -> String {
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
    fn templates_agree_with_one_child_or_several() {
        let t = "{child} {was} present and {subj} {swas} upset.";
        let mut one = Vars::default();
        one.children(&["Amara".to_string()], &[Sex::Female]);
        assert_eq!(fill(t, &one), "Amara was present and she was upset.");
        let mut two = Vars::default();
        two.children(
            &["Amara".to_string(), "Leo".to_string(), "Isla".to_string()],
            &[Sex::Female, Sex::Male, Sex::Female],
        );
        assert_eq!(fill(t, &two), "Amara, Leo and Isla were present and they were upset.");
        let mut unknown = Vars::default();
        unknown.children(&["Sam".to_string()], &[Sex::Unknown]);
        assert_eq!(fill(t, &unknown), "Sam was present and they were upset.");
        assert_eq!(fill("{nope} and {", &one), "{nope} and {");
        assert_eq!(
            sentence_case("an ex-partner called. an officer went. e.g. x"),
            "An ex-partner called. An officer went. E.g. X"
        );
    }
}
