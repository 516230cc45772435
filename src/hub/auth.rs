//! Passwords (argon2) and bearer tokens.

use argon2::password_hash::{PasswordHash, PasswordHasher, SaltString};
use argon2::Argon2;

pub fn hash(password: &str) -> Result<String, String> {
    // 128 random bits from the OS (through uuid's v4 generator).
    let salt = SaltString::encode_b64(uuid::Uuid::new_v4().as_bytes())
        .map_err(|e| format!("password salt: {e}"))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| format!("password hash: {e}"))
}

/// Check `password` against a stored argon2 hash. The work memory (19 MiB
/// with the default parameters) is taken from a small pool and kept, so
/// checks do not leave allocator arenas full of freed blocks behind: the
/// hub's memory stays at what two checks at once need.
pub fn verify(password: &str, hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    let (Ok(params), Some(expected), Some(salt)) =
        (argon2::Params::try_from(&parsed), parsed.hash, parsed.salt)
    else {
        return false;
    };
    let Ok(algorithm) = argon2::Algorithm::try_from(parsed.algorithm) else {
        return false;
    };
    let version = match parsed.version.map(argon2::Version::try_from) {
        Some(Ok(v)) => v,
        Some(Err(_)) => return false,
        None => argon2::Version::default(),
    };
    // A stored hash asking for more than 256 MiB is not one of ours.
    if params.block_count() > 256 * 1024 {
        return false;
    }
    let mut salt_buf = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_buf) else {
        return false;
    };
    let mut blocks = take_blocks(params.block_count());
    let mut out = vec![0u8; expected.len()];
    let ok = Argon2::new(algorithm, version, params)
        .hash_password_into_with_memory(password.as_bytes(), salt, &mut out, &mut blocks[..])
        .is_ok()
        && constant_time_eq(&out, expected.as_bytes());
    give_back(blocks);
    ok
}

/// Work memories kept for password checks (the hub runs two at once).
static BLOCKS: std::sync::Mutex<Vec<Vec<argon2::Block>>> = std::sync::Mutex::new(Vec::new());

fn take_blocks(n: usize) -> Vec<argon2::Block> {
    let pooled = BLOCKS.lock().unwrap_or_else(|p| p.into_inner()).pop();
    let mut blocks = pooled.unwrap_or_default();
    if blocks.len() != n {
        blocks.clear();
        blocks.resize(n, argon2::Block::default());
    }
    blocks
}

fn give_back(blocks: Vec<argon2::Block>) {
    let mut pool = BLOCKS.lock().unwrap_or_else(|p| p.into_inner());
    if pool.len() < 2 {
        pool.push(blocks);
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// 256 random bits, hex.
pub fn new_token() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

/// How a token is stored: its SHA-256, hex. A copy of the database gives no
/// usable token.
pub fn token_hash(token: &str) -> String {
    use sha2::Digest as _;
    hex(&sha2::Sha256::digest(token.as_bytes()))
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// A hash to check a password against when the user does not exist, so that
/// an unknown name costs as long as a known one and login time tells nothing.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash(&uuid::Uuid::new_v4().to_string()).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let h = hash("correct horse").expect("hash");
        assert!(verify("correct horse", &h));
        assert!(!verify("correct horsE", &h));
        assert!(!verify("correct horse", "not a hash"));
        // Again, with pooled memory.
        assert!(verify("correct horse", &h));
        // A hash made by the argon2 crate's own verifier agrees.
        let parsed = PasswordHash::new(&h).expect("parse");
        assert!(argon2::PasswordVerifier::verify_password(
            &Argon2::default(),
            b"correct horse",
            &parsed
        )
        .is_ok());
    }
}
