//! OC2 rules: the outcomes of children looked after for the twelve months
//! to 31 March (strengths and difficulties score, health, substance misuse),
//! completed for that cohort only.

use super::{ByChild, Context, Findings, Rule, birthday, blank, code, continuously_looked_after, episodes_by_child, invalid, is_one_of, rule};
use crate::ssda903::model::{Oc2Row, Ssda903};
use chrono::NaiveDate;

pub(super) const RULES: &[Rule] = &[
    rule!(
        "158",
        r_158,
        "If a child has been recorded as receiving an intervention for their substance misuse problem, then the additional item on whether an intervention was offered should be left blank."
    ),
    rule!("180", r_180, "Data entry for the strengths and difficulties questionnaire (SDQ) score is invalid."),
    rule!(
        "185",
        r_185,
        "Child has not been looked after continuously for at least 12 months at 31 March but a Strengths and Difficulties (SDQ) score has been completed."
    ),
    rule!(
        "190",
        r_190,
        "Child has not been looked after continuously for at least 12 months at 31 March but one or more data items relating to children looked after for 12 months have been completed."
    ),
    rule!(
        "192",
        r_192,
        "Child has been identified as having a substance misuse problem but the additional item on whether an intervention was received has been left blank."
    ),
    rule!(
        "193",
        r_193,
        "Child not identified as having a substance misuse problem but at least one of the two additional items on whether an intervention were offered and received have been completed."
    ),
    rule!("196", r_196, "Strengths and Difficulties (SDQ) reason is not a valid code."),
    rule!(
        "198",
        r_198,
        "Child has not been looked after continuously for at least 12 months at 31 March but a reason for no Strengths and Difficulties (SDQ) score has been completed."
    ),
    rule!(
        "157",
        r_157,
        "Child is aged 4 years or over at the beginning of the year or 16 years or under at the end of the year and Strengths and Difficulties Questionnaire (SDQ) 1 has been recorded as the reason for no Strengths and Difficulties Questionnaire (SDQ) score."
    ),
    rule!(
        "159",
        r_159,
        "If a child has been recorded as not receiving an intervention for their substance misuse problem, then the additional item on whether an intervention was offered should be completed as well."
    ),
    rule!("181", r_181, "Data items relating to children looked after continuously for 12 months should be completed with a 0 or 1."),
    rule!(
        "182",
        r_182,
        "Data entries on immunisations, teeth checks, health assessments and substance misuse problem identified should be completed or all OC2 fields should be left blank."
    ),
    rule!(
        "186",
        r_186,
        "Children aged 4 or over at the start of the year and children aged under 17 at the end of the year and who have been looked after for at least 12 months continuously should have a Strengths and Difficulties (SDQ) score completed."
    ),
    rule!(
        "188",
        r_188,
        "Child is aged under 4 years at the end of the year, but a Strengths and Difficulties (SDQ) score or a reason for no SDQ score has been completed."
    ),
    rule!(
        "189",
        r_189,
        "Child is aged 17 years or over at the beginning of the year, but an Strengths and Difficulties (SDQ) score or a reason for no Strengths and Difficulties (SDQ) score has been completed."
    ),
    rule!(
        "191",
        r_191,
        "Child has been looked after continuously for at least 12 months at 31 March but one or more data items relating to children looked after for 12 months have been left blank."
    ),
    rule!("197B", r_197b, "SDQ score or reason for no SDQ should be reported for 4- or 17-year-olds."),
    rule!(
        "197a",
        r_197a,
        "Reason for no Strengths and Difficulties (SDQ) score is not required if Strengths and Difficulties Questionnaire score is filled in."
    ),
    rule!("542", r_542, "A child aged under 10 at 31 March should not have conviction information completed."),
    rule!(
        "543",
        r_543,
        "Child is aged 10 or over at 31 March and has been looked after continuously for 12 months yet conviction information has not been completed."
    ),
    rule!(
        "544",
        r_544,
        "Any child who has conviction information completed must also have immunisation, teeth check, health assessment and substance misuse problem identified fields completed."
    ),
    rule!(
        "545",
        r_545,
        "Child is aged under 5 at 31 March and has been looked after continuously for 12 months yet health promotion information has not been completed."
    ),
    rule!("546", r_546, "Children aged 5 or over at 31 March should not have health promotion information completed."),
    rule!(
        "547",
        r_547,
        "Any child who has health promotion information completed must also have immunisation, teeth check, health assessment and substance misuse problem identified fields completed."
    ),
];

