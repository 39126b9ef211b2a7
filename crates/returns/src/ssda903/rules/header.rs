//! Header rules: the child's sex, birth, ethnicity, UPN and motherhood,
//! checked alone, against the child's episodes, and against last year.

use super::{
    Context, Findings, Rule, birthday, blank, code, episodes_by_child, headers, invalid, is_one_of, open_in_year, rule, rule_last_year,
};
use crate::ssda903::model::{HeaderRow, Ssda903};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

pub(super) const RULES: &[Rule] = &[
    rule!("101", r_101, "The child or young person’s reported sex is not valid."),
    rule!("102", r_102, "Date of birth is not a valid date."),
    rule!("103", r_103, "The ethnicity code is either not valid or has not been entered."),
    rule!("165", r_165, "Data entry for mother status is invalid."),
    rule!("168", r_168, "Unique Pupil Number (UPN) is not valid. If unknown, default codes should be UN1, UN2, UN3, UN4 or UN5."),
    rule!("174", r_174, "Mother's child date of birth is recorded but sex shows that the child is a male."),
    rule_last_year!("202", r_202, "The gender code conflicts with the gender already recorded for this child."),
    rule_last_year!("203", r_203, "Date of birth disagrees with the date of birth already recorded for this child."),
    rule_last_year!("204", r_204, "Ethnic origin code disagrees with the ethnic origin already recorded for this child."),
    rule_last_year!("207", r_207, "Mother status for the current year disagrees with the mother status already recorded for this child."),
    rule_last_year!(
        "208",
        r_208,
        "Unique Pupil Number (UPN) for the current year disagrees with the Unique Pupil Number (UPN) already recorded for this child."
    ),
    rule!("209", r_209, "Child looked after is of school age and should not have an unknown Unique Pupil Number (UPN) code of UN1."),
    rule!(
        "210",
        r_210,
        "Children looked after for more than a week at 31 March should not have an unknown Unique Pupil Number (UPN) code of UN4."
    ),
    rule!("232", r_232, "Sex of the child/young person has been reported as unknown."),
    rule!("301", r_301, "Date of birth falls after the year ended."),
    rule!("302", r_302, "First episode starts before child was born."),
    rule!("351", r_351, "Child was over 25 at the start of the current collection year."),
    rule!("352", r_352, "Child who started to be looked after was aged 18 or over."),
    rule!("393", r_393, "Child is looked after but mother field is not completed."),
    rule!("442", r_442, "Unique Pupil Number (UPN) field is not completed."),
    rule!("444", r_444, "Duplicate UPN has been reported"),
    rule!("607", r_607, "Child ceased to be looked after in the year, but mother field has not been completed."),
    rule!("611", r_611, "Date of birth field is blank, but child is a mother."),
    rule!("612", r_612, "Date of birth field has been completed but mother field indicates child is not a mother."),
    rule!("620", r_620, "Child has been recorded as a mother, but date of birth shows that the mother is under 11 years of age."),
    rule!("621", r_621, "Mother’s field has been completed but date of birth shows that the mother is younger than her child."),
    rule_last_year!("624", r_624, "Date of birth of the first child contradicts the date of birth of the first child previously recorded."),
    rule!(
        "625",
        r_625,
        "Date of birth of the first child is beyond the end of this reporting year or the date the child ceased to be looked after."
    ),
    rule_last_year!(
        "626",
        r_626,
        "Child was reported as a mother but the date of birth of the first child is before the current year which contradicts with the mother status recorded last year."
    ),
    rule!("628", r_628, "Motherhood details are not required for care leavers who have not been looked after during the year."),
];

const SEX: &[&str] = &["M", "F", "U"];
const ETHNIC: &[&str] = &[
    "WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE",
    "OOTH", "REFU", "NOBT",
];
const UPN_UNKNOWN: &[&str] = &["UN1", "UN2", "UN3", "UN4", "UN5"];
const SHORT_BREAKS: &[&str] = &["V3", "V4"];

fn each_header(t: &Ssda903) -> impl Iterator<Item = (usize, &HeaderRow)> {
    t.header.iter().enumerate()
}

fn r_101(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, h) in each_header(t) {
        if !is_one_of(&h.sex, SEX) {
            f.row(&h.child, "Header", i, "SEX");
        }
    }
}

