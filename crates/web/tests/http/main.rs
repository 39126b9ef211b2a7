//! HTTP tests: Hearth served for real on a random port, driven by a client
//! that behaves like a browser.

#![allow(clippy::unwrap_used)]

mod admin;
mod api;
mod api_front_door;
mod auth;
mod children;
mod dashboard;
mod records;
mod front_door;
mod support;
