//! Contacts to the front door: who makes them and what they say.
//!
//! Contacts are not collected nationally (scale.md), so the source mix
//! follows the CIN census referral sources, which contacts feed: police
//! about 30% (domestic abuse notifications dominate), schools about 18%,
//! health about 15%, individuals 8%, local authority services 10%, and the
//! rest from legal agencies, the voluntary sector, housing and anonymous
//! callers. The concern is composed from phrase templates that fit the
//! source, the children's ages and the household, so the text reads like
//! a real screening record without ever being one.

use crate::names::{Heritage, adult_given, family_name};
use crate::rng::Rng;
use crate::text::{Vars, fill};
use hearth_domain::codes::ReferralSource;

/// Per thousand contacts.
pub(crate) const SOURCES: &[(ReferralSource, u32)] = &[
    (ReferralSource::Police, 300),
    (ReferralSource::School, 150),
    (ReferralSource::EducationServices, 30),
    (ReferralSource::Gp, 30),
    (ReferralSource::HealthVisitor, 30),
    (ReferralSource::SchoolNurse, 15),
    (ReferralSource::OtherPrimaryHealth, 20),
    (ReferralSource::AccidentAndEmergency, 30),
    (ReferralSource::OtherHealth, 25),
    (ReferralSource::FamilyMember, 35),
    (ReferralSource::Acquaintance, 20),
    (ReferralSource::SelfReferral, 10),
    (ReferralSource::OtherIndividual, 15),
    (ReferralSource::LaSocialCare, 30),
    (ReferralSource::LaOtherInternal, 25),
    (ReferralSource::LaExternal, 15),
    (ReferralSource::EarlyHelp, 30),
    (ReferralSource::Housing, 20),
    (ReferralSource::OtherLegalAgency, 40),
    (ReferralSource::Other, 80),
    (ReferralSource::Anonymous, 30),
    (ReferralSource::Unknown, 20),
];

/// Where an unborn baby is the subject: maternity services raise almost all
/// pre-birth concerns.
pub(crate) const PRE_BIRTH_SOURCES: &[(ReferralSource, u32)] =
    &[(ReferralSource::OtherHealth, 50), (ReferralSource::OtherPrimaryHealth, 35), (ReferralSource::Gp, 15)];

/// A sentence about the children, with the ages it suits and, where the
/// sentence names the service that called, that service.
struct Template {
    text: &'static str,
    /// Suits a contact about several children at once.
    many: bool,
    min_age: u32,
    max_age: u32,
    /// The referrer's organisation, when the sentence names it.
    org: Option<&'static str>,
}

const fn t(text: &'static str, many: bool, min_age: u32, max_age: u32) -> Template {
    Template { text, many, min_age, max_age, org: None }
}

const fn o(org: &'static str, text: &'static str, many: bool, min_age: u32, max_age: u32) -> Template {
    Template { text, many, min_age, max_age, org: Some(org) }
}

const POLICE: &[Template] = &[
    t(
        "Police attended {address} after a neighbour reported shouting. {carer} and {partner} had been arguing; {child} {was} in the home and {was} distressed. A DASH risk assessment was graded {dash}.",
        true,
        0,
        17,
    ),
    t(
        "Domestic abuse notification: {partner} was arrested at the family home following an assault on {carer}. {child} {was} present at the time.",
        true,
        0,
        17,
    ),
    t(
        "{child} {was} reported missing from home overnight and found the next morning in {town} town centre. {Subj} would not say where {subj} had been.",
        false,
        11,
        17,
    ),
    t(
        "Police were called to a disturbance at {address}; {carer} was heavily intoxicated and unable to care for {child}, who {was} taken to stay with a relative.",
        true,
        0,
        12,
    ),
    t(
        "{child} {was} stopped by police in the company of older males known to supply drugs; officers are concerned about criminal exploitation.",
        false,
        12,
        17,
    ),
    t(
        "{child} {was} arrested for shoplifting in {town}; officers noted that {subj} appeared unkempt and hungry.",
        false,
        10,
        17,
    ),
    t(
        "Police executed a drugs warrant at {address}; cannabis and cash were found and {child} {was} present.",
        true,
        0,
        17,
    ),
    t("Officers found {child} home alone late at night when responding to a call about a barking dog.", true, 4, 12),
    t(
        "{partner} breached a non-molestation order by attending {address} and threatening {carer} in front of {child}.",
        true,
        0,
        17,
    ),
    t(
        "{child} {was} found by police with an adult male who was not family, in a car parked near {town} station at 2am.",
        false,
        12,
        17,
    ),
];