/// An unreadable date is a file error at import; a blank one reaches here.
fn r_102(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, h) in each_header(t) {
        if h.dob.is_none() {
            f.row(&h.child, "Header", i, "DOB");
        }
    }
}

fn r_103(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, h) in each_header(t) {
        if !is_one_of(&h.ethnic, ETHNIC) {
            f.row(&h.child, "Header", i, "ETHNIC");
        }
    }
}

/// Whether the child had a care episode in the year other than a short break.
fn looked_after_in_year<'t>(t: &'t Ssda903, c: &Context<'_>) -> HashSet<&'t str> {
    t.episodes.iter().filter(|e| !is_one_of(&e.ls, SHORT_BREAKS) && open_in_year(e, c)).map(|e| e.child.as_str()).collect()
}

/// Children with care leaver data: an OC3 row with any of its answers.
fn with_care_leaver_data(t: &Ssda903) -> HashSet<&str> {
    t.oc3.iter().filter(|o| !(blank(&o.in_touch) && blank(&o.activ) && blank(&o.accom))).map(|o| o.child.as_str()).collect()
}

fn r_165(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    let in_year = looked_after_in_year(t, c);
    let with_episodes: HashSet<&str> = t.episodes.iter().map(|e| e.child.as_str()).collect();
    let care_leavers = with_care_leaver_data(t);
    for (i, h) in each_header(t) {
        let mother = !blank(&h.mother);
        let female = is_one_of(&h.sex, &["F"]);
        let wrong = invalid(&h.mother, &["0", "1"])
            || (mother && is_one_of(&h.sex, &["M"]))
            || (!mother && female && in_year.contains(h.child.as_str()))
            || (mother
                && female
                && with_episodes.contains(h.child.as_str())
                && !in_year.contains(h.child.as_str())
                && care_leavers.contains(h.child.as_str()));
        if wrong {
            f.row(&h.child, "Header", i, "MOTHER");
        }
    }
}

/// A UPN: a check letter (not I, O or S), then 12 digits or 11 digits
/// and a letter; or one of the "unknown" codes.
fn valid_upn(upn: &str) -> bool {
    if UPN_UNKNOWN.contains(&upn) {
        return true;
    }
    let b = upn.as_bytes();
    if b.len() != 13 || !b[0].is_ascii_uppercase() || matches!(b[0], b'I' | b'O' | b'S') {
        return false;
    }
    b[1..12].iter().all(u8::is_ascii_digit) && (b[12].is_ascii_digit() || b[12].is_ascii_uppercase())
}

fn r_168(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, h) in each_header(t) {
        if code(&h.upn).is_some_and(|u| !valid_upn(u)) {
            f.row(&h.child, "Header", i, "UPN");
        }
    }
}

fn r_174(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, h) in each_header(t) {
        if is_one_of(&h.sex, &["M"]) && h.mc_dob.is_some() {
            f.row(&h.child, "Header", i, "MC_DOB");
        }
    }
}

/// Each of this year's header rows with the child's header last year.
fn with_last_year<'t>(t: &'t Ssda903, c: &Context<'t>) -> Vec<(usize, &'t HeaderRow, &'t HeaderRow)> {
    let Some(last) = c.previous else { return Vec::new() };
    let last = headers(last);
    each_header(t).filter_map(|(i, h)| last.get(h.child.as_str()).map(|l| (i, h, *l))).collect()
}

fn text_eq(a: &Option<String>, b: &Option<String>) -> bool {
    match (code(a), code(b)) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        (None, None) => true,
        _ => false,
    }
}

fn r_202(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    for (i, h, l) in with_last_year(t, c) {
        if !text_eq(&h.sex, &l.sex) {
            f.row(&h.child, "Header", i, "SEX");
        }
    }
}

fn r_203(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    for (i, h, l) in with_last_year(t, c) {
        if h.dob != l.dob {
            f.row(&h.child, "Header", i, "DOB");
        }
    }
}

fn r_204(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    for (i, h, l) in with_last_year(t, c) {
        if !text_eq(&h.ethnic, &l.ethnic) {
            f.row(&h.child, "Header", i, "ETHNIC");
        }
    }
}