fn each(t: &Ssda903) -> impl Iterator<Item = (usize, &Oc2Row)> {
    t.oc2.iter().enumerate()
}

fn r_158(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, o) in each(t) {
        if is_one_of(&o.intervention_received, &["1"]) && !blank(&o.intervention_offered) {
            f.row(&o.child, "OC2", i, "INTERVENTION_OFFERED");
        }
    }
}

/// A score is a whole number from 0 to 40.
fn r_180(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, o) in each(t) {
        if code(&o.sdq_score).is_some_and(|v| !v.parse::<u8>().is_ok_and(|n| n <= 40)) {
            f.row(&o.child, "OC2", i, "SDQ_SCORE");
        }
    }
}

/// Rows of children outside the twelve-month cohort with a field filled in.
fn outside_cohort(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>, field: &str, filled: fn(&Oc2Row) -> bool) {
    let cohort = continuously_looked_after(t, c);
    for (i, o) in each(t) {
        if !cohort.contains(o.child.as_str()) && filled(o) {
            f.row(&o.child, "OC2", i, field);
        }
    }
}

fn r_185(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    outside_cohort(t, c, f, "SDQ_SCORE", |o| !blank(&o.sdq_score));
}

fn r_190(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    outside_cohort(t, c, f, "CONVICTED", |o| {
        [
            &o.convicted,
            &o.health_check,
            &o.immunisations,
            &o.teeth_check,
            &o.health_assessment,
            &o.substance_misuse,
            &o.intervention_received,
            &o.intervention_offered,
        ]
        .iter()
        .any(|v| !blank(v))
    });
}

fn r_198(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    outside_cohort(t, c, f, "SDQ_REASON", |o| !blank(&o.sdq_reason));
}

fn r_192(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, o) in each(t) {
        if is_one_of(&o.substance_misuse, &["1"]) && blank(&o.intervention_received) {
            f.row(&o.child, "OC2", i, "INTERVENTION_RECEIVED");
        }
    }
}

fn r_193(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, o) in each(t) {
        let no_misuse = blank(&o.substance_misuse) || is_one_of(&o.substance_misuse, &["0"]);
        if no_misuse && !(blank(&o.intervention_received) && blank(&o.intervention_offered)) {
            f.row(&o.child, "OC2", i, "INTERVENTION_RECEIVED");
        }
    }
}

fn r_196(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, o) in each(t) {
        if invalid(&o.sdq_reason, &["SDQ1", "SDQ2", "SDQ3", "SDQ4", "SDQ5"]) {
            f.row(&o.child, "OC2", i, "SDQ_REASON");
        }
    }
}

/// The four items every child in the cohort has, and the columns' names.
fn core_items(o: &Oc2Row) -> [(&Option<String>, &'static str); 4] {
    [
        (&o.immunisations, "IMMUNISATIONS"),
        (&o.teeth_check, "TEETH_CHECK"),
        (&o.health_assessment, "HEALTH_ASSESSMENT"),
        (&o.substance_misuse, "SUBSTANCE_MISUSE"),
    ]
}

/// The first of the four core items left blank.
fn first_blank_core_item(o: &Oc2Row) -> Option<&'static str> {
    core_items(o).into_iter().find(|(v, _)| blank(v)).map(|(_, name)| name)
}

/// Rows of the twelve-month cohort whose child's age passes `test` (given
/// the date of birth), with the row.
fn cohort_rows<'t>(t: &'t Ssda903, c: &Context<'_>, test: impl Fn(NaiveDate) -> bool) -> Vec<(usize, &'t Oc2Row)> {
    let cohort = continuously_looked_after(t, c);
    each(t).filter(|(_, o)| cohort.contains(o.child.as_str()) && o.dob.is_some_and(&test)).collect()
}

fn no_sdq(o: &Oc2Row) -> bool {
    blank(&o.sdq_score) && blank(&o.sdq_reason)
}

/// SDQ1 (no score: the child is under 4 or over 16) cannot be the reason
/// for a child of SDQ age all year.
fn r_157(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    for (i, o) in cohort_rows(t, c, |dob| birthday(dob, 4) <= c.start() && birthday(dob, 16) >= c.end()) {
        if blank(&o.sdq_score) && is_one_of(&o.sdq_reason, &["SDQ1"]) {
            f.row(&o.child, "OC2", i, "SDQ_REASON");
        }
    }
}

