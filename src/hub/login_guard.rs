//! What stands between a password guesser and the hub: password checks
//! (argon2, ~19 MiB each) run two at a time, two at a time per client
//! address; a user name is locked after repeated failures, and so is an
//! address that keeps failing. Every answer costs the same for a user who
//! exists and one who does not.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Limits of the guard; `Default` is what the hub runs with.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Password checks running at once on the whole hub.
    pub concurrent: usize,
    /// Password checks running at once for one client address.
    pub per_address: usize,
    /// Failed logins in a row after which a user name is locked.
    pub user_failures: u32,
    /// The first lock; each further failure doubles it, up to `user_lock_max`.
    pub user_lock: Duration,
    pub user_lock_max: Duration,
    /// Failed logins from one address within `address_window` after which the
    /// address is refused for `address_lock`.
    pub address_failures: u32,
    pub address_window: Duration,
    pub address_lock: Duration,
    /// How long a login may wait for its turn before it is refused.
    pub wait: Duration,
    /// Names and addresses remembered at most (the oldest are forgotten).
    pub remembered: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            concurrent: 2,
            per_address: 2,
            user_failures: 5,
            user_lock: Duration::from_secs(30),
            user_lock_max: Duration::from_secs(15 * 60),
            address_failures: 30,
            address_window: Duration::from_secs(10 * 60),
            address_lock: Duration::from_secs(10 * 60),
            wait: Duration::from_secs(10),
            remembered: 10_000,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Too many failures: try again after so many seconds.
    Locked(u64),
    /// Too many logins waiting: try again after so many seconds.
    Busy(u64),
}

#[derive(Default)]
struct UserStrikes {
    failures: u32,
    locked_until: Option<Instant>,
    seen: Option<Instant>,
}

struct AddressState {
    failures: Vec<Instant>,
    locked_until: Option<Instant>,
    permits: Arc<Semaphore>,
    seen: Instant,
}

pub struct LoginGuard {
    limits: Limits,
    checks: Arc<Semaphore>,
    users: Mutex<HashMap<String, UserStrikes>>,
    addresses: Mutex<HashMap<IpAddr, AddressState>>,
}

/// The right to run one password check; hand it back with the outcome.
pub struct Turn {
    _address: OwnedSemaphorePermit,
    _check: OwnedSemaphorePermit,
}

fn secs_until(t: Instant, now: Instant) -> u64 {
    t.saturating_duration_since(now).as_secs().max(1)
}

