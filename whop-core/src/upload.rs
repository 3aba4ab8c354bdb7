//! Sending a file's bytes to a presigned upload URL ([`Client::put_presigned`]), and
//! [`UploadError`], the error of each step of an upload.

use std::fmt;
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

/// A file upload failed; the variant names the step.
///
/// An upload has three steps: creating the file record (`POST /files`), sending the bytes to
/// the presigned URL that answer gives, and waiting until Whop has processed the file
/// (`GET /files/{id}` until its `upload_status` is `ready` or `failed`).
///
/// It prints as the step followed by the message of the step's failed call, e.g. `upload step 2
/// of 3 (sending the bytes of file_1 to the upload URL) failed: Client::put_presigned (PUT
/// <presigned URL>): 403 Forbidden: …`. Since that message is part of its own,
/// [`source`](std::error::Error::source) goes on with the failed call's cause (what the transport
/// reported), not with the call's [`Error`], which is the variant's `source` field.
#[derive(Debug)]
#[non_exhaustive]
pub enum UploadError {
    /// Step 1: creating the file record failed.
    Create {
        /// Why the call failed.
        source: Box<Error>,
    },
    /// Step 1: the file record came without a usable upload URL or headers.
    BadUploadTarget {
        /// The id of the file record.
        file_id: String,
        /// What is missing or unusable.
        message: String,
    },
    /// Step 2: sending the bytes failed: a non-2xx answer from the upload URL
    /// ([`Error::Api`] with its status), a timeout or a broken connection.
    Put {
        /// The id of the file record.
        file_id: String,
        /// Why the upload failed.
        source: Box<Error>,
    },
    /// Step 3: retrieving the file to check its status failed.
    Poll {
        /// The id of the file record.
        file_id: String,
        /// Why the call failed.
        source: Box<Error>,
    },
    /// Step 3: Whop could not process the uploaded bytes (`upload_status` is `failed`).
    Failed {
        /// The id of the file record.
        file_id: String,
    },
    /// Step 3: the file was not ready when the deadline passed.
    Deadline {
        /// The id of the file record.
        file_id: String,
        /// How long the upload waited.
        waited: Duration,
        /// The last `upload_status` seen, e.g. `processing`.
        status: String,
    },
}

impl fmt::Display for UploadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UploadError::Create { source } => write!(
                f,
                "upload step 1 of 3 (creating the file record) failed: {source}"
            ),
            UploadError::BadUploadTarget { file_id, message } => write!(
                f,
                "upload step 1 of 3 (creating the file record) gave no usable upload target for \
                 {file_id}: {message}"
            ),
            UploadError::Put { file_id, source } => write!(
                f,
                "upload step 2 of 3 (sending the bytes of {file_id} to the upload URL) failed: \
                 {source}"
            ),
            UploadError::Poll { file_id, source } => write!(
                f,
                "upload step 3 of 3 (waiting for {file_id} to be processed) failed: {source}"
            ),
            UploadError::Failed { file_id } => write!(
                f,
                "upload step 3 of 3: Whop could not process {file_id} (its upload_status is failed)"
            ),
            UploadError::Deadline {
                file_id,
                waited,
                status,
            } => write!(
                f,
                "upload step 3 of 3: {file_id} was not ready after {waited:?} (its upload_status \
                 is still {status})"
            ),
        }
    }
}

impl std::error::Error for UploadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            // The call's message is already part of this one: go on with its cause.
            UploadError::Create { source }
            | UploadError::Put { source, .. }
            | UploadError::Poll { source, .. } => source.source(),
            UploadError::BadUploadTarget { .. }
            | UploadError::Failed { .. }
            | UploadError::Deadline { .. } => None,
        }
    }
}

impl UploadError {
    /// The id of the file record, once step 1 has created it.
    pub fn file_id(&self) -> Option<&str> {
        match self {
            UploadError::Create { .. } => None,
            UploadError::BadUploadTarget { file_id, .. }
            | UploadError::Put { file_id, .. }
            | UploadError::Poll { file_id, .. }
            | UploadError::Failed { file_id }
            | UploadError::Deadline { file_id, .. } => Some(file_id),
        }
    }
}