fn r_159(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, o) in each(t) {
        if is_one_of(&o.substance_misuse, &["1"]) && is_one_of(&o.intervention_received, &["0"]) && blank(&o.intervention_offered) {
            f.row(&o.child, "OC2", i, "INTERVENTION_OFFERED");
        }
    }
}

/// Each filled yes/no item that is neither 0 nor 1.
fn r_181(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, o) in each(t) {
        let items = [
            (&o.convicted, "CONVICTED"),
            (&o.health_check, "HEALTH_CHECK"),
            (&o.immunisations, "IMMUNISATIONS"),
            (&o.teeth_check, "TEETH_CHECK"),
            (&o.health_assessment, "HEALTH_ASSESSMENT"),
            (&o.substance_misuse, "SUBSTANCE_MISUSE"),
            (&o.intervention_received, "INTERVENTION_RECEIVED"),
            (&o.intervention_offered, "INTERVENTION_OFFERED"),
        ];
        for (value, field) in items {
            if invalid(value, &["0", "1"]) {
                f.row(&o.child, "OC2", i, field);
            }
        }
    }
}

/// Any of the other items filled in needs all four core items.
fn r_182(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, o) in each(t) {
        let others = [&o.convicted, &o.health_check, &o.intervention_received, &o.intervention_offered].iter().any(|v| !blank(v));
        if others && let Some(field) = first_blank_core_item(o) {
            f.row(&o.child, "OC2", i, field);
        }
    }
}

fn r_186(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    for (i, o) in cohort_rows(t, c, |dob| birthday(dob, 4) <= c.start() && birthday(dob, 17) > c.end()) {
        if no_sdq(o) {
            f.row(&o.child, "OC2", i, "SDQ_SCORE");
        }
    }
}

fn r_188(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    for (i, o) in each(t) {
        if o.dob.is_some_and(|dob| birthday(dob, 4) > c.end()) && !no_sdq(o) {
            f.row(&o.child, "OC2", i, "SDQ_SCORE");
        }
    }
}

fn r_189(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    for (i, o) in each(t) {
        if o.dob.is_some_and(|dob| birthday(dob, 17) < c.start()) && !no_sdq(o) {
            f.row(&o.child, "OC2", i, "SDQ_SCORE");
        }
    }
}

/// A cohort child's OC2 row needs the four core items; a cohort child with
/// no OC2 row at all is reported on their first episode.
fn r_191(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    let cohort = continuously_looked_after(t, c);
    for (i, o) in each(t) {
        if cohort.contains(o.child.as_str())
            && let Some(field) = first_blank_core_item(o)
        {
            f.row(&o.child, "OC2", i, field);
        }
    }
    let oc2 = ByChild::new(&t.oc2);
    for (child, list) in episodes_by_child(&t.episodes) {
        if cohort.contains(child)
            && oc2.of(child).is_empty()
            && let Some((i, _)) = list.first()
        {
            f.row(child, "Episodes", *i, "CHILD");
        }
    }
}

/// Children turning 4 or 17 during the year still need a score or a reason.
fn r_197b(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    let in_year = |d: NaiveDate| d >= c.start() && d <= c.end();
    for (i, o) in cohort_rows(t, c, |dob| in_year(birthday(dob, 4)) || in_year(birthday(dob, 17))) {
        if no_sdq(o) {
            f.row(&o.child, "OC2", i, "SDQ_REASON");
        }
    }
}

fn r_197a(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    for (i, o) in each(t) {
        if !blank(&o.sdq_score) && !blank(&o.sdq_reason) {
            f.row(&o.child, "OC2", i, "SDQ_REASON");
        }
    }
}

fn r_542(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    for (i, o) in each(t) {
        if o.dob.is_some_and(|dob| birthday(dob, 10) > c.end()) && !blank(&o.convicted) {
            f.row(&o.child, "OC2", i, "CONVICTED");
        }
    }
}

fn r_543(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    for (i, o) in cohort_rows(t, c, |dob| birthday(dob, 10) < c.end()) {
        if blank(&o.convicted) {
            f.row(&o.child, "OC2", i, "CONVICTED");
        }
    }
}

/// A yes in one item needs the four core items.
fn yes_needs_core_items(t: &Ssda903, f: &mut Findings<'_>, field: &str, value: fn(&Oc2Row) -> &Option<String>) {
    for (i, o) in each(t) {
        if is_one_of(value(o), &["1"]) && first_blank_core_item(o).is_some() {
            f.row(&o.child, "OC2", i, field);
        }
    }
}

