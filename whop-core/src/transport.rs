//! The non-generic part of every call: URL, headers, attempts, retries, status and body.
//!
//! Everything here is compiled once, whatever the number of endpoints. The transport receives
//! validated [`Settings`], asks the [`retry`](crate::retry) rules after each attempt, and leaves
//! the HTTP exchange itself to the [`wire`](crate::wire) adapter.

use http::HeaderValue;

use crate::attempt::{Failure, FailureKind, Outcome, Received};
use crate::config::{Settings, api_version_header, header_pair, header_value};
use crate::retry::{RetryDecision, RetryPolicy};
use crate::wire::Wire;
use crate::{ApiError, Call, Error, Method, RequestOptions, RequestParts, path};

const IDEMPOTENCY_KEY: &str = "idempotency-key";
const API_VERSION_DATE: &str = "api-version-date";
const APP_ID: &str = "x-whop-app-id";

/// The settings and the pooled agent, shared by all clones of a [`Client`](crate::Client).
pub(crate) struct Transport {
    pub(crate) settings: Settings,
    wire: Wire,
}

impl Transport {
    /// A transport for validated `settings`.
    pub(crate) fn new(settings: Settings) -> Transport {
        let wire = Wire::new(&settings);
        Transport { settings, wire }
    }

    /// How many host look-ups missed the cache.
    pub(crate) fn host_lookups(&self) -> u64 {
        self.wire.host_lookups()
    }

    /// Sends the request of `call` from its written parts (or the error writing them gave),
    /// retrying as the policy allows, and returns a 2xx answer. Every error names `call`.
    pub(crate) fn execute(
        &self,
        call: &'static Call,
        written: Result<RequestParts, Error>,
        options: &RequestOptions,
    ) -> Result<Received, Error> {
        written
            .and_then(|parts| self.execute_call(call, parts, options))
            .map_err(|err| err.with_call(call))
    }

    fn execute_call(
        &self,
        call: &'static Call,
        mut parts: RequestParts,
        options: &RequestOptions,
    ) -> Result<Received, Error> {
        let method = call.method();
        let request = self.prepare(method, call.path(), &mut parts, options)?;
        let policy = RetryPolicy {
            max_retries: options.max_retries.unwrap_or(self.settings.max_retries),
            // A POST or PATCH may repeat only when the server can recognise the repeat by its key.
            repeat_is_safe: method.is_idempotent()
                || request.headers().contains_key(IDEMPOTENCY_KEY),
        };
        let timeout = options.timeout.unwrap_or(self.settings.timeout);
        if timeout.is_zero() {
            return Err(Error::invalid_request(
                "the timeout must be longer than zero",
            ));
        }

        let mut attempt = 1;
        let mut reconnected = false;
        let mut fresh_connection = false;
        loop {
            let outcome = self.wire.attempt(&request, timeout, fresh_connection);
            fresh_connection = false;
            match policy.decide(attempt, reconnected, &outcome) {
                RetryDecision::Reconnect => {
                    reconnected = true;
                    fresh_connection = true;
                }
                RetryDecision::RetryAfter(delay) => {
                    std::thread::sleep(delay);
                    attempt += 1;
                }
                RetryDecision::Done => return finish(outcome, attempt, &request),
            }
        }
    }

    /// Builds the `http::Request` once; each attempt sends a clone of it.
    fn prepare(
        &self,
        method: Method,
        template: &str,
        parts: &mut RequestParts,
        options: &RequestOptions,
    ) -> Result<http::Request<Vec<u8>>, Error> {
        let settings = &self.settings;
        let mut url = String::with_capacity(settings.base_url.len() + template.len() + 32);
        url.push_str(&settings.base_url);
        path::fill_template(template, parts.path_values(), &mut url)?;
        if !parts.query_string().is_empty() {
            url.push('?');
            url.push_str(parts.query_string());
        }
        let body = parts.take_body();

        let mut builder = http::Request::builder()
            .method(method.as_str())
            .uri(url)
            .header(http::header::AUTHORIZATION, settings.authorization.clone())
            .header(
                http::header::ACCEPT,
                HeaderValue::from_static("application/json"),
            )
            .header(http::header::USER_AGENT, settings.user_agent.clone())
            .header(API_VERSION_DATE, settings.api_version.clone());
        if let Some(app_id) = &settings.app_id {
            builder = builder.header(APP_ID, app_id.clone());
        }
        if body.is_some() {
            builder = builder.header(
                http::header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
        }
        // One key per logical call, generated here and not per attempt, so every retry carries it.
        // POST and PATCH get one: neither is idempotent (RFC 9110 §9.2.2, RFC 5789 §2).
        if let Some(key) = &options.idempotency_key {
            builder = builder.header(
                IDEMPOTENCY_KEY,
                header_value("Idempotency-Key", key).map_err(Error::invalid_request)?,
            );
        } else if !method.is_idempotent() && settings.idempotency_keys {
            builder = builder.header(IDEMPOTENCY_KEY, uuid::Uuid::new_v4().to_string());
        }
        let mut request = builder
            .body(body.unwrap_or_default())
            .map_err(|err| Error::invalid_request(format!("cannot build the request: {err}")))?;
        let headers = request.headers_mut();
        for (name, value) in &settings.headers {
            headers.insert(name.clone(), value.clone());
        }
        if let Some(version) = &options.api_version {
            headers.insert(
                API_VERSION_DATE,
                api_version_header(version).map_err(Error::invalid_request)?,
            );
        }
        for (name, value) in &options.headers {
            // A bad per-call header is a problem of this request, not of the client's settings.
            let (name, value) = header_pair(name, value).map_err(Error::invalid_request)?;
            headers.insert(name, value);
        }
        Ok(request)
    }
}

/// Turns the last outcome into the call's result.
fn finish(
    outcome: Outcome,
    attempts: u32,
    request: &http::Request<Vec<u8>>,
) -> Result<Received, Error> {
    match outcome {
        Ok(received) if received.status.is_success() => Ok(received),
        Ok(received) => {
            let request_id = received
                .headers
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let mut error = ApiError::from_response(received.status, request_id, &received.body);
            error.headers = received.headers;
            if let Some(version) = request.headers().get(API_VERSION_DATE) {
                explain_unsupported_version(&mut error, version);
            }
            Err(error.into())
        }
        Err(failure) => Err(failure_error(failure, attempts)),
    }
}

/// Whop answers an `Api-Version-Date` it does not know with a `400` that lists the versions it
/// supports. The message then starts by naming the version sent, so the cause is plain even where
/// only the first words of an error are shown.
fn explain_unsupported_version(error: &mut ApiError, version: &HeaderValue) {
    let Ok(version) = version.to_str() else {
        return;
    };
    let body = error.body.to_ascii_lowercase();
    if error.status == 400 && (body.contains("version") || body.contains(version)) {
        error.message = format!(
            "the API version {version} (Api-Version-Date) is not supported: {}",
            error.message
        );
    }
}

/// The error of a call whose last attempt failed; [`Transport::execute`] names the call. A
/// certificate failure is a `Transport` error whose message says so (see
/// [`crate::tls::CERTIFICATE_REJECTED`]).
fn failure_error(failure: Failure, attempts: u32) -> Error {
    match failure.kind {
        FailureKind::Timeout => Error::Timeout {
            call: None,
            attempts,
            source: Box::new(failure.source),
        },
        FailureKind::TooLarge { limit } => Error::BodyTooLarge { call: None, limit },
        FailureKind::Certificate | FailureKind::Connection | FailureKind::Permanent => {
            Error::Transport {
                call: None,
                attempts,
                source: Box::new(failure.source),
            }
        }
    }
}
