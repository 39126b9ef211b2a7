//! Reading a CIN census file: a small XML reader (declaration, comments,
//! CDATA, elements, text and entities; attributes and namespace prefixes
//! are read past and ignored) and the mapping of its elements onto the
//! census model.
//!
//! Files come from other systems and from analysts' desks, so the reader
//! must never panic and must say where every problem is: each error has
//! the 1-based line and the element path
//! (`Message/Children/Child[3]/CINdetails[1]/CINreferralDate`). Malformed
//! XML stops the reading (what follows cannot be trusted); unknown
//! elements and dates that are not `YYYY-MM-DD` are all reported.
//! Codes are kept as the file has them: judging them is the rules' work.

use super::model::{
    Assessment, Child, ChildCharacteristics, ChildIdentifiers, ChildProtectionPlan, CinCensus, CinDetails, CinPlanDates, Header, Section47,
};
use crate::file_error::FileError;
use chrono::NaiveDate;

/// No census element is nested more than seven deep; anything far deeper
/// is not a census, and a limit keeps hostile files from exhausting memory.
const MAX_DEPTH: usize = 32;

/// Reads a census file.
pub fn parse(text: &str) -> Result<CinCensus, Vec<FileError>> {
    let tree = read_tree(text)?;
    let mut reader = Reader { tree: &tree, errors: Vec::new() };
    let census = reader.message();
    if reader.errors.is_empty() { Ok(census) } else { Err(reader.errors) }
}

// ---------------------------------------------------------------------------
// The XML: a tree of elements, kept in one flat list so nothing about it is
// recursive (nor is dropping it).

#[derive(Debug)]
struct Element {
    name: String,
    line: usize,
    /// Indices into the tree's list, in file order.
    children: Vec<usize>,
    text: String,
}

struct Tree {
    elements: Vec<Element>,
    root: usize,
}

impl Tree {
    fn get(&self, i: usize) -> Option<&Element> {
        self.elements.get(i)
    }
}

/// Walks the text, keeping count of lines.
struct Scanner<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
}

impl<'a> Scanner<'a> {
    fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn at_end(&self) -> bool {
        self.rest().is_empty()
    }

    fn starts_with(&self, s: &str) -> bool {
        self.rest().starts_with(s)
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    /// Moves on `n` bytes (to the next character boundary at least).
    fn advance(&mut self, n: usize) {
        let mut end = self.pos.saturating_add(n).min(self.text.len());
        while end < self.text.len() && !self.text.is_char_boundary(end) {
            end += 1;
        }
        let skipped = self.text.get(self.pos..end).unwrap_or("");
        self.line += skipped.matches('\n').count();
        self.pos = end;
    }

    /// The text up to `pattern`, moving past the pattern; `None` (and at the
    /// end) when it never comes.
    fn take_until(&mut self, pattern: &str) -> Option<&'a str> {
        let rest = self.rest();
        match rest.find(pattern) {
            Some(i) => {
                let taken = rest.get(..i).unwrap_or("");
                self.advance(i + pattern.len());
                Some(taken)
            }
            None => {
                self.advance(rest.len());
                None
            }
        }
    }

    fn skip_whitespace(&mut self) {
        let rest = self.rest();
        let trimmed = rest.trim_start_matches([' ', '\t', '\r', '\n']);
        self.advance(rest.len() - trimmed.len());
    }

    /// An XML name, with any namespace prefix dropped.
    fn name(&mut self) -> Option<String> {
        let rest = self.rest();
        let first = rest.chars().next()?;
        if !(first.is_alphabetic() || first == '_' || first == ':') {
            return None;
        }
        let len = rest.find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | ':' | '-' | '.'))).unwrap_or(rest.len());
        let name = rest.get(..len)?;
        self.advance(len);
        let local = name.rsplit(':').next().unwrap_or(name);
        Some(local.to_string())
    }
}

struct TreeBuilder<'a> {
    scanner: Scanner<'a>,
    elements: Vec<Element>,
    open: Vec<usize>,
    root: Option<usize>,
    errors: Vec<FileError>,
}

