//! The children in need census: its file model, built from the history for
//! a collection year, written as XML, read back for import, and validated
//! with the DfE's rules.

pub mod build;
pub mod model;
pub mod rules;
pub mod xml;
mod xml_read;

pub use model::CinCensus;
