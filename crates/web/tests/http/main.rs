//! HTTP tests: Hearth served for real on a random port, driven by a client
//! that behaves like a browser.

#![allow(clippy::unwrap_used)]

mod admin;
mod api;
mod api_front_door;
mod api_handover;
mod assessments;
mod auth;
mod child_protection;
mod children;
mod cp_plans;
mod dashboard;
mod duty_rota;
mod domestic_incidents;
mod early_help;
mod proceedings;
mod records;
mod risk_flags;
mod front_door;
mod support;
mod work;