fn read_tree(text: &str) -> Result<Tree, Vec<FileError>> {
    // A byte-order mark is not part of the document.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut b =
        TreeBuilder { scanner: Scanner { text, pos: 0, line: 1 }, elements: Vec::new(), open: Vec::new(), root: None, errors: Vec::new() };
    let finished = b.run();
    if finished {
        for &i in &b.open {
            if let Some(e) = b.elements.get(i) {
                let message = format!("<{}> is not closed", e.name);
                b.errors.push(FileError::new(Some(e.line), path_of(&b.elements, &b.open, i), message));
            }
        }
        if b.root.is_none() && b.errors.is_empty() {
            b.errors.push(FileError::new(Some(b.scanner.line), "", "the file holds no XML elements"));
        }
    }
    match b.root {
        Some(root) if b.errors.is_empty() => Ok(Tree { elements: b.elements, root }),
        _ => Err(b.errors),
    }
}

/// The names of the open elements down to `upto`, for syntax errors.
fn path_of(elements: &[Element], open: &[usize], upto: usize) -> String {
    let mut names: Vec<&str> = Vec::new();
    for &i in open {
        if let Some(e) = elements.get(i) {
            names.push(&e.name);
        }
        if i == upto {
            break;
        }
    }
    names.join("/")
}