const SCHOOL: &[Template] = &[
    t("School reports that {child} arrived with a bruise to {poss} arm and {was} reluctant to go home.", false, 4, 17),
    t(
        "School reports that {child}'s attendance has fallen to {pct}% this term and {carer} has not replied to letters or calls.",
        true,
        5,
        16,
    ),
    t("{child} told {poss} class teacher that {partner} hits {obj} when {subj} {sis} naughty.", false, 4, 11),
    t(
        "School is concerned that {child} {is} often hungry, {is} wearing the same clothes for days and {is} falling asleep in lessons.",
        true,
        4,
        14,
    ),
    t("{child} told a teaching assistant that {subj} {sis} scared to go home because of the shouting.", false, 5, 14),
    t(
        "School reports a marked change in {child}'s behaviour: withdrawn, tearful and self-harming by cutting.",
        false,
        11,
        17,
    ),
    t(
        "School found messages on {child}'s phone from an adult asking {obj} to meet and to keep it secret.",
        false,
        11,
        16,
    ),
    t(
        "{child} {was} collected from school by {carer}, who staff believed was under the influence of alcohol.",
        true,
        4,
        11,
    ),
    t(
        "School reports that {child} disclosed that {subj} {shas} been looking after younger siblings overnight while {carer} goes out.",
        false,
        9,
        15,
    ),
    t(
        "The designated safeguarding lead reports that {child} {has} untreated head lice and dental pain, and earlier advice to {carer} has not been followed.",
        true,
        4,
        11,
    ),
];

const EDUCATION: &[Template] = &[
    o(
        "Hearthshire Education Welfare Service",
        "The education welfare service reports that {child} {has} been missing from education for six weeks and the family cannot be contacted.",
        true,
        5,
        16,
    ),
    o(
        "Hearthshire SEND Service",
        "The SEND service reports that {carer} has cancelled every review of {child}'s plan and {child} {is} not receiving the support assessed.",
        false,
        4,
        17,
    ),
    o(
        "Hearthshire Education Welfare Service",
        "Elective home education officers visited and were refused entry; they have not seen {child} for over a year.",
        true,
        5,
        16,
    ),
];

const GP: &[Template] = &[
    t(
        "GP reports that {carer} disclosed low mood and thoughts of self-harm and is struggling to care for {child}.",
        true,
        0,
        17,
    ),
    t(
        "The GP practice reports that {child} {has} not been brought to appointments for a chronic condition and {poss} medication has not been collected.",
        true,
        0,
        17,
    ),
    t(
        "GP reports that {carer} asked for stronger painkillers again and appeared drowsy and unkempt, with {child} unsupervised in the waiting room.",
        true,
        0,
        8,
    ),
];

const HEALTH_VISITOR: &[Template] = &[
    t(
        "Health visitor reports that the home was cold and dirty with little food, and {child} {was} in a soiled nappy.",
        true,
        0,
        3,
    ),
    t(
        "Health visitor reports that {child} {has} missed developmental checks and immunisations, and nobody answered the door at three visits.",
        true,
        0,
        4,
    ),
    t(
        "Health visitor reports that {carer} appears withdrawn and is not responding to {child}'s cues; {partner} is rarely present.",
        false,
        0,
        2,
    ),
    t(
        "Health visitor reports that {child} {has} not gained weight for three months and {carer} has missed the feeding clinic.",
        false,
        0,
        2,
    ),
];

