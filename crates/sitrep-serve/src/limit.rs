//! A per-client token-bucket rate limit, reads and writes counted apart,
//! and the query-size limit.
//!
//! Hand-written (about forty lines) rather than `tower_governor`: the server
//! needs only "N requests a second per IP, with a burst", and this keeps the
//! dependency tree small for CI.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::AppState;

pub struct RateLimiter {
    per_sec: f64,
    burst: f64,
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

impl RateLimiter {
    /// `per_sec == 0` turns the limit off.
    pub fn new(per_sec: u32) -> RateLimiter {
        RateLimiter {
            per_sec: per_sec as f64,
            burst: (per_sec as f64 * 2.0).max(1.0),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    pub fn allow(&self, ip: IpAddr) -> bool {
        if self.per_sec == 0.0 {
            return true;
        }
        let now = Instant::now();
        let mut map = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 50_000 {
            // Forget clients idle long enough to have refilled anyway.
            let refill = self.burst / self.per_sec;
            map.retain(|_, (_, t)| now.duration_since(*t).as_secs_f64() < refill);
        }
        let (tokens, last) = map.entry(ip).or_insert((self.burst, now));
        *tokens =
            (*tokens + now.duration_since(*last).as_secs_f64() * self.per_sec).min(self.burst);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

pub async fn middleware(State(state): State<AppState>, req: Request, next: Next) -> Response {
    // Before any parsing: a query string no filter needs is refused whole.
    if req
        .uri()
        .query()
        .is_some_and(|q| q.len() > crate::MAX_QUERY_BYTES)
    {
        return ApiError::UriTooLong(crate::MAX_QUERY_BYTES).into_response();
    }
    let ip = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    let limiter = if req.method() == Method::GET || req.method() == Method::HEAD {
        &state.read_limit
    } else {
        &state.write_limit
    };
    if !limiter.allow(ip) {
        return ApiError::TooManyRequests.into_response();
    }
    next.run(req).await
}