fn r_544(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    yes_needs_core_items(t, f, "CONVICTED", |o| &o.convicted);
}

fn r_547(t: &Ssda903, _: &Context<'_>, f: &mut Findings<'_>) {
    yes_needs_core_items(t, f, "HEALTH_CHECK", |o| &o.health_check);
}

/// Health promotion (development checks) is for the under-fives.
fn r_545(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    for (i, o) in cohort_rows(t, c, |dob| birthday(dob, 5) > c.end()) {
        if blank(&o.health_check) {
            f.row(&o.child, "OC2", i, "HEALTH_CHECK");
        }
    }
}

fn r_546(t: &Ssda903, c: &Context<'_>, f: &mut Findings<'_>) {
    for (i, o) in cohort_rows(t, c, |dob| birthday(dob, 5) <= c.end()) {
        if !blank(&o.health_check) {
            f.row(&o.child, "OC2", i, "HEALTH_CHECK");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::ssda903::model::*;

    fn oc2(child: &str) -> Oc2Row {
        Oc2Row { child: child.into(), dob: d("01/01/2012"), ..Default::default() }
    }

    #[test]
    fn codes_and_substance_misuse() {
        let mut a = oc2("A");
        a.sdq_score = s("41");
        a.sdq_reason = s("SDQ9");
        a.substance_misuse = s("1");
        let mut b = oc2("B");
        b.sdq_score = s("40");
        b.sdq_reason = s("SDQ1");
        b.substance_misuse = s("0");
        b.intervention_offered = s("1");
        let mut c = oc2("C");
        c.substance_misuse = s("1");
        c.intervention_received = s("1");
        c.intervention_offered = s("0");
        let mut e = oc2("E");
        e.substance_misuse = s("1");
        e.intervention_received = s("0");
        e.intervention_offered = s("1");
        let t = Ssda903 { oc2: vec![a, b, c, e], ..Default::default() };
        assert_eq!(check("180", &t), at(&[("A", "OC2 row 1, SDQ_SCORE")]));
        assert_eq!(check("196", &t), at(&[("A", "OC2 row 1, SDQ_REASON")]));
        assert_eq!(check("192", &t), at(&[("A", "OC2 row 1, INTERVENTION_RECEIVED")]));
        assert_eq!(check("193", &t), at(&[("B", "OC2 row 2, INTERVENTION_RECEIVED")]));
        assert_eq!(check("158", &t), at(&[("C", "OC2 row 3, INTERVENTION_OFFERED")]));
    }

    #[test]
    fn only_the_twelve_month_cohort_has_outcomes() {
        let filled = |child: &str| {
            let mut o = oc2(child);
            o.sdq_score = s("10");
            o.sdq_reason = s("SDQ1");
            o.immunisations = s("1");
            o
        };
        let t = Ssda903 {
            // A in care all year; B started in May; C left in June.
            episodes: vec![episode("A", "01/01/2024", ""), episode("B", "01/05/2025", ""), episode("C", "01/01/2024", "01/06/2025")],
            oc2: vec![filled("A"), filled("B"), filled("C")],
            ..Default::default()
        };
        assert_eq!(check("185", &t), at(&[("B", "OC2 row 2, SDQ_SCORE"), ("C", "OC2 row 3, SDQ_SCORE")]));
        assert_eq!(check("190", &t), at(&[("B", "OC2 row 2, CONVICTED"), ("C", "OC2 row 3, CONVICTED")]));
        assert_eq!(check("198", &t), at(&[("B", "OC2 row 2, SDQ_REASON"), ("C", "OC2 row 3, SDQ_REASON")]));
    }

    /// An OC2 row with the four core items answered.
    fn complete(child: &str, dob: &str) -> Oc2Row {
        Oc2Row {
            child: child.into(),
            dob: d(dob),
            immunisations: s("1"),
            teeth_check: s("1"),
            health_assessment: s("1"),
            substance_misuse: s("0"),
            ..Default::default()
        }
    }

    #[test]
    fn sdq_by_age_and_cohort() {
        let with = |child: &str, dob: &str, score: &str, reason: &str| {
            let mut o = complete(child, dob);
            o.sdq_score = if score.is_empty() { None } else { s(score) };
            o.sdq_reason = if reason.is_empty() { None } else { s(reason) };
            o
        };
        let t = Ssda903 {
            episodes: ["A", "B", "C", "D", "E"].iter().map(|c| episode(c, "01/01/2024", "")).collect(),
            oc2: vec![
                with("A", "01/01/2012", "", "SDQ1"),
                with("B", "01/01/2012", "", ""),
                with("C", "01/06/2021", "", ""),
                with("D", "01/06/2008", "", ""),
                with("E", "01/01/2012", "10", ""),
                with("F", "01/06/2022", "5", ""),
                with("G", "01/03/2008", "", "SDQ2"),
                with("H", "01/01/2012", "10", "SDQ2"),
                with("J", "01/01/2012", "", "SDQ1"),
            ],
            ..Default::default()
        };
        assert_eq!(check("157", &t), at(&[("A", "OC2 row 1, SDQ_REASON")]));
        assert_eq!(check("186", &t), at(&[("B", "OC2 row 2, SDQ_SCORE")]));
        assert_eq!(check("197B", &t), at(&[("C", "OC2 row 3, SDQ_REASON"), ("D", "OC2 row 4, SDQ_REASON")]));
        assert_eq!(check("188", &t), at(&[("F", "OC2 row 6, SDQ_SCORE")]));
        assert_eq!(check("189", &t), at(&[("G", "OC2 row 7, SDQ_SCORE")]));
        assert_eq!(check("197a", &t), at(&[("H", "OC2 row 8, SDQ_REASON")]));
    }

    #[test]
    fn yes_no_items_and_what_they_need() {
        let mut k = complete("K", "01/01/2012");
        k.substance_misuse = s("1");
        k.intervention_received = s("0");
        let mut l = complete("L", "01/01/2012");
        l.substance_misuse = s("1");
        l.intervention_received = s("0");
        l.intervention_offered = s("1");
        let mut m = complete("M", "01/01/2012");
        m.convicted = s("2");
        m.teeth_check = s("Y");
        let mut n = complete("N", "01/01/2012");
        n.convicted = s("0");
        n.immunisations = None;
        let mut q = complete("Q", "01/01/2012");
        q.convicted = s("1");
        q.teeth_check = None;
        let mut r = complete("R", "01/01/2022");
        r.health_check = s("1");
        r.health_assessment = None;
        let p = Oc2Row { child: "P".into(), dob: d("01/01/2012"), ..Default::default() };
        let t = Ssda903 { oc2: vec![k, l, m, n, q, r, p], ..Default::default() };
        assert_eq!(check("159", &t), at(&[("K", "OC2 row 1, INTERVENTION_OFFERED")]));
        assert_eq!(check("181", &t), at(&[("M", "OC2 row 3, CONVICTED"), ("M", "OC2 row 3, TEETH_CHECK")]));
        assert_eq!(
            check("182", &t),
            at(&[("N", "OC2 row 4, IMMUNISATIONS"), ("Q", "OC2 row 5, TEETH_CHECK"), ("R", "OC2 row 6, HEALTH_ASSESSMENT")])
        );
        assert_eq!(check("544", &t), at(&[("Q", "OC2 row 5, CONVICTED")]));
        assert_eq!(check("547", &t), at(&[("R", "OC2 row 6, HEALTH_CHECK")]));
    }

    #[test]
    fn convictions_health_checks_and_missing_rows_by_age() {
        let mut s_ = complete("S", "01/06/2016");
        s_.convicted = s("0");
        let t_ = complete("T", "01/01/2014");
        let u = complete("U", "01/06/2021");
        let mut v = complete("V", "01/01/2020");
        v.health_check = s("1");
        let mut w = complete("W", "01/01/2014");
        w.convicted = s("0");
        let mut y = complete("Y", "01/01/2012");
        y.convicted = s("0");
        y.teeth_check = None;
        let t = Ssda903 {
            episodes: ["S", "T", "U", "V", "W", "X", "Y"].iter().map(|c| episode(c, "01/01/2024", "")).collect(),
            oc2: vec![s_, t_, u, v, w, y],
            ..Default::default()
        };
        assert_eq!(check("542", &t), at(&[("S", "OC2 row 1, CONVICTED")]));
        assert_eq!(check("543", &t), at(&[("T", "OC2 row 2, CONVICTED")]));
        assert_eq!(check("545", &t), at(&[("U", "OC2 row 3, HEALTH_CHECK")]));
        assert_eq!(check("546", &t), at(&[("V", "OC2 row 4, HEALTH_CHECK")]));
        assert_eq!(check("191", &t), at(&[("X", "Episodes row 6, CHILD"), ("Y", "OC2 row 6, TEETH_CHECK")]));
    }
}
