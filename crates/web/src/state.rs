use crate::auth::rate_limit::SignInLimiter;
use hearth_domain::calendar::{BankHoliday, Calendar};
use hearth_domain::early_help::KeepingInTouchPolicy;
use hearth_domain::front_door::ScreeningPolicy;
use chrono::{DateTime, Utc};
use hearth_returns::history::History;
use hearth_store::{Store, StoreError};
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
    /// The DfE three-digit LA code (census `LEA`); the demo's is fictional.
    pub la_code: String,
    /// The ONS local authority code (SSDA903).
    pub la_ons_code: String,
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
            la_code: "999".to_string(),
            la_ons_code: "E99999999".to_string(),
        }
    }
}

/// The whole log folded, with the sequence number of its newest event.
type LatestHistory = (i64, Arc<History>);

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<WebConfig>,
    pub(crate) limiter: Arc<SignInLimiter>,
    /// The history folded from the whole log, kept while the log has not
    /// moved on: returns and the data quality dashboard as at now share it.
    latest_history: Arc<tokio::sync::Mutex<Option<LatestHistory>>>,
}

impl AppState {
    pub fn new(store: Store, config: WebConfig) -> Self {
        let limiter = Arc::new(SignInLimiter::new(config.sign_in_attempts_per_address));
        Self { store, config: Arc::new(config), limiter, latest_history: Arc::default() }
    }

    /// The authority's history as Hearth knew it at `as_at`. At or after the
    /// newest event it is the whole log, folded once per change of the log.
    pub async fn history_as_at(&self, as_at: DateTime<Utc>) -> Result<Arc<History>, StoreError> {
        let newest = self.store.newest_event_mark().await?;
        let whole_log = newest.is_none_or(|(_, recorded_at)| as_at >= recorded_at);
        if !whole_log {
            return Ok(Arc::new(hearth_returns::source::load(&self.store, as_at, &mut |_| {}).await?));
        }
        let seq = newest.map(|(seq, _)| seq).unwrap_or(0);
        let mut cached = self.latest_history.lock().await;
        if let Some((cached_seq, history)) = cached.as_ref()
            && *cached_seq == seq
        {
            return Ok(history.clone());
        }
        let history = Arc::new(hearth_returns::source::load(&self.store, as_at, &mut |_| {}).await?);
        *cached = Some((seq, history.clone()));
        Ok(history)
    }

    /// The shipped bank holidays plus any an administrator has added.
    pub async fn calendar(&self) -> Result<Calendar, hearth_store::StoreError> {
        let added = self.store.added_bank_holidays().await?;
        Ok(Calendar::england_and_wales().with_additional(added.into_iter().map(|(date, title)| BankHoliday { date, title })))
    }
}
