//! The HTTP API and the web dashboard.
//!
//! [`app`] builds the axum router over a [`Catalog`] of events; [`serve`]
//! runs it until Ctrl-C or SIGTERM. The API lives under `/api/v1/` (see
//! `docs/api.md` and `/api/v1/openapi.json`); the dashboard, embedded in the
//! binary, is served at `/`.

use std::ops::Deref;
use std::sync::{Arc, RwLock, RwLockReadGuard};

use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, Method};
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use sitrep_pipeline::Pipeline;
use tower_http::cors::{AllowOrigin, CorsLayer};

mod assets;
pub mod catalog;
pub mod error;
pub mod filter;
mod format;
mod limit;
pub mod load;
mod openapi;
mod routes;

pub use catalog::Catalog;
pub use error::ApiError;
pub use load::{read_jsonl, JsonlAppend, LoadError, Persist};

/// How the server behaves; the defaults are the safe ones (read-only, no
/// CORS).
#[derive(Debug, Clone)]
pub struct Options {
    /// Bearer token that `POST /api/v1/documents` requires; writes are off
    /// without one.
    pub write_token: Option<String>,
    /// The one origin allowed to call the API from a browser (`*` for any).
    pub cors_origin: Option<String>,
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
    /// Read requests a second per client IP (0 = unlimited).
    pub read_rate: u32,
    /// Write requests a second per client IP (0 = unlimited).
    pub write_rate: u32,
    /// Writes (`POST documents`) running at once; one more gets 429. Each
    /// runs the whole pipeline on a blocking thread, so this bounds the
    /// CPU and memory a burst of uploads can take, whoever sends them.
    pub max_concurrent_writes: usize,
}

/// Longest query string accepted, in bytes; a longer one gets 414. Every
/// filter the API has fits in a few hundred bytes.
pub const MAX_QUERY_BYTES: usize = 8 * 1024;

impl Default for Options {
    fn default() -> Self {
        Options {
            write_token: None,
            cors_origin: None,
            body_limit: 2 * 1024 * 1024,
            read_rate: 20_000,
            write_rate: 5,
            max_concurrent_writes: 4,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("--cors: '{0}' is not a valid origin (e.g. https://example.org or *)")]
    BadCorsOrigin(String),
    #[error("--write-token must not be empty")]
    EmptyToken,
}

/// What `POST /api/v1/documents` needs: the pipeline to run and where to
/// keep the result.
pub struct Ingest {
    pub pipeline: Arc<Pipeline>,
    pub persist: Option<Arc<dyn Persist>>,
}

pub struct Shared {
    catalog: RwLock<Catalog>,
    pipeline: Option<Arc<Pipeline>>,
    persist: Option<Arc<dyn Persist>>,
    write_token: Option<String>,
    read_limit: limit::RateLimiter,
    write_limit: limit::RateLimiter,
    /// Permits for writes in progress ([`Options::max_concurrent_writes`]).
    writes: Arc<tokio::sync::Semaphore>,
}

/// The state every handler sees.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl Shared {
    /// A poisoned lock only means a writer panicked mid-insert; the catalog
    /// is rebuilt whole on insert, so reading on is safe.
    fn catalog(&self) -> RwLockReadGuard<'_, Catalog> {
        self.catalog.read().unwrap_or_else(|p| p.into_inner())
    }
}

/// The API routes, one table so the router and the OpenAPI test read the
/// same list.
pub fn api_routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    use routes::{documents, events, stats};
    vec![
        ("/api/v1/events", get(events::list)),
        ("/api/v1/events/{id}", get(events::one)),
        ("/api/v1/clusters/{id}", get(events::cluster)),
        ("/api/v1/documents", post(routes::ingest::post)),
        ("/api/v1/documents/{id}", get(documents::one)),
        ("/api/v1/stats/timeline", get(stats::timeline)),
        ("/api/v1/stats/top", get(stats::top)),
        ("/api/v1/actors", get(stats::actors)),
        ("/api/v1/places", get(stats::places)),
        ("/api/v1/openapi.json", get(openapi::handler)),
    ]
}