impl LoginGuard {
    pub fn new(limits: Limits) -> LoginGuard {
        LoginGuard {
            checks: Arc::new(Semaphore::new(limits.concurrent.max(1))),
            limits,
            users: Mutex::new(HashMap::new()),
            addresses: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `user` from `ip` may try now, without waiting.
    fn check_locks(&self, user: &str, ip: IpAddr) -> Result<(), Refusal> {
        let now = Instant::now();
        let users = self.users.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(until) = users.get(user).and_then(|s| s.locked_until) {
            if until > now {
                return Err(Refusal::Locked(secs_until(until, now)));
            }
        }
        drop(users);
        let addresses = self.addresses.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(until) = addresses.get(&ip).and_then(|a| a.locked_until) {
            if until > now {
                return Err(Refusal::Locked(secs_until(until, now)));
            }
        }
        Ok(())
    }

    fn address_permits(&self, ip: IpAddr) -> Result<Arc<Semaphore>, Refusal> {
        let now = Instant::now();
        let mut addresses = self.addresses.lock().unwrap_or_else(|p| p.into_inner());
        if !addresses.contains_key(&ip) && addresses.len() >= self.limits.remembered {
            let per_address = self.limits.per_address;
            addresses.retain(|_, a| {
                a.locked_until.is_some_and(|t| t > now)
                    || a.permits.available_permits() < per_address
            });
            if addresses.len() >= self.limits.remembered {
                return Err(Refusal::Busy(5));
            }
        }
        let state = addresses.entry(ip).or_insert_with(|| AddressState {
            failures: Vec::new(),
            locked_until: None,
            permits: Arc::new(Semaphore::new(self.limits.per_address.max(1))),
            seen: now,
        });
        state.seen = now;
        Ok(state.permits.clone())
    }

    /// Wait for a turn to check `user`'s password from `ip`, or say why not.
    pub async fn turn(&self, user: &str, ip: IpAddr) -> Result<Turn, Refusal> {
        self.check_locks(user, ip)?;
        let wait = self.limits.wait;
        let busy = Refusal::Busy(wait.as_secs().max(1));
        let permits = self.address_permits(ip)?;
        let address = tokio::time::timeout(wait, permits.acquire_owned())
            .await
            .map_err(|_| busy)?
            .map_err(|_| busy)?;
        // The locks again: failures may have come while this one waited.
        self.check_locks(user, ip)?;
        let check = tokio::time::timeout(wait, self.checks.clone().acquire_owned())
            .await
            .map_err(|_| busy)?
            .map_err(|_| busy)?;
        Ok(Turn {
            _address: address,
            _check: check,
        })
    }

    /// The outcome of a password check made in `turn`.
    pub fn record(&self, user: &str, ip: IpAddr, ok: bool, turn: Turn) {
        let now = Instant::now();
        {
            let mut users = self.users.lock().unwrap_or_else(|p| p.into_inner());
            if ok {
                users.remove(user);
            } else {
                if !users.contains_key(user) && users.len() >= self.limits.remembered {
                    users.retain(|_, s| s.locked_until.is_some_and(|t| t > now));
                    if users.len() >= self.limits.remembered {
                        // Forget the longest unseen name rather than grow.
                        if let Some(oldest) = users
                            .iter()
                            .min_by_key(|(_, s)| s.seen)
                            .map(|(k, _)| k.clone())
                        {
                            users.remove(&oldest);
                        }
                    }
                }
                let s = users.entry(user.to_string()).or_default();
                s.failures = s.failures.saturating_add(1);
                s.seen = Some(now);
                if s.failures >= self.limits.user_failures {
                    let doublings = (s.failures - self.limits.user_failures).min(16);
                    let lock = self
                        .limits
                        .user_lock
                        .saturating_mul(1 << doublings)
                        .min(self.limits.user_lock_max);
                    s.locked_until = Some(now + lock);
                }
            }
        }
        if !ok {
            let mut addresses = self.addresses.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(a) = addresses.get_mut(&ip) {
                let window = self.limits.address_window;
                a.failures.retain(|t| now.duration_since(*t) < window);
                a.failures.push(now);
                if a.failures.len() as u32 >= self.limits.address_failures {
                    a.locked_until = Some(now + self.limits.address_lock);
                    a.failures.clear();
                }
            }
        }
        // The turn ends only now, so that the next in line sees this outcome.
        drop(turn);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quick() -> Limits {
        Limits {
            user_lock: Duration::from_millis(200),
            ..Limits::default()
        }
    }

    #[tokio::test]
    async fn five_failures_lock_the_name_and_a_success_clears_it() {
        let g = LoginGuard::new(quick());
        let ip: IpAddr = "10.0.0.1".parse().expect("ip");
        for _ in 0..5 {
            let t = g.turn("admin", ip).await.expect("turn");
            g.record("admin", ip, false, t);
        }
        assert!(matches!(g.turn("admin", ip).await, Err(Refusal::Locked(_))));
        // Another name from the same address is not locked.
        let t = g.turn("clerk", ip).await.expect("other user");
        g.record("clerk", ip, true, t);
        tokio::time::sleep(Duration::from_millis(250)).await;
        let t = g.turn("admin", ip).await.expect("after the lock");
        g.record("admin", ip, true, t);
        let t = g.turn("admin", ip).await.expect("cleared");
        g.record("admin", ip, true, t);
    }

    #[tokio::test]
    async fn an_address_that_keeps_failing_is_refused() {
        let g = LoginGuard::new(quick());
        let ip: IpAddr = "10.0.0.2".parse().expect("ip");
        for n in 0..30 {
            let t = g.turn(&format!("user{n}"), ip).await.expect("turn");
            g.record(&format!("user{n}"), ip, false, t);
        }
        assert!(matches!(g.turn("someone", ip).await, Err(Refusal::Locked(_))));
        let other: IpAddr = "10.0.0.3".parse().expect("ip");
        assert!(g.turn("someone", other).await.is_ok());
    }
}