impl TreeBuilder<'_> {
    fn here(&self) -> String {
        path_of(&self.elements, &self.open, usize::MAX)
    }

    fn error(&mut self, line: usize, message: impl Into<String>) {
        let place = self.here();
        self.errors.push(FileError::new(Some(line), place, message));
    }

    /// Reads the whole text; `false` when it stopped at malformed XML.
    fn run(&mut self) -> bool {
        while !self.scanner.at_end() {
            let line = self.scanner.line;
            let ok = if self.scanner.starts_with("<?") {
                self.scanner.take_until("?>").is_some() || self.fail(line, "a processing instruction (<?...) is not closed")
            } else if self.scanner.starts_with("<!--") {
                self.scanner.take_until("-->").is_some() || self.fail(line, "a comment is not closed")
            } else if self.scanner.starts_with("<![CDATA[") {
                self.scanner.advance("<![CDATA[".len());
                match self.scanner.take_until("]]>") {
                    Some(text) => {
                        self.text(line, text, false);
                        true
                    }
                    None => self.fail(line, "a CDATA section is not closed"),
                }
            } else if self.scanner.starts_with("<!") {
                // A document type declaration: nothing in it matters here.
                self.scanner.take_until(">").is_some() || self.fail(line, "a declaration (<!...) is not closed")
            } else if self.scanner.starts_with("</") {
                self.end_tag(line)
            } else if self.scanner.starts_with("<") {
                self.start_tag(line)
            } else {
                let rest = self.scanner.rest();
                let len = rest.find('<').unwrap_or(rest.len());
                let raw = rest.get(..len).unwrap_or("");
                self.scanner.advance(len);
                self.text(line, raw, true);
                true
            };
            if !ok {
                return false;
            }
        }
        true
    }

    /// Records malformed XML; reading stops.
    fn fail(&mut self, line: usize, message: &str) -> bool {
        self.error(line, message);
        false
    }

    fn text(&mut self, line: usize, raw: &str, decode: bool) {
        let text = if decode { self.decode(line, raw) } else { raw.to_string() };
        match self.open.last().and_then(|&i| self.elements.get_mut(i)) {
            Some(e) => e.text.push_str(&text),
            None if text.trim().is_empty() => {}
            None => self.error(line, "text outside the root element"),
        }
    }

    /// Replaces entity references; an unknown one is reported and kept as written.
    fn decode(&mut self, line: usize, raw: &str) -> String {
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        let mut line = line;
        while let Some(amp) = rest.find('&') {
            let before = rest.get(..amp).unwrap_or("");
            out.push_str(before);
            line += before.matches('\n').count();
            let after = rest.get(amp + 1..).unwrap_or("");
            // Entities are short: looking no further keeps a run of bare '&'s linear.
            let semi = after.char_indices().take(12).find(|(_, c)| *c == ';').map(|(i, _)| i);
            let entity = semi.and_then(|semi| Some((after.get(..semi)?, semi)));
            match entity.and_then(|(name, semi)| Some((entity_char(name)?, semi))) {
                Some((c, semi)) => {
                    out.push(c);
                    rest = after.get(semi + 1..).unwrap_or("");
                }
                None => {
                    self.error(line, "an '&' that does not start an entity (&amp; &lt; &gt; &quot; &apos; or &#...;)");
                    out.push('&');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    fn start_tag(&mut self, line: usize) -> bool {
        self.scanner.advance(1);
        let Some(name) = self.scanner.name() else {
            return self.fail(line, "'<' not followed by an element name");
        };
        loop {
            self.scanner.skip_whitespace();
            if self.scanner.starts_with("/>") {
                self.scanner.advance(2);
                return self.open_element(line, name, true);
            }
            if self.scanner.starts_with(">") {
                self.scanner.advance(1);
                return self.open_element(line, name, false);
            }
            // An attribute: read past it.
            if self.scanner.name().is_none() {
                return self.fail(line, &format!("the start tag <{name}> is malformed"));
            }
            self.scanner.skip_whitespace();
            if !self.scanner.starts_with("=") {
                return self.fail(line, &format!("an attribute of <{name}> has no value"));
            }
            self.scanner.advance(1);
            self.scanner.skip_whitespace();
            let quote = match self.scanner.peek() {
                Some(q @ ('"' | '\'')) => q,
                _ => return self.fail(line, &format!("an attribute value of <{name}> is not quoted")),
            };
            self.scanner.advance(1);
            if self.scanner.take_until(if quote == '"' { "\"" } else { "'" }).is_none() {
                return self.fail(line, &format!("an attribute value of <{name}> is not closed"));
            }
        }
    }

    fn open_element(&mut self, line: usize, name: String, empty: bool) -> bool {
        if self.open.len() >= MAX_DEPTH {
            return self.fail(line, &format!("elements are nested more than {MAX_DEPTH} deep"));
        }
        let index = self.elements.len();
        self.elements.push(Element { name, line, children: Vec::new(), text: String::new() });
        match self.open.last().copied() {
            Some(parent) => {
                if let Some(p) = self.elements.get_mut(parent) {
                    p.children.push(index);
                }
            }
            None if self.root.is_some() => return self.fail(line, "a second root element (a file holds one <Message>)"),
            None => self.root = Some(index),
        }
        if !empty {
            self.open.push(index);
        }
        true
    }

    fn end_tag(&mut self, line: usize) -> bool {
        self.scanner.advance(2);
        let Some(name) = self.scanner.name() else {
            return self.fail(line, "'</' not followed by an element name");
        };
        self.scanner.skip_whitespace();
        if !self.scanner.starts_with(">") {
            return self.fail(line, &format!("the end tag </{name}> is malformed"));
        }
        self.scanner.advance(1);
        let top = self.open.last().and_then(|&i| self.elements.get(i)).map(|e| e.name.clone());
        match top {
            Some(open) if open == name => {
                self.open.pop();
                true
            }
            Some(open) => self.fail(line, &format!("</{name}> where </{open}> was expected")),
            None => self.fail(line, &format!("</{name}> closes nothing")),
        }
    }
}

fn entity_char(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse::<u32>().ok()?,
            };
            char::from_u32(code).filter(|c| *c != '\0')
        }
    }
}

// ---------------------------------------------------------------------------
// The census: each element onto its place in the model.

struct Reader<'t> {
    tree: &'t Tree,
    errors: Vec<FileError>,
}

/// An element with its path in the file.
#[derive(Clone, Copy)]
struct At<'t, 'p> {
    element: &'t Element,
    path: &'p str,
}

impl<'t> Reader<'t> {
    fn error(&mut self, line: usize, place: &str, message: impl Into<String>) {
        self.errors.push(FileError::new(Some(line), place, message));
    }