const SCHOOL_NURSE: &[Template] = &[
    t(
        "School nurse reports that {child} {has} untreated dental decay and {has} missed three hospital appointments.",
        true,
        5,
        16,
    ),
    t(
        "School nurse reports that {child} disclosed that {subj} {sis} not allowed to eat until {poss} chores are done.",
        false,
        5,
        15,
    ),
    t(
        "School nurse reports that {child} {has} asked for help with low mood and says {subj} cannot talk to anyone at home.",
        false,
        11,
        17,
    ),
];

const OTHER_PRIMARY_HEALTH: &[Template] = &[
    o(
        "Hearthshire CAMHS",
        "CAMHS reports that {child} disclosed self-harm and said that home does not feel safe.",
        false,
        11,
        17,
    ),
    o(
        "Hearthshire CAMHS",
        "CAMHS reports that {child} {has} stopped attending appointments and {carer} says {subj} will not leave {poss} room.",
        false,
        10,
        17,
    ),
    o(
        "Hearthton Community Dental Service",
        "The community dental service reports that {child} needed several teeth removed under anaesthetic and follow-up appointments were missed.",
        true,
        2,
        12,
    ),
];

const OTHER_HEALTH: &[Template] = &[
    o(
        "Hearthshire Adult Mental Health Service",
        "Adult mental health services report that {carer} has stopped taking medication, is hearing voices and is the sole carer of {child}.",
        true,
        0,
        17,
    ),
    o(
        "Hearthshire Drug and Alcohol Service",
        "The drug and alcohol service reports that {carer} has relapsed into heroin use and {child} {is} living at home.",
        true,
        0,
        17,
    ),
    o(
        "Hearthton General Hospital",
        "The paediatric ward reports that {child} {was} admitted underweight and dehydrated, and {carer} has not visited for two days.",
        false,
        0,
        6,
    ),
];

const A_AND_E: &[Template] = &[
    t(
        "The emergency department reports that {child} attended with a fracture to {poss} arm; the explanation given does not fit the injury.",
        false,
        0,
        4,
    ),
    t("The emergency department reports that {child} attended after taking an overdose of paracetamol.", false, 12, 17),
    t(
        "The emergency department reports that {child} attended intoxicated at 1am, brought in by ambulance from a park in {town}.",
        false,
        12,
        17,
    ),
    t(
        "{child} {was} brought to the emergency department with burns to {poss} hand; there was a delay of two days in seeking treatment.",
        false,
        0,
        8,
    ),
    t(
        "The emergency department reports that {carer} attended with facial injuries said to be caused by {partner}; {child} {was} at home.",
        true,
        0,
        17,
    ),
];

const FAMILY_MEMBER: &[Template] = &[
    t(
        "A relative called to say she is worried that {child} {is} left alone while {carer} goes out drinking.",
        true,
        2,
        12,
    ),
    t(
        "A relative reports that {carer} has started using drugs again and {child} {is} staying with her most weekends.",
        true,
        0,
        17,
    ),
    t(
        "A grandparent reports that {partner} shouts at {child} and {carer} will not let the family visit any more.",
        true,
        0,
        14,
    ),
];

const ACQUAINTANCE: &[Template] = &[
    t("A neighbour reports hearing {child} crying for hours and shouting from the home most nights.", true, 0, 10),
    t(
        "A family friend is worried about {partner}, who has moved in and is said to be controlling and aggressive.",
        true,
        0,
        17,
    ),
    t("A neighbour reports that {child} {is} often outside in the street late at night without a coat.", true, 3, 12),
    t(
        "A childminder reports that {child} {is} often collected late and hungry, and {carer} smelt of alcohol.",
        true,
        0,
        4,
    ),
];

const OTHER_INDIVIDUAL: &[Template] = &[
    t("A member of the public saw {carer} shouting at and slapping {child} in a supermarket in {town}.", false, 1, 10),
    t(
        "A taxi driver reports regularly taking {child} to addresses in {town} late at night, with older males paying the fare.",
        false,
        12,
        17,
    ),
    t(
        "A member of the public reports that {child} {was} seen begging outside {town} station on a school day.",
        true,
        6,
        15,
    ),
];

