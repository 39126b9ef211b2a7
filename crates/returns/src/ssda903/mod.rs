//! The SSDA903 return (children looked after): its tables, built from the
//! history for a collection year, written as CSV files, read back for
//! import, and validated with the DfE's rules.

pub mod build;
pub mod csv;
pub mod model;
pub mod rules;

pub use model::Ssda903;