    /// The elements inside one, each with its path; repeated elements are
    /// numbered from 1 (`Child[3]`). Text among them is reported.
    fn children(&mut self, at: At<'t, '_>, repeated: &[&str]) -> Vec<(&'t Element, String)> {
        if !at.element.text.trim().is_empty() {
            self.error(at.element.line, at.path, "text where elements were expected");
        }
        let tree = self.tree;
        let mut counts: Vec<(&str, usize)> = Vec::new();
        let mut out = Vec::new();
        for e in at.element.children.iter().filter_map(|&i| tree.get(i)) {
            let path = if repeated.contains(&e.name.as_str()) {
                let n = match counts.iter_mut().find(|(name, _)| *name == e.name) {
                    Some((_, n)) => {
                        *n += 1;
                        *n
                    }
                    None => {
                        counts.push((&e.name, 1));
                        1
                    }
                };
                format!("{}/{}[{n}]", at.path, e.name)
            } else {
                format!("{}/{}", at.path, e.name)
            };
            out.push((e, path));
        }
        out
    }

    fn unknown(&mut self, e: &Element, path: &str) {
        self.error(e.line, path, format!("unknown element <{}> here", e.name));
    }

    /// A value: an element's text, `None` when empty or only whitespace.
    fn text(&mut self, e: &Element, path: &str) -> Option<String> {
        if !e.children.is_empty() {
            self.error(e.line, path, "elements where a value was expected");
            return None;
        }
        (!e.text.trim().is_empty()).then(|| e.text.clone())
    }

    fn date(&mut self, e: &Element, path: &str) -> Option<NaiveDate> {
        let text = self.text(e, path)?;
        let date = parse_date(text.trim());
        if date.is_none() {
            self.error(e.line, path, "not a date in the form YYYY-MM-DD");
        }
        date
    }

    /// Fills a single element's slot; a second one is reported, the first kept.
    fn once<T>(&mut self, slot: &mut Option<T>, value: Option<T>, e: &Element, path: &str) {
        if value.is_none() {
            return;
        }
        if slot.is_some() {
            self.error(e.line, path, format!("<{}> given more than once", e.name));
        } else {
            *slot = value;
        }
    }

    fn message(&mut self) -> CinCensus {
        let mut census = CinCensus::default();
        let Some(root) = self.tree.get(self.tree.root) else { return census };
        if root.name != "Message" {
            self.error(root.line, &root.name, format!("the root element is <{}>; a CIN census file's is <Message>", root.name));
            return census;
        }
        let mut header = None;
        for (e, path) in self.children(At { element: root, path: "Message" }, &[]) {
            let at = At { element: e, path: &path };
            match e.name.as_str() {
                "Header" => {
                    let h = self.header(at);
                    self.once(&mut header, Some(h), e, &path);
                }
                "Children" => {
                    for (c, path) in self.children(at, &["Child"]) {
                        match c.name.as_str() {
                            "Child" => {
                                let child = self.child(At { element: c, path: &path });
                                census.children.push(child);
                            }
                            _ => self.unknown(c, &path),
                        }
                    }
                }
                _ => self.unknown(e, &path),
            }
        }
        census.header = header.unwrap_or_default();
        census
    }

    fn header(&mut self, at: At<'t, '_>) -> Header {
        let mut f: [Option<String>; 8] = Default::default();
        let mut reference_date = None;
        for (e, path) in self.children(at, &[]) {
            let at = At { element: e, path: &path };
            match e.name.as_str() {
                "CollectionDetails" => {
                    for (e, path) in self.children(at, &[]) {
                        match e.name.as_str() {
                            "Collection" => self.field(&mut f[0], e, &path),
                            "Year" => self.field(&mut f[1], e, &path),
                            "ReferenceDate" => {
                                let d = self.date(e, &path);
                                self.once(&mut reference_date, d, e, &path);
                            }
                            _ => self.unknown(e, &path),
                        }
                    }
                }
                "Source" => {
                    for (e, path) in self.children(at, &[]) {
                        let slot = match e.name.as_str() {
                            "SourceLevel" => 2,
                            "LEA" => 3,
                            "SoftwareCode" => 4,
                            "Release" => 5,
                            "SerialNo" => 6,
                            "DateTime" => 7,
                            _ => {
                                self.unknown(e, &path);
                                continue;
                            }
                        };
                        if let Some(s) = f.get_mut(slot) {
                            let v = self.text(e, &path);
                            self.once(s, v, e, &path);
                        }
                    }
                }
                _ => self.unknown(e, &path),
            }
        }
        let [collection, year, source_level, lea, software_code, release, serial_no, date_time] = f.map(Option::unwrap_or_default);
        Header { collection, year, reference_date, source_level, lea, software_code, release, serial_no, date_time }
    }