const SELF: &[Template] = &[
    t(
        "{child} called the front door {self} to say that {subj} had been hit by {partner} and did not want to go home.",
        false,
        11,
        17,
    ),
    t(
        "{child} asked for help because {subj} {swas} sofa-surfing after an argument with {carer} and had nowhere to stay.",
        false,
        15,
        17,
    ),
    t(
        "{child} disclosed to the duty worker that {subj} {swas} being pressured to carry packages for older boys.",
        false,
        12,
        17,
    ),
];

const LA_SOCIAL_CARE: &[Template] = &[
    o(
        "Hearthshire Adult Social Care",
        "Adult social care reports that {carer} has a learning disability and is struggling to manage {child}'s needs.",
        true,
        0,
        17,
    ),
    o(
        "Hearthshire Adult Social Care",
        "Adult social care reports that {carer} has been admitted to hospital under the Mental Health Act; {child} {is} being cared for by {partner}.",
        true,
        0,
        17,
    ),
    o(
        "Hearthshire Fostering Service",
        "A foster carer known to the family reports that {child} arrived for a visit hungry and with head lice.",
        true,
        2,
        12,
    ),
];

const LA_INTERNAL: &[Template] = &[
    o(
        "Hearthshire Youth Justice Service",
        "Youth justice service reports that {child} {has} been charged with possession of a knife and {is} associating with young people involved in county lines.",
        false,
        12,
        17,
    ),
    o(
        "Hearthshire Family Hubs",
        "The family hub reports that {carer} disclosed financial abuse by {partner} and there is no food in the house for {child}.",
        true,
        0,
        17,
    ),
    o(
        "Hearthshire Council Children's Centres",
        "The children's centre reports that {child} {was} left in the care of a 12-year-old sibling on several occasions.",
        true,
        0,
        5,
    ),
];

const LA_EXTERNAL: &[Template] = &[
    t(
        "{org} reports that the family has moved to {town} from its area while {child} {was} subject to a child in need plan.",
        true,
        0,
        17,
    ),
    t(
        "{org} reports that {carer} has moved to {town} with {child} during a child protection enquiry in its area.",
        true,
        0,
        17,
    ),
];

const EARLY_HELP: &[Template] = &[
    t(
        "Early help reports that the family has stopped engaging with the family support plan and concerns about neglect of {child} are growing.",
        true,
        0,
        17,
    ),
    t(
        "Early help requests a step-up: despite six months of support, {child}'s school attendance and home conditions have not improved.",
        true,
        4,
        17,
    ),
    t(
        "The early help worker saw a bruise on {child}'s face during a home visit; {carer} said {subj} fell.",
        false,
        0,
        10,
    ),
];

const HOUSING: &[Template] = &[
    t(
        "Housing reports that the family faces eviction for rent arrears and the property is in very poor condition, with no working heating.",
        true,
        0,
        17,
    ),
    t(
        "A housing officer visiting about a repair found the home cluttered and unsafe, with dog mess on the floors and {child} at home during school hours.",
        true,
        5,
        16,
    ),
    t("Housing reports that {carer} has presented as homeless with {child} after fleeing {partner}.", true, 0, 17),
];

const LEGAL: &[Template] = &[
    o(
        "Hearthshire Probation Service",
        "Probation reports that {partner}, on licence for offences of violence, has moved into the family home with {child}.",
        true,
        0,
        17,
    ),
    o(
        "Cafcass",
        "Cafcass reports that during private law proceedings {carer} alleged that {child} {has} witnessed domestic abuse.",
        true,
        0,
        17,
    ),
    o(
        "HM Prison Service",
        "The prison service reports that {partner} is due for release and intends to return to the family home.",
        true,
        0,
        17,
    ),
];

