//! Rules of the 2025-26 set that Hearth does not check, each with the
//! reason. With the implemented rules they make up the DfE's 316.

const LOOKUP: &str =
    "needs Ofsted's provider lists (URN) or the postcode directory for placement LA, distance or location, which Hearth does not hold";
const DATE_TEXT: &str = "dates are parsed on reading: an invalid date is a file error from ssda903::csv::parse";
const UASC_STATUS: &str =
    "the 2025-26 Header has no UASC status column (the community validator reads one that does not exist); UASC is the UASC table";
const UASC_BY_YEAR: &str = "compares each child's UASC status (a Header column) this year and last; the 2025-26 Header has no such column, and the community validator skips the rule whenever a Header is loaded";
const SW_COVERAGE: &str = "the DfE text does not say which social worker episodes must cover which part of the year, and the community validator's version flags every pairing of a care episode with a social worker episode; left until the specification is clear";

pub const UNSUPPORTED: &[(&str, &str)] = &[
    ("105", UASC_STATUS),
    ("112", DATE_TEXT),
    ("113", DATE_TEXT),
    ("115", DATE_TEXT),
    ("116", DATE_TEXT),
    ("141", DATE_TEXT),
    ("147", DATE_TEXT),
    ("164", LOOKUP),
    ("169", LOOKUP),
    ("171", DATE_TEXT),
    ("179", LOOKUP),
    ("205A", UASC_BY_YEAR),
    ("205B", UASC_BY_YEAR),
    ("205C", UASC_BY_YEAR),
    ("205D", UASC_BY_YEAR),
    ("218", LOOKUP),
    ("219", LOOKUP),
    ("221", LOOKUP),
    ("224", LOOKUP),
    ("227", LOOKUP),
    ("228", LOOKUP),
    ("229", LOOKUP),
    ("231", UASC_STATUS),
    ("241", LOOKUP),
    ("242", LOOKUP),
    ("243", LOOKUP),
    ("303", UASC_STATUS),
    ("392a", LOOKUP),
    ("392c", LOOKUP),
    ("406", LOOKUP),
    ("411", LOOKUP),
    ("420", LOOKUP),
    ("452", LOOKUP),
    ("453", LOOKUP),
    ("454", LOOKUP),
    ("503G", LOOKUP),
    ("503H", LOOKUP),
    ("503J", LOOKUP),
    ("1005", DATE_TEXT),
    ("1008", LOOKUP),
    ("1015", LOOKUP),
    ("SW04STG1", DATE_TEXT),
    ("SW05STG1", DATE_TEXT),
    ("SW12STG2", SW_COVERAGE),
];