    fn field(&mut self, slot: &mut Option<String>, e: &Element, path: &str) {
        let v = self.text(e, path);
        self.once(slot, v, e, path);
    }

    fn date_field(&mut self, slot: &mut Option<NaiveDate>, e: &Element, path: &str) {
        let v = self.date(e, path);
        self.once(slot, v, e, path);
    }

    fn child(&mut self, at: At<'t, '_>) -> Child {
        let mut child = Child::default();
        let mut characteristics = None;
        let mut identifiers = None;
        for (e, path) in self.children(at, &["CINdetails"]) {
            let at = At { element: e, path: &path };
            match e.name.as_str() {
                "ChildIdentifiers" => {
                    let i = self.identifiers(at);
                    self.once(&mut identifiers, Some(i), e, &path);
                }
                "ChildCharacteristics" => {
                    let c = self.characteristics(at);
                    self.once(&mut characteristics, Some(c), e, &path);
                }
                "CINdetails" => {
                    let d = self.episode(at);
                    child.cin_details.push(d);
                }
                _ => self.unknown(e, &path),
            }
        }
        child.identifiers = identifiers.unwrap_or_default();
        child.characteristics = characteristics.unwrap_or_default();
        child
    }

    fn identifiers(&mut self, at: At<'t, '_>) -> ChildIdentifiers {
        let mut i = ChildIdentifiers::default();
        for (e, path) in self.children(at, &[]) {
            match e.name.as_str() {
                "LAchildID" => self.field(&mut i.la_child_id, e, &path),
                "UPN" => self.field(&mut i.upn, e, &path),
                "FormerUPN" => self.field(&mut i.former_upn, e, &path),
                "UPNunknown" => self.field(&mut i.upn_unknown, e, &path),
                "PersonBirthDate" => self.date_field(&mut i.person_birth_date, e, &path),
                "ExpectedPersonBirthDate" => self.date_field(&mut i.expected_person_birth_date, e, &path),
                "Sex" => self.field(&mut i.sex, e, &path),
                "GenderCurrent" => {
                    // Files before 2024-25 gave gender as 1, 2, 0 or 9;
                    // anything else is kept for the rules to report.
                    let v = self.text(e, &path).map(|g| match g.trim() {
                        "1" => "M".to_string(),
                        "2" => "F".to_string(),
                        "0" | "9" => "U".to_string(),
                        _ => g,
                    });
                    self.once(&mut i.sex, v, e, &path);
                }
                "PersonDeathDate" => self.date_field(&mut i.person_death_date, e, &path),
                _ => self.unknown(e, &path),
            }
        }
        i
    }

    fn characteristics(&mut self, at: At<'t, '_>) -> ChildCharacteristics {
        let mut c = ChildCharacteristics::default();
        let mut lists = 0;
        for (e, path) in self.children(at, &[]) {
            match e.name.as_str() {
                "Ethnicity" => self.field(&mut c.ethnicity, e, &path),
                "Disabilities" => {
                    lists += 1;
                    if lists > 1 {
                        self.error(e.line, &path, "<Disabilities> given more than once");
                    }
                    let at = At { element: e, path: &path };
                    for (d, path) in self.children(at, &["Disability"]) {
                        match d.name.as_str() {
                            "Disability" => c.disabilities.extend(self.text(d, &path)),
                            _ => self.unknown(d, &path),
                        }
                    }
                }
                _ => self.unknown(e, &path),
            }
        }
        c
    }