/// Once a mother, always a mother, for a child still in care.
fn r_207(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    let with_episodes: HashSet<&str> = t.episodes.iter().map(|e| e.child.as_str()).collect();
    for (i, h, l) in with_last_year(t, c) {
        if with_episodes.contains(h.child.as_str()) && is_one_of(&l.mother, &["1"]) && !text_eq(&h.mother, &l.mother) {
            f.row(&h.child, "Header", i, "MOTHER");
        }
    }
}

/// A UPN may change from unknown to known, or from UN1 (or nothing) to
/// another unknown reason; any other change contradicts last year.
fn r_208(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    for (i, h, l) in with_last_year(t, c) {
        if text_eq(&h.upn, &l.upn) {
            continue;
        }
        let now = code(&h.upn).map(str::to_ascii_uppercase);
        let before = code(&l.upn).map(str::to_ascii_uppercase);
        let unknown = |v: &Option<String>| v.as_deref().is_none_or(|u| UPN_UNKNOWN.contains(&u));
        let reason_given = before.as_deref().is_none_or(|b| b == "UN1") && now.as_deref().is_some_and(|n| UPN_UNKNOWN[1..].contains(&n));
        let now_known = unknown(&before) && !unknown(&now);
        if !reason_given && !now_known {
            f.row(&h.child, "Header", i, "UPN");
        }
    }
}

/// School age: four by 31 August before the collection year began.
fn r_209(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    let Some(reference) = NaiveDate::from_ymd_opt(c.year.start_year - 1, 8, 31) else { return };
    for (i, h) in each_header(t) {
        if is_one_of(&h.upn, &["UN1"]) && h.dob.is_some_and(|d| birthday(d, 4) <= reference) {
            f.row(&h.child, "Header", i, "UPN");
        }
    }
}

/// UN4 ("just started to be looked after") only fits an episode that
/// began in the last week of the year.
fn r_210(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    let Some(week_before) = NaiveDate::from_ymd_opt(c.year.start_year + 1, 3, 24) else { return };
    let heads = headers(t);
    for (i, e) in t.episodes.iter().enumerate() {
        if heads.get(e.child.as_str()).is_some_and(|h| is_one_of(&h.upn, &["UN4"])) && e.decom.is_some_and(|d| d >= week_before) {
            f.row(&e.child, "Episodes", i, "DECOM");
        }
    }
}

fn r_232(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, h) in each_header(t) {
        if is_one_of(&h.sex, &["U"]) {
            f.row(&h.child, "Header", i, "SEX");
        }
    }
}

fn r_301(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    for (i, h) in each_header(t) {
        if h.dob.is_some_and(|d| d > c.end()) {
            f.row(&h.child, "Header", i, "DOB");
        }
    }
}

fn r_302(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let heads = headers(t);
    for (child, list) in episodes_by_child(&t.episodes) {
        let Some((i, first)) = list.first() else { continue };
        if let (Some(decom), Some(dob)) = (first.decom, heads.get(child).and_then(|h| h.dob))
            && dob > decom
        {
            f.row(child, "Episodes", *i, "DECOM");
        }
    }
}

fn r_351(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    for (i, h) in each_header(t) {
        if h.dob.is_some_and(|d| c.start() > birthday(d, 25)) {
            f.row(&h.child, "Header", i, "DOB");
        }
    }
}

fn r_352(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let heads = headers(t);
    for (i, e) in t.episodes.iter().enumerate() {
        let dob = heads.get(e.child.as_str()).and_then(|h| h.dob);
        if is_one_of(&e.rne, &["S"])
            && let (Some(dob), Some(decom)) = (dob, e.decom)
            && birthday(dob, 18) <= decom
        {
            f.row(&e.child, "Episodes", i, "DECOM");
        }
    }
}

fn r_393(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let in_care: HashSet<&str> = t.episodes.iter().filter(|e| !is_one_of(&e.ls, SHORT_BREAKS)).map(|e| e.child.as_str()).collect();
    for (i, h) in each_header(t) {
        if is_one_of(&h.sex, &["F"]) && blank(&h.mother) && in_care.contains(h.child.as_str()) {
            f.row(&h.child, "Header", i, "MOTHER");
        }
    }
}

