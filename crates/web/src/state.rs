use crate::auth::rate_limit::SignInLimiter;
use hearth_domain::calendar::{BankHoliday, Calendar};
use hearth_domain::early_help::KeepingInTouchPolicy;
use hearth_domain::front_door::ScreeningPolicy;
use hearth_store::Store;
use std::sync::Arc;

/// Settings the web service needs, loaded once at start.
#[derive(Clone, Debug)]
pub struct WebConfig {
    /// Shown in the header: Hearth is the authority's service, not GOV.UK's.
    pub authority_name: String,
    /// Mark cookies `Secure`; on whenever Hearth is reached over HTTPS.
    pub secure_cookies: bool,
    /// A session ends after this long without a request...
    pub session_idle_minutes: i64,
    /// ...and after this long whatever happens.
    pub session_max_hours: i64,
    /// Failed passwords before an account is locked, and for how long.
    pub lockout_attempts: i64,
    pub lockout_minutes: i64,
    /// Sign-in attempts allowed from one address in ten minutes.
    pub sign_in_attempts_per_address: u32,
    /// How long a break-glass reason lets the user into that child's record.
    pub break_glass_hours: i64,
    /// How soon each RAG rating must be screened (local MASH protocol).
    pub screening: ScreeningPolicy,
    /// A contact within this many days of a closed one about the same child
    /// continues its chain, and its clock (F1).
    pub chain_window_days: i64,
    /// How often a family on the early help waiting list is contacted
    /// while they wait (F11); every 10 working days unless set.
    pub keeping_in_touch: KeepingInTouchPolicy,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            authority_name: "Hearthshire Council".to_string(),
            secure_cookies: false,
            session_idle_minutes: 60,
            session_max_hours: 12,
            lockout_attempts: 5,
            lockout_minutes: 15,
            sign_in_attempts_per_address: 30,
            break_glass_hours: 8,
            screening: ScreeningPolicy::default(),
            chain_window_days: 30,
            keeping_in_touch: KeepingInTouchPolicy::default(),
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<WebConfig>,
    pub(crate) limiter: Arc<SignInLimiter>,
}

impl AppState {
    pub fn new(store: Store, config: WebConfig) -> Self {
        let limiter = Arc::new(SignInLimiter::new(config.sign_in_attempts_per_address));
        Self { store, config: Arc::new(config), limiter }
    }

    /// The shipped bank holidays plus any an administrator has added.
    pub async fn calendar(&self) -> Result<Calendar, hearth_store::StoreError> {
        let added = self.store.added_bank_holidays().await?;
        Ok(Calendar::england_and_wales().with_additional(added.into_iter().map(|(date, title)| BankHoliday { date, title })))
    }
}