    fn episode(&mut self, at: At<'t, '_>) -> CinDetails {
        let mut d = CinDetails::default();
        let repeated = ["Assessments", "CINPlanDates", "Section47", "ChildProtectionPlans", "PreProceedingsandFGDM"];
        for (e, path) in self.children(at, &repeated) {
            let at = At { element: e, path: &path };
            match e.name.as_str() {
                "CINreferralDate" => self.date_field(&mut d.cin_referral_date, e, &path),
                "ReferralSource" => self.field(&mut d.referral_source, e, &path),
                "PrimaryNeedCode" => self.field(&mut d.primary_need_code, e, &path),
                "CINclosureDate" => self.date_field(&mut d.cin_closure_date, e, &path),
                "ReasonForClosure" => self.field(&mut d.reason_for_closure, e, &path),
                "DateOfInitialCPC" => self.date_field(&mut d.date_of_initial_cpc, e, &path),
                "ReferralNFA" => self.field(&mut d.referral_nfa, e, &path),
                "Assessments" => {
                    let a = self.assessment(at);
                    d.assessments.push(a);
                }
                "CINPlanDates" => {
                    let mut p = CinPlanDates::default();
                    for (e, path) in self.children(at, &[]) {
                        match e.name.as_str() {
                            "CINPlanStartDate" => self.date_field(&mut p.start_date, e, &path),
                            "CINPlanEndDate" => self.date_field(&mut p.end_date, e, &path),
                            _ => self.unknown(e, &path),
                        }
                    }
                    d.cin_plan_dates.push(p);
                }
                "Section47" => {
                    let mut s = Section47::default();
                    for (e, path) in self.children(at, &[]) {
                        match e.name.as_str() {
                            "S47ActualStartDate" => self.date_field(&mut s.actual_start_date, e, &path),
                            "InitialCPCtarget" => self.date_field(&mut s.initial_cpc_target, e, &path),
                            "DateOfInitialCPC" => self.date_field(&mut s.date_of_initial_cpc, e, &path),
                            "ICPCnotRequired" => self.field(&mut s.icpc_not_required, e, &path),
                            _ => self.unknown(e, &path),
                        }
                    }
                    d.section47.push(s);
                }
                "ChildProtectionPlans" => {
                    let p = self.cp_plan(at);
                    d.child_protection_plans.push(p);
                }
                // Pre-proceedings, added to the census after 2025-26, are
                // recognised but not held: Hearth's own come from its history.
                "PreProceedingsandFGDM" => {}
                _ => self.unknown(e, &path),
            }
        }
        d
    }

    fn assessment(&mut self, at: At<'t, '_>) -> Assessment {
        let mut a = Assessment::default();
        for (e, path) in self.children(at, &["AssessmentFactors"]) {
            match e.name.as_str() {
                "AssessmentActualStartDate" => self.date_field(&mut a.actual_start_date, e, &path),
                "AssessmentInternalReviewDate" => self.date_field(&mut a.internal_review_date, e, &path),
                "AssessmentAuthorisationDate" => self.date_field(&mut a.authorisation_date, e, &path),
                // Most files wrap the factors; some list them bare.
                "AssessmentFactors" => a.factors.extend(self.text(e, &path)),
                "FactorsIdentifiedAtAssessment" => {
                    for (f, path) in self.children(At { element: e, path: &path }, &["AssessmentFactors"]) {
                        match f.name.as_str() {
                            "AssessmentFactors" => a.factors.extend(self.text(f, &path)),
                            _ => self.unknown(f, &path),
                        }
                    }
                }
                _ => self.unknown(e, &path),
            }
        }
        a
    }

    fn cp_plan(&mut self, at: At<'t, '_>) -> ChildProtectionPlan {
        let mut p = ChildProtectionPlan::default();
        for (e, path) in self.children(at, &[]) {
            match e.name.as_str() {
                "CPPstartDate" => self.date_field(&mut p.start_date, e, &path),
                "CPPendDate" => self.date_field(&mut p.end_date, e, &path),
                "InitialCategoryOfAbuse" => self.field(&mut p.initial_category_of_abuse, e, &path),
                "LatestCategoryOfAbuse" => self.field(&mut p.latest_category_of_abuse, e, &path),
                "NumberOfPreviousCPP" => self.field(&mut p.number_of_previous_cpp, e, &path),
                "Reviews" => {
                    for (r, path) in self.children(At { element: e, path: &path }, &["CPPreviewDate"]) {
                        match r.name.as_str() {
                            // An empty date is kept as a review without one (8842Q); a
                            // date that does not parse is also an error here.
                            "CPPreviewDate" => p.review_dates.push(self.date(r, &path)),
                            _ => self.unknown(r, &path),
                        }
                    }
                }
                _ => self.unknown(e, &path),
            }
        }
        p
    }
}