const OTHER: &[Template] = &[
    o(
        "Hearthshire Women's Aid",
        "A support worker at Hearthshire Women's Aid reports that {carer} has disclosed coercive and controlling behaviour by {partner}.",
        true,
        0,
        17,
    ),
    o(
        "Young Carers Hearthshire",
        "Young Carers Hearthshire reports that {child} {is} a young carer for {carer}, whose mental health is poor, and {is} missing school.",
        false,
        8,
        17,
    ),
    o(
        "Emberdale Food Bank",
        "Emberdale Food Bank reports that the family has used the food bank every week for three months and {child} appeared thin and tired.",
        true,
        0,
        17,
    ),
    o(
        "Flintholme Youth Project",
        "A youth worker reports that {child} {has} new expensive clothes and phones and is spending time with much older young people.",
        false,
        12,
        17,
    ),
];

const ANONYMOUS: &[Template] = &[
    t(
        "An anonymous caller reports that {child} {is} often seen out late and that there are parties at the house most nights.",
        true,
        5,
        17,
    ),
    t("An anonymous caller is worried that {child} {is} being left alone with a man who is not family.", true, 0, 12),
    t(
        "An anonymous caller reports shouting and the sound of things being thrown at {address}, with {child} heard crying.",
        true,
        0,
        12,
    ),
];

const UNKNOWN: &[Template] = &[t(
    "Concerns about {child}'s welfare at home were passed to the front door; the referrer's details were not recorded.",
    true,
    0,
    17,
)];

/// Always fits: used when no more particular sentence suits the children.
const FALLBACK: &str = "{org} raised concerns about {child}'s care at home and asked for advice.";

/// Pre-birth concerns, by the maternity service that raises them.
const PRE_BIRTH: &[(ReferralSource, Template)] = &[
    (
        ReferralSource::OtherHealth,
        o(
            "Hearthton General Hospital maternity unit",
            "The hospital midwife reports that {carer} is {weeks} weeks pregnant and booked late. She has a history of {issue}, and previous children were subject to child protection plans.",
            true,
            0,
            17,
        ),
    ),
    (
        ReferralSource::OtherHealth,
        o(
            "Hearthton General Hospital maternity unit",
            "The maternity unit reports that {carer} is {weeks} weeks pregnant and living with {partner}, who has a history of domestic abuse towards previous partners.",
            true,
            0,
            17,
        ),
    ),
    (
        ReferralSource::OtherPrimaryHealth,
        o(
            "Hearthton Community Midwifery Team",
            "Community midwife reports that {carer} is {weeks} weeks pregnant, has disclosed {issue}, and has no baby equipment or settled housing.",
            true,
            0,
            17,
        ),
    ),
    (
        ReferralSource::Gp,
        t(
            "GP reports that {carer} is {weeks} weeks pregnant and has disclosed {issue}; she has not yet booked with a midwife.",
            true,
            0,
            17,
        ),
    ),
];

const PRE_BIRTH_ISSUES: &[&str] = &[
    "daily cannabis use",
    "alcohol misuse",
    "severe postnatal depression",
    "domestic abuse",
    "heroin use, now on methadone",
];

/// A second sentence, added to about half of contacts.
const CLOSINGS: &[&str] = &[
    "{carer} is aware of the contact and agrees to it.",
    "Consent was not sought, as that could place {obj} at greater risk.",
    "The referrer has asked to be told the outcome.",
    "The referrer knows of no earlier concerns.",
    "The family is already known to early help.",
    "The referrer will send a written referral today.",
];

pub(crate) const SCHOOLS_PRIMARY: &[&str] = &[
    "Hearthton Primary School",
    "St Brigid's Catholic Primary School",
    "Kindlewick Community Primary School",
    "Grateford Church of England Primary School",
    "Rowan Park Primary School",
    "Emberdale Infant School",
];
pub(crate) const SCHOOLS_SECONDARY: &[&str] = &[
    "Emberdale Academy",
    "Flintholme High School",
    "Ashby Hearth Secondary School",
    "Hearthton College",
    "St Anselm's Academy",
];
pub(crate) const GP_PRACTICES: &[&str] =
    &["Riverside Surgery", "Forge Lane Medical Practice", "Kindlewick Health Centre", "Grateford Group Practice"];