fn r_442(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let in_care: HashSet<&str> = t.episodes.iter().filter(|e| !is_one_of(&e.ls, SHORT_BREAKS)).map(|e| e.child.as_str()).collect();
    for (i, h) in each_header(t) {
        if blank(&h.upn) && in_care.contains(h.child.as_str()) {
            f.row(&h.child, "Header", i, "UPN");
        }
    }
}

fn r_444(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let mut count: HashMap<String, usize> = HashMap::new();
    for h in &t.header {
        if let Some(u) = code(&h.upn).filter(|u| !UPN_UNKNOWN.iter().any(|k| k.eq_ignore_ascii_case(u))) {
            *count.entry(u.to_ascii_uppercase()).or_default() += 1;
        }
    }
    for (i, h) in each_header(t) {
        if code(&h.upn).is_some_and(|u| count.get(&u.to_ascii_uppercase()).is_some_and(|n| *n > 1)) {
            f.row(&h.child, "Header", i, "UPN");
        }
    }
}

/// A girl leaving care in the year must have her motherhood recorded.
fn r_607(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    let leavers: HashSet<&str> = t
        .episodes
        .iter()
        .filter(|e| {
            e.dec.is_some_and(|d| d >= c.start() && d <= c.end())
                && !blank(&e.rec)
                && !is_one_of(&e.rec, &["X1"])
                && !is_one_of(&e.ls, SHORT_BREAKS)
        })
        .map(|e| e.child.as_str())
        .collect();
    for (i, h) in each_header(t) {
        if is_one_of(&h.sex, &["F"]) && blank(&h.mother) && leavers.contains(h.child.as_str()) {
            f.row(&h.child, "Header", i, "MOTHER");
        }
    }
}

fn r_611(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, h) in each_header(t) {
        if is_one_of(&h.mother, &["1"]) && h.mc_dob.is_none() {
            f.row(&h.child, "Header", i, "MC_DOB");
        }
    }
}

fn r_612(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, h) in each_header(t) {
        if (blank(&h.mother) || is_one_of(&h.mother, &["0"])) && is_one_of(&h.sex, &["F"]) && h.mc_dob.is_some() {
            f.row(&h.child, "Header", i, "MOTHER");
        }
    }
}

fn r_620(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    for (i, h) in each_header(t) {
        if is_one_of(&h.mother, &["1"]) && h.dob.is_some_and(|d| birthday(d, 11) > c.start()) {
            f.row(&h.child, "Header", i, "DOB");
        }
    }
}

fn r_621(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, h) in each_header(t) {
        if let (Some(mc), Some(dob)) = (h.mc_dob, h.dob)
            && mc <= dob
        {
            f.row(&h.child, "Header", i, "MC_DOB");
        }
    }
}

/// A care leaver not looked after in the year gives no motherhood details
/// (rule 628), so a blank there contradicts nothing; the DfE's tool reads
/// it as differing, and no return could then pass both rules.
fn r_624(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    let with_episodes: HashSet<&str> = t.episodes.iter().map(|e| e.child.as_str()).collect();
    let care_leavers = with_care_leaver_data(t);
    for (i, h, l) in with_last_year(t, c) {
        let not_asked = !with_episodes.contains(h.child.as_str()) && care_leavers.contains(h.child.as_str()) && h.mc_dob.is_none();
        if l.mc_dob.is_some() && h.mc_dob != l.mc_dob && !not_asked {
            f.row(&h.child, "Header", i, "MC_DOB");
        }
    }
}

/// The first child's birth must fall by the year's end and by the day the
/// mother left care: the end of her latest episode, when it has ended. An
/// earlier episode's end is a change of placement or of legal status, not
/// leaving care (the DfE's own check takes the latest end date of any
/// episode, and so refuses a mother still in care who has moved since).
fn r_625(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    let latest: HashMap<&str, Option<NaiveDate>> =
        episodes_by_child(&t.episodes).into_iter().filter_map(|(child, list)| list.last().map(|(_, e)| (child, e.dec))).collect();
    for (i, h) in each_header(t) {
        let Some(mc) = h.mc_dob else { continue };
        if let Some(left) = latest.get(h.child.as_str())
            && (mc > c.end() || left.is_some_and(|dec| mc > dec))
        {
            f.row(&h.child, "Header", i, "MC_DOB");
        }
    }
}

