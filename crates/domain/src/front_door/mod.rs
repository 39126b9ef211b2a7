//! The front door's rules (findings F1–F12): how quickly a contact must be
//! screened, what a decision must record, when a contact may close, and how
//! a contact reopened soon after closing joins the chain of the first.

pub mod chain;
pub mod checks;
pub mod consent;
pub mod decision;
pub mod domestic_incidents;
pub mod duty_rota;
pub mod out_of_hours;
pub mod referrals;
pub mod screening;

pub use chain::{ChainLink, chain_for};
pub use checks::{Agency, CheckState, unresolved_checks};
pub use consent::{ConsentRecord, ConsentStatus};
pub use decision::{ContactOutcome, EscalationOutcome, ThresholdLevel};
pub use out_of_hours::handover_due;
pub use referrals::referrals_in_previous_12_months;
pub use screening::{Rag, ScreeningPolicy, working_days_later};