pub(crate) const OTHER_ORGANISATIONS: &[&str] = &[
    "Hearthton Children's Centre",
    "Hearthshire Women's Aid",
    "Young Carers Hearthshire",
    "Emberdale Food Bank",
    "Flintholme Youth Project",
];

/// What the generator knows about a household when a contact comes in.
pub(crate) struct ContactScene<'a> {
    pub(crate) source: ReferralSource,
    pub(crate) names: &'a [String],
    pub(crate) sexes: &'a [hearth_domain::codes::Sex],
    pub(crate) youngest_age: u32,
    pub(crate) oldest_age: u32,
    /// The main carer's given name (usually the mother).
    pub(crate) carer: &'a str,
    /// The other adult, or how the record would describe an absent one.
    pub(crate) partner: &'a str,
    pub(crate) address: &'a str,
    pub(crate) town: &'a str,
    /// Weeks of pregnancy when the subject is an unborn baby.
    pub(crate) weeks_pregnant: Option<u32>,
}

pub(crate) struct ContactText {
    pub(crate) concern: String,
    pub(crate) referrer_name: Option<String>,
    pub(crate) referrer_organisation: Option<String>,
}

fn templates(source: ReferralSource) -> &'static [Template] {
    use ReferralSource as S;
    match source {
        S::Police => POLICE,
        S::School => SCHOOL,
        S::EducationServices => EDUCATION,
        S::Gp => GP,
        S::HealthVisitor => HEALTH_VISITOR,
        S::SchoolNurse => SCHOOL_NURSE,
        S::OtherPrimaryHealth => OTHER_PRIMARY_HEALTH,
        S::OtherHealth => OTHER_HEALTH,
        S::AccidentAndEmergency => A_AND_E,
        S::FamilyMember => FAMILY_MEMBER,
        S::Acquaintance => ACQUAINTANCE,
        S::OtherIndividual => OTHER_INDIVIDUAL,
        S::SelfReferral => SELF,
        S::LaSocialCare => LA_SOCIAL_CARE,
        S::LaOtherInternal => LA_INTERNAL,
        S::LaExternal => LA_EXTERNAL,
        S::EarlyHelp => EARLY_HELP,
        S::Housing => HOUSING,
        S::OtherLegalAgency => LEGAL,
        S::Other => OTHER,
        S::Anonymous => ANONYMOUS,
        S::Unknown => UNKNOWN,
    }
}

fn person(rng: &mut Rng) -> (String, String) {
    let h = rng.weighted(&[
        (Heritage::British, 75),
        (Heritage::Irish, 5),
        (Heritage::SouthAsianMuslim, 8),
        (Heritage::WestAfrican, 7),
        (Heritage::Indian, 5),
    ]);
    let female = rng.chance(0.7);
    (adult_given(h, female, rng), family_name(h, rng))
}