/// `YYYY-MM-DD` exactly: the census has no other date form.
fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let shape = b.len() == 10 && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    if !shape {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cin::xml::{tests::every_element, write};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    fn errors(text: &str) -> Vec<(Option<usize>, String, String)> {
        match parse(text) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.into_iter().map(|e| (e.line, e.place, e.message)).collect(),
        }
    }

    fn e(line: usize, place: &str, message: &str) -> (Option<usize>, String, String) {
        (Some(line), place.to_string(), message.to_string())
    }

    const OLDER_FILE: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<!-- exported by another system -->
<Message xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version='1'>
  <Header><CollectionDetails><Collection>CIN</Collection><Year>2024</Year>
    <ReferenceDate>2024-03-31</ReferenceDate></CollectionDetails></Header>
  <Children>
    <Child>
      <ChildIdentifiers>
        <LAchildID>A&amp;1&#65;&#x42;</LAchildID>
        <GenderCurrent>2</GenderCurrent>
      </ChildIdentifiers>
      <CINdetails>
        <CINreferralDate> 2023-05-01 </CINreferralDate>
        <Assessments>
          <AssessmentActualStartDate>2023-05-02</AssessmentActualStartDate>
          <AssessmentFactors>3A</AssessmentFactors>
          <AssessmentFactors><![CDATA[16A]]></AssessmentFactors>
        </Assessments>
        <ReferralNFA>0</ReferralNFA>
        <PreProceedingsandFGDM><PPStartDate>2023-06-01</PPStartDate></PreProceedingsandFGDM>
      </CINdetails>
    </Child>
  </Children>
