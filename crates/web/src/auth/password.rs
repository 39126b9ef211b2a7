//! Password hashing with Argon2id. Hashing is deliberately slow, so it runs
//! on the blocking pool, never on the async threads that serve pages.

use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use argon2::Argon2;

pub const MIN_PASSWORD_CHARS: usize = 12;

pub async fn hash_password(password: String) -> Result<String, String> {
    tokio::task::spawn_blocking(move || {
        Argon2::default().hash_password(password.as_bytes()).map(|h| h.to_string()).map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| e.to_string())?
}

/// True when `password` matches the stored hash. A malformed hash never matches.
pub async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || match PasswordHash::new(&hash) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    })
    .await
    .unwrap_or(false)
}

/// Refuses passwords that are short or all one character.
pub fn password_problem(password: &str) -> Option<String> {
    let chars: Vec<char> = password.chars().collect();
    if chars.len() < MIN_PASSWORD_CHARS {
        return Some(format!("Password must be at least {MIN_PASSWORD_CHARS} characters"));
    }
    if chars.iter().all(|c| *c == chars[0]) {
        return Some("Password must not be one character repeated".to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_wrong_passwords_do_not() {
        let hash = hash_password("correct horse battery".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery".into(), hash.clone()).await);
        assert!(!verify_password("wrong horse battery".into(), hash).await);
        assert!(!verify_password("x".into(), "not a hash".into()).await);
    }

    #[test]
    fn weak_passwords_are_refused() {
        assert!(password_problem("short").is_some());
        assert!(password_problem("aaaaaaaaaaaaaa").is_some());
        assert!(password_problem("a long enough passphrase").is_none());
    }
}