fn r_626(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    for (i, h, l) in with_last_year(t, c) {
        if is_one_of(&h.mother, &["1"]) && is_one_of(&l.mother, &["0"]) && h.mc_dob.is_some_and(|d| d < c.start()) {
            f.row(&h.child, "Header", i, "MOTHER");
        }
    }
}

fn r_628(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    let with_episodes: HashSet<&str> = t.episodes.iter().map(|e| e.child.as_str()).collect();
    let care_leavers = with_care_leaver_data(t);
    for (i, h) in each_header(t) {
        if !blank(&h.mother) && !with_episodes.contains(h.child.as_str()) && care_leavers.contains(h.child.as_str()) {
            f.row(&h.child, "Header", i, "MOTHER");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::ssda903::model::*;

    fn with(headers: Vec<HeaderRow>) -> Ssda903 {
        Ssda903 { header: headers, ..Default::default() }
    }

    #[test]
    fn r101_sex_must_be_m_f_or_u() {
        let mut bad = header("B", "01/01/2010");
        bad.sex = s("1");
        let mut lower = header("C", "01/01/2010");
        lower.sex = s("f");
        assert_eq!(check("101", &with(vec![header("A", "01/01/2010"), bad, lower])), at(&[("B", "Header row 2, SEX")]));
    }

    #[test]
    fn r102_date_of_birth_required() {
        assert_eq!(check("102", &with(vec![header("A", "01/01/2010"), header("B", "")])), at(&[("B", "Header row 2, DOB")]));
    }

    #[test]
    fn r103_ethnicity_coded() {
        let mut bad = header("B", "01/01/2010");
        bad.ethnic = s("WXYZ");
        let mut none = header("C", "01/01/2010");
        none.ethnic = None;
        assert_eq!(
            check("103", &with(vec![header("A", "01/01/2010"), bad, none])),
            at(&[("B", "Header row 2, ETHNIC"), ("C", "Header row 3, ETHNIC")])
        );
    }

    #[test]
    fn r165_mother_status() {
        let mut invalid = header("A", "01/01/2008");
        invalid.sex = s("F");
        invalid.mother = s("2");
        let mut male = header("B", "01/01/2008");
        male.mother = s("0");
        let mut blank_girl = header("C", "01/01/2008");
        blank_girl.sex = s("F");
        let mut fine = header("D", "01/01/2008");
        fine.sex = s("F");
        fine.mother = s("0");
        let t = Ssda903 {
            header: vec![invalid, male, blank_girl, fine],
            episodes: vec![episode("A", "01/05/2025", ""), episode("C", "01/05/2025", ""), episode("D", "01/05/2025", "")],
            ..Default::default()
        };
        assert_eq!(check("165", &t), at(&[("A", "Header row 1, MOTHER"), ("B", "Header row 2, MOTHER"), ("C", "Header row 3, MOTHER")]));
    }

    #[test]
    fn r168_upn_format() {
        let mut good = header("A", "01/01/2010");
        good.upn = s("A123456789012");
        let mut letter_end = header("B", "01/01/2010");
        letter_end.upn = s("B12345678901C");
        let mut starts_i = header("C", "01/01/2010");
        starts_i.upn = s("I123456789012");
        let mut short = header("D", "01/01/2010");
        short.upn = s("A12345");
        let mut un6 = header("E", "01/01/2010");
        un6.upn = s("UN6");
        assert_eq!(
            check("168", &with(vec![good, letter_end, starts_i, short, un6])),
            at(&[("C", "Header row 3, UPN"), ("D", "Header row 4, UPN"), ("E", "Header row 5, UPN")])
        );
    }

    #[test]
    fn r174_boys_have_no_child_dob() {
        let mut boy = header("A", "01/01/2008");
        boy.mc_dob = d("01/01/2025");
        let mut girl = header("B", "01/01/2008");
        girl.sex = s("F");
        girl.mc_dob = d("01/01/2025");
        assert_eq!(check("174", &with(vec![boy, girl])), at(&[("A", "Header row 1, MC_DOB")]));
    }

    #[test]
    fn last_year_header_rules() {
        let last = with(vec![header("A", "01/01/2010"), header("B", "01/01/2010")]);
        let mut a = header("A", "02/01/2010");
        a.sex = s("F");
        a.ethnic = s("WIRI");
        let b = header("B", "01/01/2010");
        let now = with(vec![a, b, header("C", "01/01/2011")]);
        assert_eq!(check_with("202", &now, Some(&last)), at(&[("A", "Header row 1, SEX")]));
        assert_eq!(check_with("203", &now, Some(&last)), at(&[("A", "Header row 1, DOB")]));
        assert_eq!(check_with("204", &now, Some(&last)), at(&[("A", "Header row 1, ETHNIC")]));
        assert_eq!(check("202", &now), at(&[]));
    }

    #[test]
    fn r207_mother_last_year_stays_mother() {
        let mut was = header("A", "01/01/2008");
        was.mother = s("1");
        let mut was_b = header("B", "01/01/2008");
        was_b.mother = s("1");
        let last = with(vec![was, was_b.clone()]);
        let mut now_a = header("A", "01/01/2008");
        now_a.mother = s("0");
        let t = Ssda903 {
            header: vec![now_a, was_b],
            episodes: vec![episode("A", "01/05/2025", ""), episode("B", "01/05/2025", "")],
            ..Default::default()
        };
        assert_eq!(check_with("207", &t, Some(&last)), at(&[("A", "Header row 1, MOTHER")]));
    }

    #[test]
    fn r208_upn_changes() {
        let mk = |c: &str, upn: &str| {
            let mut h = header(c, "01/01/2010");
            h.upn = if upn.is_empty() { None } else { s(upn) };
            h
        };
        let last = with(vec![mk("A", "A123456789012"), mk("B", "UN1"), mk("C", "UN2"), mk("D", "B123456789012")]);
        let now = with(vec![mk("A", "C123456789012"), mk("B", "UN3"), mk("C", "A123456789012"), mk("D", "UN1")]);
        assert_eq!(check_with("208", &now, Some(&last)), at(&[("A", "Header row 1, UPN"), ("D", "Header row 4, UPN")]));
    }

    #[test]
    fn r209_school_age_not_un1() {
        // Four by 31 August 2024: school age in 2025-26.
        let old = header("A", "31/08/2020");
        let young = header("B", "01/09/2020");
        assert_eq!(check("209", &with(vec![old, young])), at(&[("A", "Header row 1, UPN")]));
    }

    #[test]
    fn r210_un4_only_for_recent_starters() {
        let mut a = header("A", "01/01/2010");
        a.upn = s("UN4");
        let mut b = header("B", "01/01/2010");
        b.upn = s("UN4");
        let t = Ssda903 {
            header: vec![a, b],
            episodes: vec![episode("A", "24/03/2026", ""), episode("B", "23/03/2026", "")],
            ..Default::default()
        };
        assert_eq!(check("210", &t), at(&[("A", "Episodes row 1, DECOM")]));
    }

    #[test]
    fn r232_sex_unknown() {
        let mut u = header("B", "01/01/2010");
        u.sex = s("U");
        assert_eq!(check("232", &with(vec![header("A", "01/01/2010"), u])), at(&[("B", "Header row 2, SEX")]));
    }

    #[test]
    fn r301_r351_birth_dates_in_range() {
        let t = with(vec![header("A", "01/04/2026"), header("B", "31/03/2026"), header("C", "31/03/2000"), header("D", "01/04/2000")]);
        assert_eq!(check("301", &t), at(&[("A", "Header row 1, DOB")]));
        assert_eq!(check("351", &t), at(&[("C", "Header row 3, DOB")]));
    }

    #[test]
    fn r302_first_episode_after_birth() {
        let t = Ssda903 {
            header: vec![header("A", "10/05/2025"), header("B", "10/05/2025")],
            episodes: vec![episode("A", "09/05/2025", "20/05/2025"), episode("A", "20/05/2025", ""), episode("B", "10/05/2025", "")],
            ..Default::default()
        };
        assert_eq!(check("302", &t), at(&[("A", "Episodes row 1, DECOM")]));
    }

    #[test]
    fn r352_starting_care_under_18() {
        let mut late = episode("A", "01/05/2025", "");
        late.rne = s("S");
        let mut cont = episode("A", "01/06/2025", "");
        cont.rne = s("P");
        let t = Ssda903 {
            header: vec![header("A", "01/05/2007"), header("B", "02/05/2007")],
            episodes: vec![late, cont, episode("B", "01/05/2025", "")],
            ..Default::default()
        };
        assert_eq!(check("352", &t), at(&[("A", "Episodes row 1, DECOM")]));
    }

    #[test]
    fn r393_r442_looked_after_needs_mother_and_upn() {
        let mut a = header("A", "01/01/2010");
        a.sex = s("F");
        a.upn = None;
        let mut b = header("B", "01/01/2010");
        b.sex = s("F");
        b.upn = None;
        let mut short_break = episode("B", "01/05/2025", "03/05/2025");
        short_break.ls = s("V3");
        let t = Ssda903 { header: vec![a, b], episodes: vec![episode("A", "01/05/2025", ""), short_break], ..Default::default() };
        assert_eq!(check("393", &t), at(&[("A", "Header row 1, MOTHER")]));
        assert_eq!(check("442", &t), at(&[("A", "Header row 1, UPN")]));
    }

    #[test]
    fn r444_duplicate_upns() {
        let mut a = header("A", "01/01/2010");
        a.upn = s("A123456789012");
        let mut b = header("B", "01/01/2010");
        b.upn = s("A123456789012");
        let t = with(vec![a, b, header("C", "01/01/2010"), header("D", "01/01/2010")]);
        assert_eq!(check("444", &t), at(&[("A", "Header row 1, UPN"), ("B", "Header row 2, UPN")]));
    }

    #[test]
    fn r607_girl_leaving_care_needs_mother() {
        let mut a = header("A", "01/01/2008");
        a.sex = s("F");
        let mut b = header("B", "01/01/2008");
        b.sex = s("F");
        let t = Ssda903 {
            header: vec![a, b],
            episodes: vec![episode("A", "01/05/2025", "01/06/2025"), episode("B", "01/05/2025", "")],
            ..Default::default()
        };
        assert_eq!(check("607", &t), at(&[("A", "Header row 1, MOTHER")]));
    }

    #[test]
    fn mother_and_first_child_dates() {
        let mut no_date = header("A", "01/01/2005");
        no_date.sex = s("F");
        no_date.mother = s("1");
        let mut not_mother = header("B", "01/01/2005");
        not_mother.sex = s("F");
        not_mother.mother = s("0");
        not_mother.mc_dob = d("01/01/2024");
        let mut young = header("C", "01/05/2014");
        young.sex = s("F");
        young.mother = s("1");
        young.mc_dob = d("01/01/2014");
        let mut fine = header("D", "01/01/2005");
        fine.sex = s("F");
        fine.mother = s("1");
        fine.mc_dob = d("01/01/2024");
        let t = with(vec![no_date, not_mother, young, fine]);
        assert_eq!(check("611", &t), at(&[("A", "Header row 1, MC_DOB")]));
        assert_eq!(check("612", &t), at(&[("B", "Header row 2, MOTHER")]));
        assert_eq!(check("620", &t), at(&[("C", "Header row 3, DOB")]));
        assert_eq!(check("621", &t), at(&[("C", "Header row 3, MC_DOB")]));
    }

    #[test]
    fn r624_r626_first_child_against_last_year() {
        let mut a_last = header("A", "01/01/2005");
        a_last.mc_dob = d("01/01/2024");
        let mut b_last = header("B", "01/01/2005");
        b_last.mother = s("0");
        let mut a = header("A", "01/01/2005");
        a.mc_dob = d("02/01/2024");
        let mut b = header("B", "01/01/2005");
        b.mother = s("1");
        b.mc_dob = d("01/01/2025");
        let mut c_now = header("C", "01/01/2005");
        c_now.mother = s("1");
        c_now.mc_dob = d("01/05/2025");
        let mut c_last = header("C", "01/01/2005");
        c_last.mother = s("0");
        let last = with(vec![a_last, b_last, c_last]);
        let now = with(vec![a, b, c_now]);
        assert_eq!(check_with("624", &now, Some(&last)), at(&[("A", "Header row 1, MC_DOB")]));
        assert_eq!(check_with("626", &now, Some(&last)), at(&[("B", "Header row 2, MOTHER")]));

        // A mother last year, a care leaver only this year: blank, as rule 628 asks.
        let mut leaver_last = header("L", "01/01/2006");
        leaver_last.sex = s("F");
        leaver_last.mother = s("1");
        leaver_last.mc_dob = d("30/11/2023");
        let mut leaver = header("L", "01/01/2006");
        leaver.sex = s("F");
        let oc3 = Oc3Row { child: "L".into(), dob: d("01/01/2006"), in_touch: s("YES"), activ: s("F2"), accom: s("D1") };
        let last = with(vec![leaver_last]);
        let mut now = Ssda903 { header: vec![leaver.clone()], oc3: vec![oc3.clone()], ..Default::default() };
        assert_eq!(check_with("624", &now, Some(&last)), at(&[]));
        assert_eq!(check_with("628", &now, Some(&last)), at(&[]));
        // Still looked after, the blank does contradict last year's.
        now.episodes = vec![EpisodeRow { child: "L".into(), decom: d("01/01/2025"), ..Default::default() }];
        assert_eq!(check_with("624", &now, Some(&last)), at(&[("L", "Header row 1, MC_DOB")]));
        // As does another date, care leaver or not.
        now.episodes.clear();
        now.header[0].mother = s("1");
        now.header[0].mc_dob = d("01/12/2023");
        assert_eq!(check_with("624", &now, Some(&last)), at(&[("L", "Header row 1, MC_DOB")]));
    }

    #[test]
    fn r625_first_child_born_after_leaving_care() {
        let mut a = header("A", "01/01/2005");
        a.mc_dob = d("01/07/2025");
        let mut b = header("B", "01/01/2005");
        b.mc_dob = d("01/05/2025");
        let t = Ssda903 {
            header: vec![a, b],
            episodes: vec![episode("A", "01/04/2024", "01/06/2025"), episode("B", "01/04/2024", "01/06/2025")],
            ..Default::default()
        };
        assert_eq!(check("625", &t), at(&[("A", "Header row 1, MC_DOB")]));
    }

    #[test]
    fn r625_a_mother_still_in_care_has_not_left_it() {
        // Found in the largest demo authority: a young mother who moved
        // placement in May and gave birth in December, still looked after.
        let mut c = header("C", "25/08/2008");
        c.mc_dob = d("05/12/2025");
        let mut moved = episode("C", "27/01/2025", "02/05/2025");
        moved.rec = s("X1");
        let t = Ssda903 { header: vec![c], episodes: vec![moved.clone(), episode("C", "02/05/2025", "")], ..Default::default() };
        assert_eq!(check("625", &t), at(&[]));
        // Had she left care in November, before the birth, it would be refused.
        let t = Ssda903 { episodes: vec![moved, episode("C", "02/05/2025", "01/11/2025")], ..t };
        assert_eq!(check("625", &t), at(&[("C", "Header row 1, MC_DOB")]));
        // A birth after the year's end is refused whatever the episodes.
        let mut late = t.header[0].clone();
        late.mc_dob = d("01/04/2026");
        let t = Ssda903 { header: vec![late], episodes: vec![episode("C", "02/05/2025", "")], ..t };
        assert_eq!(check("625", &t), at(&[("C", "Header row 1, MC_DOB")]));
    }

    #[test]
    fn r628_care_leavers_without_episodes_have_no_mother_field() {
        let mut a = header("A", "01/01/2005");
        a.mother = s("0");
        let mut b = header("B", "01/01/2005");
        b.mother = s("0");
        let t = Ssda903 {
            header: vec![a, b],
            episodes: vec![episode("B", "01/04/2024", "")],
            oc3: vec![
                Oc3Row { child: "A".into(), in_touch: s("YES"), ..Default::default() },
                Oc3Row { child: "B".into(), in_touch: s("YES"), ..Default::default() },
            ],
            ..Default::default()
        };
        assert_eq!(check("628", &t), at(&[("A", "Header row 1, MOTHER")]));
    }
}
