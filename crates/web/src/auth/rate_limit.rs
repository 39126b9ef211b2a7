//! Sign-in attempts per network address, in memory: a fixed ten-minute
//! window is enough to make password guessing slow without hurting an office
//! that shares one address. Per-account lockout (in the store) is the other
//! half of the defence.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(600);

pub struct SignInLimiter {
    max: u32,
    seen: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl SignInLimiter {
    pub fn new(max: u32) -> Self {
        Self { max, seen: Mutex::new(HashMap::new()) }
    }

    /// Counts an attempt; `Err(wait)` when the address must wait.
    pub fn check(&self, addr: IpAddr) -> Result<(), Duration> {
        let now = Instant::now();
        let mut seen = match self.seen.lock() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        };
        if seen.len() > 10_000 {
            seen.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        let entry = seen.entry(addr).or_insert((now, 0));
        if now.duration_since(entry.0) >= WINDOW {
            *entry = (now, 0);
        }
        if entry.1 >= self.max {
            return Err(WINDOW.saturating_sub(now.duration_since(entry.0)));
        }
        entry.1 += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_stopped_after_its_allowance() {
        let limiter = SignInLimiter::new(3);
        let a: IpAddr = "127.0.0.1".parse().unwrap();
        let b: IpAddr = "127.0.0.2".parse().unwrap();
        for _ in 0..3 {
            assert!(limiter.check(a).is_ok());
        }
        assert!(limiter.check(a).is_err());
        assert!(limiter.check(b).is_ok());
    }
}
