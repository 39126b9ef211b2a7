//! Sign-in, sessions, CSRF protection and sign-in rate limits: security
//! lives in these modules and nowhere else.

pub mod csrf;
pub mod password;
pub mod rate_limit;
pub mod session;
pub mod sign_in;

pub use session::{CurrentUser, SessionContext};
