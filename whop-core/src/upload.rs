//! Sending a file's bytes to a presigned upload URL ([`Client::put_presigned`]).

use std::io::Read as _;
use std::time::Duration;

use http::HeaderMap;
use ureq::config::AutoHeaderValue;

use crate::{ApiError, Call, Client, Error, Method};

/// How long opening the connection to the upload URL may take, at most.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How much of the storage server's answer is read (its error document, if any).
const MAX_ANSWER_BYTES: u64 = 64 * 1024;
/// The call [`Client::put_presigned`]'s errors name. The URL is not shown: its query is a
/// credential for the storage host.
static PUT_PRESIGNED: Call = Call::fixed("Client::put_presigned", Method::Put, "<presigned URL>");

impl Client {
    /// Sends `body` with `PUT` to a presigned upload URL, such as the `upload_url` that creating
    /// a file returns, with exactly `headers` (its `upload_headers`).
    ///
    /// The URL is used byte for byte: its query, which carries the storage signature, is not
    /// decoded or re-encoded. It must be `https://`, or `http://` to a loopback host.
    ///
    /// The request goes out on its own connection, not through the API's, though through the same
    /// proxy and trusting the same extra root certificates; it carries no
    /// `Authorization` (the API key never leaves for the storage host), none of the client's
    /// own headers, no `User-Agent` and no `Accept`; only `headers`, `Host` and
    /// `Content-Length`. Redirects are not followed and the request is not retried. It is
    /// bounded by `timeout`, or by the client's per-attempt timeout when `None`.
    ///
    /// A non-2xx answer is [`Error::Api`] with the storage server's status and body; no
    /// complete answer is [`Error::Timeout`] or [`Error::Transport`]; a URL or header that cannot
    /// be sent is [`Error::InvalidRequest`], and nothing is sent.
    ///
    /// Its errors name the call `Client::put_presigned (PUT <presigned URL>)`: the URL itself is
    /// never shown, since its query is a credential for the storage host.
    pub fn put_presigned(
        &self,
        url: &str,
        headers: &HeaderMap,
        body: &[u8],
        timeout: Option<Duration>,
    ) -> Result<(), Error> {
        self.put_to(url, headers, body, timeout)
            .map_err(|err| err.with_call(&PUT_PRESIGNED))
    }

    fn put_to(
        &self,
        url: &str,
        headers: &HeaderMap,
        body: &[u8],
        timeout: Option<Duration>,
    ) -> Result<(), Error> {
        let timeout = timeout.unwrap_or(self.transport.settings.timeout);
        if timeout.is_zero() {
            return Err(Error::invalid_request(
                "the timeout must be longer than zero",
            ));
        }
        let uri = check_upload_url(url)?;
        let https = uri.scheme_str() == Some("https");
        let mut request = http::Request::builder()
            .method(http::Method::PUT)
            .uri(uri)
            .body(body)
            .map_err(|err| Error::invalid_request(format!("cannot build the upload: {err}")))?;
        request.headers_mut().clone_from(headers);

        let settings = &self.transport.settings;
        // The client's proxy and extra roots apply here too: behind TLS inspection the storage
        // host is reached the same way as the API.
        let mut config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(settings.proxy_for(url))
            .https_only(https)
            .max_redirects(0)
            .user_agent(AutoHeaderValue::None)
            .accept(AutoHeaderValue::None)
            .accept_encoding(AutoHeaderValue::None)
            .timeout_global(Some(timeout))
            .timeout_connect(Some(CONNECT_TIMEOUT.min(timeout)));
        if let Some(tls_config) = &settings.tls_config {
            config = config.tls_config(tls_config.clone());
        }
        let agent = config.build().new_agent();
        let failed = |err: ureq::Error| match err {
            ureq::Error::Timeout(_) => Error::Timeout {
                call: None,
                attempts: 1,
                source: Box::new(err),
            },
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => Error::Timeout {
                call: None,
                attempts: 1,
                source: Box::new(io),
            },
            other => Error::Transport {
                call: None,
                attempts: 1,
                source: Box::new(other),
            },
        };
        let response = agent.run(request).map_err(failed)?;
        let (head, mut answer) = response.into_parts();
        let mut bytes = Vec::new();
        answer
            .as_reader()
            .take(MAX_ANSWER_BYTES)
            .read_to_end(&mut bytes)
            .map_err(|err| failed(ureq::Error::Io(err)))?;
        if head.status.is_success() {
            return Ok(());
        }
        // S3 names its request id x-amz-request-id; other stores x-request-id.
        let request_id = ["x-request-id", "x-amz-request-id"]
            .iter()
            .find_map(|name| head.headers.get(*name)?.to_str().ok())
            .map(str::to_owned);
        let mut error = ApiError::from_response(head.status, request_id, &bytes);
        error.headers = head.headers;
        Err(error.into())
    }
}

/// Parses an upload URL without changing it: `https://…`, or `http://…` to a loopback host.
fn check_upload_url(url: &str) -> Result<http::Uri, Error> {
    // The message does not quote the URL: its query is a credential for the storage host.
    let uri = http::Uri::try_from(url)
        .map_err(|_| Error::invalid_request("the upload URL is not a valid URL"))?;
    let host = uri
        .host()
        .ok_or_else(|| Error::invalid_request("the upload URL has no host"))?;
    match uri.scheme_str() {
        Some("https") => Ok(uri),
        Some("http") if crate::loopback::is_loopback(host) => Ok(uri),
        Some("http") => Err(Error::invalid_request(format!(
            "the upload URL uses plain http to {host}, which is not loopback; the file would travel unencrypted"
        ))),
        _ => Err(Error::invalid_request(
            "the upload URL must start with https://",
        )),
    }
}