</Message>
"#;

    #[test]
    fn older_files_read_with_gender_bare_factors_entities_and_attributes() {
        let census = parse(OLDER_FILE).expect("reads");
        assert_eq!(census.header.year, "2024");
        assert_eq!(census.header.reference_date, Some(d(2024, 3, 31)));
        let child = &census.children[0];
        assert_eq!(child.identifiers.la_child_id.as_deref(), Some("A&1AB"));
        assert_eq!(child.identifiers.sex.as_deref(), Some("F"));
        let episode = &child.cin_details[0];
        assert_eq!(episode.cin_referral_date, Some(d(2023, 5, 1)));
        assert_eq!(episode.assessments[0].factors, vec!["3A".to_string(), "16A".to_string()]);
        assert_eq!(episode.referral_nfa.as_deref(), Some("0"));
    }

    #[test]
    fn an_empty_review_date_is_a_review_without_a_date() {
        let xml = "<Message><Children><Child><CINdetails><ChildProtectionPlans><Reviews>\
                   <CPPreviewDate>2025-09-18</CPPreviewDate><CPPreviewDate/><CPPreviewDate> </CPPreviewDate>\
                   </Reviews></ChildProtectionPlans></CINdetails></Child></Children></Message>";
        let census = parse(xml).expect("an empty date is not an error in the file");
        let plan = &census.children[0].cin_details[0].child_protection_plans[0];
        assert_eq!(plan.review_dates, vec![Some(d(2025, 9, 18)), None, None]);
        let written = crate::cin::xml::write(&census);
        assert_eq!(parse(&written).expect("reads back"), census);
    }

    #[test]
    fn gender_codes_map_to_sex() {
        for (gender, sex) in [("1", "M"), ("2", "F"), ("0", "U"), ("9", "U"), ("7", "7")] {
            let xml = format!(
                "<Message><Children><Child><ChildIdentifiers><GenderCurrent>{gender}</GenderCurrent></ChildIdentifiers></Child></Children></Message>"
            );
            let census = parse(&xml).expect("reads");
            assert_eq!(census.children[0].identifiers.sex.as_deref(), Some(sex), "gender {gender}");
        }
    }

    #[test]
    fn every_problem_is_reported_with_its_line_and_path() {
        let xml = "<Message>\n<Children>\n<Child/>\n<Child/>\n<Child>\n<ChildIdentifiers><PersonBirthDate>1/2/2020</PersonBirthDate><Shoe>9</Shoe></ChildIdentifiers>\n<CINdetails>\n<CINreferralDate>2025-02-30</CINreferralDate>\n<Section47><S47ActualStartDate>2025-1-01</S47ActualStartDate></Section47>\n<Section47><Colour/></Section47>\n</CINdetails>\n<CINdetails><Sex>M</Sex><ReferralNFA>true</ReferralNFA><ReferralNFA>false</ReferralNFA></CINdetails>\n</Child>\n</Children>\n<Trailer/>\n</Message>\n";
        assert_eq!(
            errors(xml),
            vec![
                e(6, "Message/Children/Child[3]/ChildIdentifiers/PersonBirthDate", "not a date in the form YYYY-MM-DD"),
                e(6, "Message/Children/Child[3]/ChildIdentifiers/Shoe", "unknown element <Shoe> here"),
                e(8, "Message/Children/Child[3]/CINdetails[1]/CINreferralDate", "not a date in the form YYYY-MM-DD"),
                e(9, "Message/Children/Child[3]/CINdetails[1]/Section47[1]/S47ActualStartDate", "not a date in the form YYYY-MM-DD"),
                e(10, "Message/Children/Child[3]/CINdetails[1]/Section47[2]/Colour", "unknown element <Colour> here"),
                e(12, "Message/Children/Child[3]/CINdetails[2]/Sex", "unknown element <Sex> here"),
                e(12, "Message/Children/Child[3]/CINdetails[2]/ReferralNFA", "<ReferralNFA> given more than once"),
                e(15, "Message/Trailer", "unknown element <Trailer> here"),
            ]
        );
    }

    #[test]
    fn a_file_that_is_not_a_census_is_refused() {
        assert_eq!(
            errors("<?xml version=\"1.0\"?>\n\n<Census/>"),
            vec![e(3, "Census", "the root element is <Census>; a CIN census file's is <Message>")]
        );
        assert_eq!(errors(""), vec![e(1, "", "the file holds no XML elements")]);
        assert_eq!(errors("  just words  "), vec![e(1, "", "text outside the root element")]);
    }

    #[test]
    fn malformed_xml_is_reported_where_it_is() {
        assert_eq!(
            errors("<Message>\n<Children>\n</Message>"),
            vec![e(3, "Message/Children", "</Message> where </Children> was expected")]
        );
        assert_eq!(
            errors("<Message>\n<Children>\n"),
            vec![e(1, "Message", "<Message> is not closed"), e(2, "Message/Children", "<Children> is not closed")]
        );
        assert_eq!(errors("<Message>\n<!-- never ends"), vec![e(2, "Message", "a comment is not closed")]);
        assert_eq!(errors("<Message a=1></Message>"), vec![e(1, "", "an attribute value of <Message> is not quoted")]);
        assert_eq!(errors("<Message></Message>\n<Message/>"), vec![e(2, "", "a second root element (a file holds one <Message>)")]);
        assert_eq!(errors("<Message>< Header/></Message>"), vec![e(1, "Message", "'<' not followed by an element name")]);
        assert_eq!(
            errors("<Message>\n<Children>&nbsp;</Children></Message>"),
            vec![e(2, "Message/Children", "an '&' that does not start an entity (&amp; &lt; &gt; &quot; &apos; or &#...;)")]
        );
        let deep = "<a>".repeat(40);
        assert_eq!(errors(&deep), vec![e(1, &["a"; 32].join("/"), "elements are nested more than 32 deep")]);
    }

    #[test]
    fn no_truncation_or_corruption_of_a_file_panics() {
        let xml = write(&every_element());
        // Every prefix, cut at character boundaries.
        for (i, _) in xml.char_indices() {
            let _ = parse(&xml[..i]);
        }
        // Each byte in turn replaced by characters that matter to XML.
        let bytes = xml.as_bytes();
        for i in 0..bytes.len() {
            for c in [b'<', b'>', b'&'] {
                let mut b = bytes.to_vec();
                b[i] = c;
                if let Ok(s) = String::from_utf8(b) {
                    let _ = parse(&s);
                }
            }
        }
        for odd in [
            "<",
            "</",
            "<!",
            "<?",
            "<![CDATA[",
            "&",
            "&#;",
            "&#x110000;",
            "&#99999999999;",
            "<a b",
            "<a b=",
            "<a b='",
            "<é/>",
            "<a>é&é;</a>",
        ] {
            let _ = parse(odd);
        }
    }
}