/// Who made the contact, as the screening record would name them.
fn referrer(
    source: ReferralSource,
    named: Option<&str>,
    oldest_age: u32,
    child: &str,
    rng: &mut Rng,
) -> (Option<String>, Option<String>) {
    use ReferralSource as S;
    let (given, family) = person(rng);
    let full = format!("{given} {family}");
    let org = |rng: &mut Rng, list: &[&str]| Some(named.unwrap_or_else(|| rng.pick(list)).to_string());
    match source {
        S::School => {
            let list = if oldest_age <= 10 { SCHOOLS_PRIMARY } else { SCHOOLS_SECONDARY };
            (Some(full), org(rng, list))
        }
        S::EducationServices => (
            Some(full),
            org(
                rng,
                &["Hearthshire Education Welfare Service", "Hearthshire SEND Service", "Hearthshire Virtual School"],
            ),
        ),
        S::Gp => (Some(format!("Dr {full}")), org(rng, GP_PRACTICES)),
        S::HealthVisitor => (Some(full), Some("Hearthshire Health Visiting Service".into())),
        S::SchoolNurse => (Some(full), Some("Hearthshire School Nursing Service".into())),
        S::OtherPrimaryHealth => (Some(full), org(rng, &["Hearthshire CAMHS", "Hearthton Community Midwifery Team"])),
        S::AccidentAndEmergency => {
            (Some(format!("Dr {full}")), Some("Hearthton General Hospital emergency department".into()))
        }
        S::OtherHealth => (
            Some(full),
            org(
                rng,
                &[
                    "Hearthton General Hospital maternity unit",
                    "Hearthshire Adult Mental Health Service",
                    "Hearthshire Drug and Alcohol Service",
                ],
            ),
        ),
        S::FamilyMember | S::Acquaintance | S::OtherIndividual => (Some(full), None),
        S::SelfReferral => (Some(child.to_string()), None),
        S::LaSocialCare => (Some(full), org(rng, &["Hearthshire Adult Social Care"])),
        S::LaOtherInternal => (Some(full), org(rng, &["Hearthshire Family Hubs", "Hearthshire Youth Justice Service"])),
        // Neighbouring authorities, as fictional as Hearthshire.
        S::LaExternal => {
            (Some(full), org(rng, &["Cinderbury Council", "Ashmoor Borough Council", "Blackwater County Council"]))
        }
        S::EarlyHelp => (Some(full), org(rng, &["Hearthshire Early Help Service"])),
        S::Housing => (Some(full), org(rng, &["Hearthshire Council Housing Options", "Emberdale Homes"])),
        S::OtherLegalAgency => {
            (Some(full), org(rng, &["Hearthshire Probation Service", "Cafcass", "HM Prison Service"]))
        }
        S::Police => {
            (Some(format!("{} {full}", rng.pick(&["PC", "PC", "DC", "Sergeant"]))), Some("Hearthshire Police".into()))
        }
        S::Other => (Some(full), org(rng, OTHER_ORGANISATIONS)),
        S::Anonymous | S::Unknown => (None, None),
    }
}

/// The concern and referrer for one contact. `used` holds the sentences
/// already used for this family, so a history does not repeat itself more
/// than real ones do.
pub(crate) fn compose(
    scene: &ContactScene<'_>,
    previous_year: usize,
    used: &mut Vec<&'static str>,
    rng: &mut Rng,
) -> ContactText {
    let template: Option<&Template> = match scene.weeks_pregnant {
        Some(_) => {
            let fits: Vec<&Template> = PRE_BIRTH.iter().filter(|(s, _)| *s == scene.source).map(|(_, t)| t).collect();
            pick_fresh(&fits, used, rng)
        }
        None => {
            let many = scene.names.len() > 1;
            let fits: Vec<&Template> = templates(scene.source)
                .iter()
                .filter(|t| (t.many || !many) && t.min_age <= scene.youngest_age && scene.oldest_age <= t.max_age)
                .collect();
            pick_fresh(&fits, used, rng)
        }
    };
    let child = crate::text::join_names(scene.names);
    let (referrer_name, referrer_organisation) =
        referrer(scene.source, template.and_then(|t| t.org), scene.oldest_age, &child, rng);
    let mut vars = Vars::default();
    vars.children(scene.names, scene.sexes)
        .set("carer", scene.carer)
        .set("partner", scene.partner)
        .set("address", format!("the family home in {}", scene.address))
        .set("town", scene.town)
        .set("org", referrer_organisation.clone().unwrap_or_else(|| "The referrer".to_string()))
        .set("dash", rng.pick(&["standard", "medium", "medium", "high"]))
        .set("pct", rng.range(52, 84).to_string())
        .set("issue", rng.pick(PRE_BIRTH_ISSUES))
        .set("weeks", scene.weeks_pregnant.unwrap_or(20).to_string());
    let text = template.map_or(FALLBACK, |t| t.text);
    used.push(text);
    let mut concern = crate::text::sentence_case(&fill(text, &vars));
    if previous_year >= 2 && rng.chance(0.35) {
        concern.push_str(&format!(
            " This is contact number {} about the family in the last twelve months.",
            previous_year + 1
        ));
    } else if rng.chance(0.5) {
        concern.push(' ');
        concern.push_str(&crate::text::sentence_case(&fill(rng.pick(CLOSINGS), &vars)));
    }
    ContactText { concern, referrer_name, referrer_organisation }
}