/// The paths of [`api_routes`].
pub fn api_paths() -> Vec<&'static str> {
    api_routes().into_iter().map(|(p, _)| p).collect()
}

/// The OpenAPI 3 document served at `/api/v1/openapi.json`.
pub fn openapi_document() -> serde_json::Value {
    openapi::document()
}

/// Swaps a freshly loaded catalog into a running server, so events another
/// process wrote to the store since start-up become visible.
#[derive(Clone)]
pub struct CatalogHandle(AppState);

impl CatalogHandle {
    pub fn replace(&self, catalog: Catalog) {
        *self.0.catalog.write().unwrap_or_else(|p| p.into_inner()) = catalog;
    }
}

/// Builds the whole application: API, dashboard, limits, CORS.
pub fn app(catalog: Catalog, ingest: Option<Ingest>, opts: &Options) -> Result<Router, ServeError> {
    app_with_handle(catalog, ingest, opts).map(|(router, _)| router)
}

/// [`app`], and a handle for replacing its catalog later.
pub fn app_with_handle(
    catalog: Catalog,
    ingest: Option<Ingest>,
    opts: &Options,
) -> Result<(Router, CatalogHandle), ServeError> {
    if opts
        .write_token
        .as_deref()
        .is_some_and(|t| t.trim().is_empty())
    {
        return Err(ServeError::EmptyToken);
    }
    let (pipeline, persist) = match ingest {
        Some(i) => (Some(i.pipeline), i.persist),
        None => (None, None),
    };
    let state = AppState(Arc::new(Shared {
        catalog: RwLock::new(catalog),
        pipeline,
        persist,
        write_token: opts.write_token.clone(),
        read_limit: limit::RateLimiter::new(opts.read_rate),
        write_limit: limit::RateLimiter::new(opts.write_rate),
        writes: Arc::new(tokio::sync::Semaphore::new(opts.max_concurrent_writes)),
    }));

    let mut api = Router::new();
    for (path, route) in api_routes() {
        api = api.route(path, route);
    }
    let api = api.fallback(routes::not_found);

    let handle = CatalogHandle(state.clone());
    let mut router = Router::new()
        .merge(api)
        .route("/", get(assets::index))
        .route("/assets/{file}", get(assets::file))
        .route(
            "/favicon.ico",
            get(|| async { axum::http::StatusCode::NO_CONTENT }),
        )
        .layer(DefaultBodyLimit::max(opts.body_limit))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            limit::middleware,
        ))
        .with_state(state);

    if let Some(origin) = &opts.cors_origin {
        let allow = if origin == "*" {
            AllowOrigin::any()
        } else {
            let v = HeaderValue::from_str(origin)
                .ok()
                .filter(|_| origin.starts_with("http://") || origin.starts_with("https://"))
                .ok_or_else(|| ServeError::BadCorsOrigin(origin.clone()))?;
            AllowOrigin::exact(v)
        };
        router = router.layer(
            CorsLayer::new()
                .allow_origin(allow)
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([
                    axum::http::header::CONTENT_TYPE,
                    axum::http::header::AUTHORIZATION,
                ]),
        );
    }
    Ok((router, handle))
}

/// Serves `router` on `listener` until Ctrl-C or SIGTERM, then lets
/// in-flight requests finish.
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
}

/// Starts a runtime (`threads` workers, default one per core), binds
/// `addr`, reports the bound address to `on_bound`, and serves until
/// Ctrl-C or SIGTERM. For callers that are not async themselves.
pub fn run_blocking(
    addr: std::net::SocketAddr,
    threads: Option<usize>,
    router: Router,
    on_bound: impl FnOnce(std::net::SocketAddr),
) -> std::io::Result<()> {
    let mut rt = tokio::runtime::Builder::new_multi_thread();
    if let Some(n) = threads {
        rt.worker_threads(n.max(1));
    }
    rt.enable_all().build()?.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        on_bound(listener.local_addr().unwrap_or(addr));
        serve(listener, router).await
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