/// A template not yet used for the family if there is one, else any.
fn pick_fresh<'t>(fits: &[&'t Template], used: &[&'static str], rng: &mut Rng) -> Option<&'t Template> {
    let fresh: Vec<&'t Template> = fits.iter().copied().filter(|t| !used.contains(&t.text)).collect();
    let from = if fresh.is_empty() { fits } else { &fresh[..] };
    if from.is_empty() {
        return None;
    }
    Some(from[rng.index(from.len()) % from.len()])
}

/// Police and hospitals work around the clock; families call when they
/// can; everyone else calls in office hours. Seconds after midnight.
pub(crate) fn time_of_day(source: ReferralSource, rng: &mut Rng) -> u32 {
    use ReferralSource as S;
    match source {
        S::Police
        | S::AccidentAndEmergency
        | S::Anonymous
        | S::FamilyMember
        | S::Acquaintance
        | S::OtherIndividual
        | S::SelfReferral
        | S::Unknown => rng.below(86_400) as u32,
        _ => 8 * 3600 + 1800 + rng.below(9 * 3600) as u32,
    }
}

/// Office-hours sources do not call at weekends.
pub(crate) fn weekday_only(source: ReferralSource) -> bool {
    use ReferralSource as S;
    !matches!(
        source,
        S::Police
            | S::AccidentAndEmergency
            | S::Anonymous
            | S::FamilyMember
            | S::Acquaintance
            | S::OtherIndividual
            | S::SelfReferral
            | S::Unknown
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use hearth_domain::codes::Sex;

    #[test]
    fn source_weights_add_up_to_a_thousand() {
        assert_eq!(SOURCES.iter().map(|(_, w)| w).sum::<u32>(), 1000);
    }

    #[test]
    fn every_template_names_only_known_values() {
        let mut vars = Vars::default();
        vars.children(&["Amara".to_string()], &[Sex::Female]);
        for key in ["carer", "partner", "address", "town", "org", "dash", "pct", "issue", "weeks"] {
            vars.set(key, "x");
        }
        let texts = SOURCES
            .iter()
            .flat_map(|(s, _)| templates(*s).iter().map(|t| t.text))
            .chain(PRE_BIRTH.iter().map(|(_, t)| t.text))
            .chain(CLOSINGS.iter().copied())
            .chain([FALLBACK]);
        for text in texts {
            let filled = fill(text, &vars);
            assert!(!filled.contains('{'), "{text}");
        }
    }

    #[test]
    fn every_template_fills_completely() {
        let mut rng = Rng::new(11);
        let names = ["Amara".to_string(), "Leo".to_string()];
        let sexes = [Sex::Female, Sex::Male];
        for (source, _) in SOURCES {
            for many in [1, 2] {
                for age in [0, 3, 8, 13, 17] {
                    for weeks in [None, Some(20)] {
                        let scene = ContactScene {
                            source: *source,
                            names: &names[..many],
                            sexes: &sexes[..many],
                            youngest_age: age,
                            oldest_age: age,
                            carer: "Sarah",
                            partner: "Darren",
                            address: "Hearthton",
                            town: "Kindlewick",
                            weeks_pregnant: weeks,
                        };
                        for previous in [0, 3] {
                            let c = compose(&scene, previous, &mut Vec::new(), &mut rng);
                            assert!(!c.concern.contains('{') && !c.concern.contains('}'), "{}", c.concern);
                            assert!(c.concern.len() > 30);
                        }
                    }
                }
            }
        }
    }
}
