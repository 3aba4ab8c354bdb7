//! The error model: [`Error`] for every failure, [`ApiError`] for non-2xx answers,
//! [`DecodeError`] for 2xx bodies that do not decode, and [`UploadError`] for the steps of a file
//! upload (which holds the [`Error`] of its step's call, so the two live together).

use std::fmt;
use std::io::ErrorKind;
use std::time::Duration;

use http::StatusCode;

use crate::Call;

/// A boxed error used as the `source` of transport failures.
type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// How many bytes of a body an error keeps, so errors stay small and printable.
const BODY_KEPT: usize = 8 * 1024;
/// How many bytes of a body a decode error shows in its message.
const SNIPPET: usize = 256;

/// Everything that can go wrong when calling the API.
///
/// Match on the variant to react (`Api` with `status == 404`, `Timeout`, …); print it for a
/// sentence that names the call and says what happened, e.g.
/// `UpdateProduct (PATCH /products/{id}): 404 Not Found: Resource not found (not_found, request id
/// req_1)`. [`call`](Error::call) gives the [`Call`] on its own. [`Config`](Error::Config), which
/// [`ClientBuilder::build`](crate::ClientBuilder::build) returns before any call exists, names
/// none, nor does an error built by hand; [`Upload`](Error::Upload) names the step of the upload,
/// followed by the message of that step's failed call.
///
/// The message says what failed at this level; the underlying report (what the transport saw) is
/// the [`source`](std::error::Error::source), never repeated in the message. No variant ever
/// contains the API key. The error is small (at most 64 bytes: the large parts are boxed), so
/// `Result<T, Error>` costs little to return.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a non-2xx status.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// No complete answer arrived within the configured timeout.
    #[error("{}the request timed out{}", Prefix(*.call), after_attempts(*.attempts))]
    Timeout {
        /// The call that timed out.
        call: Option<&'static Call>,
        /// How many attempts were made, retries included.
        attempts: u32,
        /// The underlying timeout report.
        #[source]
        source: BoxError,
    },
    /// The connection could not be made or broke (refused, reset, DNS, TLS, protocol error).
    ///
    /// The message says which of these it was (for a certificate that was not accepted, how to
    /// trust it); the transport's own report is the `source`.
    #[error("{}{}{}", Prefix(*.call), transport_summary(&**source), after_attempts(*.attempts))]
    Transport {
        /// The call whose connection failed.
        call: Option<&'static Call>,
        /// How many attempts were made, retries included.
        attempts: u32,
        /// What the transport reported.
        #[source]
        source: BoxError,
    },
    /// A 2xx answer whose body is not the JSON the endpoint declares.
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// The response body is larger than the configured limit
    /// ([`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes)).
    #[error("{}the response body exceeds the limit of {limit} bytes", Prefix(*.call))]
    BodyTooLarge {
        /// The call whose answer was too large.
        call: Option<&'static Call>,
        /// The limit in bytes.
        limit: u64,
    },
    /// The request could not be built from the values given; nothing was sent.
    #[error("{}invalid request: {message}", Prefix(*.call))]
    InvalidRequest {
        /// The call that could not be built.
        call: Option<&'static Call>,
        /// What is wrong.
        message: String,
    },
    /// The client configuration is not usable (no API key, bad base URL, bad header). Returned
    /// by [`ClientBuilder::build`](crate::ClientBuilder::build), before any call: it names none.
    #[error("invalid configuration: {message}")]
    Config {
        /// What is wrong.
        message: String,
    },
    /// A file upload (`whop_endpoints::files::upload`) failed; the [`UploadError`] names the
    /// step and holds the error of that step's call.
    #[error(transparent)]
    Upload(Box<UploadError>),
}

// A `Result<T, Error>` is returned through every call; keep it small.
const _: () = assert!(size_of::<Error>() <= 64);

/// `"<call>: "` when there is a call, else nothing: the start of an error's message.
struct Prefix(Option<&'static Call>);

impl fmt::Display for Prefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(call) => write!(f, "{call}: "),
            None => Ok(()),
        }
    }
}

fn after_attempts(attempts: u32) -> String {
    if attempts > 1 {
        format!(" (after {attempts} attempts)")
    } else {
        String::new()
    }
}

/// What a transport failure was, in words, without quoting the transport's report (which is the
/// error's `source`).
fn transport_summary(source: &(dyn std::error::Error + 'static)) -> &'static str {
    let io_kind = |io: &std::io::Error| match io.kind() {
        ErrorKind::ConnectionRefused => "the connection was refused",
        ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted | ErrorKind::BrokenPipe => {
            "the connection was reset"
        }
        ErrorKind::UnexpectedEof => "the connection was closed before the answer was complete",
        ErrorKind::NotConnected | ErrorKind::AddrNotAvailable => "the connection could not be made",
        _ => "the connection failed",
    };
    if let Some(err) = source.downcast_ref::<ureq::Error>() {
        if crate::tls::is_certificate_error(err) {
            return crate::tls::CERTIFICATE_REJECTED;
        }
        return match err {
            ureq::Error::Io(io) => io_kind(io),
            ureq::Error::HostNotFound => "the host name could not be resolved",
            ureq::Error::ConnectionFailed => "the connection could not be made",
            ureq::Error::Protocol(_) => "the server's answer is not valid HTTP",
            ureq::Error::BodyStalled => "the answer stopped arriving",
            ureq::Error::Rustls(_) | ureq::Error::Tls(_) => "the TLS handshake failed",
            ureq::Error::ConnectProxyFailed(_) => "the proxy refused to connect",
            ureq::Error::TooManyRedirects | ureq::Error::RedirectFailed => {
                "the redirect could not be followed"
            }
            _ => "the request could not be sent",
        };
    }
    match source.downcast_ref::<std::io::Error>() {
        Some(io) => io_kind(io),
        None => "the connection failed",
    }
}

impl Error {
    /// The call that failed: the request type, its method and path template. `None` for
    /// [`Config`](Error::Config), and for an error built by hand or an [`Upload`](Error::Upload)
    /// (whose [`UploadError`] names its step and holds the error of that step's call).
    pub fn call(&self) -> Option<&'static Call> {
        match self {
            Error::Api(api) => api.call,
            Error::Decode(decode) => decode.call,
            Error::Timeout { call, .. }
            | Error::Transport { call, .. }
            | Error::BodyTooLarge { call, .. }
            | Error::InvalidRequest { call, .. } => *call,
            Error::Config { .. } | Error::Upload(_) => None,
        }
    }

    /// The HTTP status when the server answered with an error, else `None`.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(api) => Some(api.status),
            _ => None,
        }
    }

    /// The [`ApiError`] when the server answered with an error.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(api) => Some(api),
            _ => None,
        }
    }

    /// Names `call` as the failed call, unless the error already names one.
    pub(crate) fn with_call(mut self, new: &'static Call) -> Error {
        let slot = match &mut self {
            Error::Api(api) => &mut api.call,
            Error::Decode(decode) => &mut decode.call,
            Error::Timeout { call, .. }
            | Error::Transport { call, .. }
            | Error::BodyTooLarge { call, .. }
            | Error::InvalidRequest { call, .. } => call,
            Error::Config { .. } | Error::Upload(_) => return self,
        };
        slot.get_or_insert(new);
        self
    }

    pub(crate) fn invalid_request(message: impl Into<String>) -> Error {
        Error::InvalidRequest {
            call: None,
            message: message.into(),
        }
    }

    pub(crate) fn config(message: impl Into<String>) -> Error {
        Error::Config {
            message: message.into(),
        }
    }
}

impl From<ApiError> for Error {
    fn from(error: ApiError) -> Error {
        Error::Api(Box::new(error))
    }
}

impl From<DecodeError> for Error {
    fn from(error: DecodeError) -> Error {
        Error::Decode(Box::new(error))
    }
}

impl From<UploadError> for Error {
    fn from(error: UploadError) -> Error {
        Error::Upload(Box::new(error))
    }
}

/// A non-2xx answer from the API, with Whop's error object decoded when there is one.
///
/// Whop's error bodies look like
/// `{"error": {"type": "not_found", "message": "Resource not found", "code": null, "param": null}}`.
/// When the body is not such JSON (an HTML page from a proxy, an empty body), `error_type` is
/// derived from the status and `message` from the body's text or the status's reason phrase.
///
/// It prints as `UpdateProduct (PATCH /products/{id}): 404 Not Found: Resource not found
/// (not_found, request id req_1)`: the call, the status, the message, then Whop's type, code,
/// parameter and request id when given.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiError {
    /// The call that was answered with this error; `None` only for an error that did not come
    /// from a call.
    pub call: Option<&'static Call>,
    /// The HTTP status, e.g. `404 Not Found` (it compares with a plain number: `status == 404`).
    pub status: StatusCode,
    /// Whop's error type, e.g. `"not_found"`, `"invalid_request_error"`.
    pub error_type: String,
    /// The human-readable message.
    pub message: String,
    /// A short machine-readable code, e.g. `"parameter_invalid"`, when given.
    pub code: Option<String>,
    /// The request parameter at fault, when given.
    pub param: Option<String>,
    /// The `x-request-id` response header, to quote to Whop support.
    pub request_id: Option<String>,
    /// The start of the raw body (at most 8 KiB), for anything the fields above miss.
    pub body: String,
    /// The response headers, e.g. rate-limit headers or a mock server's `sl-violations`.
    pub headers: http::HeaderMap,
}

impl ApiError {
    /// Builds the error from a status, the `x-request-id` header and the raw body; the caller
    /// fills in `headers` (and the call names itself later).
    pub(crate) fn from_response(
        status: StatusCode,
        request_id: Option<String>,
        body: &[u8],
    ) -> ApiError {
        let kept = truncate_utf8_lossy(body, BODY_KEPT);
        let detail = serde_json::from_slice::<serde_json::Value>(body)
            .ok()
            .and_then(|json| ErrorDetail::find(&json));
        let (error_type, message, code, param) = match detail {
            Some(detail) => (
                detail
                    .error_type
                    .unwrap_or_else(|| status_type(status).to_owned()),
                detail.message.unwrap_or_else(|| reason(status).to_owned()),
                detail.code,
                detail.param,
            ),
            None => (
                status_type(status).to_owned(),
                text_message(body),
                None,
                None,
            ),
        };
        ApiError {
            call: None,
            status,
            error_type,
            message,
            code,
            param,
            request_id,
            body: kept,
            headers: http::HeaderMap::new(),
        }
    }
}

/// The fields of an error found in a JSON body.
///
/// Whop sends `{"error": {"type", "message", "code", "param"}}`, but proxies and older endpoints
/// also answer `{"error": "text"}` or a flat `{"message": "text"}`; a field of an unexpected type
/// (a numeric `code`) is read as text rather than losing the whole object.
struct ErrorDetail {
    error_type: Option<String>,
    message: Option<String>,
    code: Option<String>,
    param: Option<String>,
}

impl ErrorDetail {
    fn find(json: &serde_json::Value) -> Option<ErrorDetail> {
        let object = json.as_object()?;
        let from = |fields: &serde_json::Map<String, serde_json::Value>| ErrorDetail {
            error_type: text_field(fields, "type"),
            message: text_field(fields, "message"),
            code: text_field(fields, "code"),
            param: text_field(fields, "param"),
        };
        match object.get("error") {
            Some(serde_json::Value::Object(fields)) => Some(from(fields)),
            Some(serde_json::Value::String(message)) if !message.trim().is_empty() => {
                Some(ErrorDetail {
                    error_type: None,
                    message: Some(message.clone()),
                    code: text_field(object, "code"),
                    param: None,
                })
            }
            _ => {
                let detail = from(object);
                detail.message.is_some().then_some(detail)
            }
        }
    }
}

/// A string or number member as text; `None` when absent, `null`, empty or structured.
fn text_field(fields: &serde_json::Map<String, serde_json::Value>, name: &str) -> Option<String> {
    match fields.get(name)? {
        serde_json::Value::String(text) if !text.trim().is_empty() => {
            Some(truncate_utf8_lossy(text.as_bytes(), 1024))
        }
        serde_json::Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{} {}: {} ({}",
            Prefix(self.call),
            self.status.as_u16(),
            reason(self.status),
            self.message,
            self.error_type
        )?;
        if let Some(code) = &self.code {
            write!(f, ", code {code}")?;
        }
        if let Some(param) = &self.param {
            write!(f, ", param {param}")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        f.write_str(")")
    }
}

impl std::error::Error for ApiError {}

/// A 2xx body that does not decode into the declared response type.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeError {
    /// The call whose answer did not decode; `None` when the body was decoded outside a call.
    pub call: Option<&'static Call>,
    /// Where in the JSON the failure is, e.g. `data[2].created_at`; `.` for the top level.
    pub path: String,
    /// What serde reported.
    pub message: String,
    /// The start of the body (at most 256 bytes), to see what came instead.
    pub snippet: String,
}

impl DecodeError {
    pub(crate) fn new(path: String, message: String, body: &[u8]) -> DecodeError {
        DecodeError {
            call: None,
            path,
            message,
            snippet: truncate_utf8_lossy(body, SNIPPET),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}could not decode the response at `{}`: {}; the body starts with {:?}",
            Prefix(self.call),
            self.path,
            self.message,
            self.snippet
        )
    }
}

impl std::error::Error for DecodeError {}

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

/// The first `max` bytes of `bytes` as text, cut on a character boundary, marked when cut.
pub(crate) fn truncate_utf8_lossy(bytes: &[u8], max: usize) -> String {
    if bytes.len() <= max {
        return String::from_utf8_lossy(bytes).into_owned();
    }
    let mut text = String::from_utf8_lossy(&bytes[..max]).into_owned();
    // A multi-byte character cut in half shows as U+FFFD at the end; drop it.
    while text.ends_with('\u{FFFD}') {
        text.pop();
    }
    text.push('…');
    text
}

/// A readable message from a body that is not Whop's JSON error object.
fn text_message(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() {
        return "the response body is empty".to_owned();
    }
    if text.starts_with('<') {
        // An HTML page (a proxy's 502, a load balancer's 503): its <title> says the most.
        if let Some(title) = html_title(text) {
            return format!("the server answered with an HTML page titled {title:?}");
        }
        return "the server answered with an HTML page".to_owned();
    }
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    truncate_utf8_lossy(one_line.as_bytes(), 200)
}

fn html_title(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let start = lower.find("<title>")? + "<title>".len();
    let end = start + lower[start..].find("</title>")?;
    let title = html.get(start..end)?.trim();
    (!title.is_empty()).then(|| truncate_utf8_lossy(title.as_bytes(), 120))
}

/// Whop-style error type for a status, used when the body does not name one.
fn status_type(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        409 => "conflict",
        422 => "unprocessable_entity",
        429 => "rate_limited",
        500..=599 => "server_error",
        _ => "http_error",
    }
}

/// The reason phrase of a status code.
fn reason(status: StatusCode) -> &'static str {
    status.canonical_reason().unwrap_or("HTTP error")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from_body(status: u16, body: &str) -> ApiError {
        let status = StatusCode::from_u16(status).unwrap();
        ApiError::from_response(status, None, body.as_bytes())
    }

    #[test]
    fn whops_error_object_is_read_member_by_member() {
        let body = r#"{"error": {"type": "invalid_request_error", "message": "Title too long.",
            "code": "parameter_invalid", "param": "title"}}"#;
        let status = StatusCode::BAD_REQUEST;
        let api = ApiError::from_response(status, Some("req_9".to_owned()), body.as_bytes());
        assert_eq!(api.status, 400);
        assert_eq!(api.error_type, "invalid_request_error");
        assert_eq!(api.message, "Title too long.");
        assert_eq!(api.code.as_deref(), Some("parameter_invalid"));
        assert_eq!(api.param.as_deref(), Some("title"));
        assert_eq!(api.request_id.as_deref(), Some("req_9"));
        assert_eq!(api.body, body);
        assert_eq!(api.call, None);
        assert!(api.headers.is_empty());
        assert_eq!(
            api.to_string(),
            "400 Bad Request: Title too long. (invalid_request_error, code parameter_invalid, \
             param title, request id req_9)"
        );
    }

    #[test]
    fn null_empty_and_structured_members_fall_back() {
        // Whop sends `code` and `param` as null when they do not apply.
        let api = from_body(
            404,
            r#"{"error": {"type": "not_found", "message": "Resource not found", "code": null, "param": null}}"#,
        );
        assert_eq!(
            (
                api.error_type.as_str(),
                api.message.as_str(),
                api.code.as_deref(),
                api.param.as_deref()
            ),
            ("not_found", "Resource not found", None, None)
        );
        assert_eq!(
            api.to_string(),
            "404 Not Found: Resource not found (not_found)"
        );

        let api = from_body(
            409,
            r#"{"error": {"type": "", "message": "  ", "code": {"a": 1}, "param": [1]}}"#,
        );
        assert_eq!(
            (
                api.error_type.as_str(),
                api.message.as_str(),
                api.code.as_deref(),
                api.param.as_deref()
            ),
            ("conflict", "Conflict", None, None)
        );
    }

    #[test]
    fn other_json_shapes_keep_their_message() {
        let api = from_body(401, r#"{"error": "Invalid API key", "code": 17}"#);
        assert_eq!(
            (api.error_type.as_str(), api.message.as_str()),
            ("unauthorized", "Invalid API key")
        );
        assert_eq!(api.code.as_deref(), Some("17"), "a numeric code is text");

        let api = from_body(400, r#"{"message": "Bad cursor", "type": "cursor_error"}"#);
        assert_eq!(
            (api.error_type.as_str(), api.message.as_str()),
            ("cursor_error", "Bad cursor")
        );

        // An empty `error` string, or an object without a message, is not Whop's shape: the
        // body is shown as it came.
        let api = from_body(500, r#"{"error": ""}"#);
        assert_eq!(
            (api.error_type.as_str(), api.message.as_str()),
            ("server_error", r#"{"error": ""}"#)
        );
        let api = from_body(418, "[1, 2]");
        assert_eq!(
            (api.error_type.as_str(), api.message.as_str()),
            ("http_error", "[1, 2]")
        );
    }

    #[test]
    fn a_body_that_is_not_json_becomes_a_readable_message() {
        let api = from_body(429, "Too many requests,\n  slow down.\n");
        assert_eq!(
            (api.error_type.as_str(), api.message.as_str()),
            ("rate_limited", "Too many requests, slow down.")
        );

        let html =
            "<html><head><TITLE> 502 Bad Gateway </TITLE></head><body>cloudflare</body></html>";
        let api = from_body(502, html);
        assert_eq!(
            (api.error_type.as_str(), api.message.as_str()),
            (
                "server_error",
                "the server answered with an HTML page titled \"502 Bad Gateway\""
            )
        );
        assert_eq!(api.body, html);
        let api = from_body(503, "<!doctype html><p>down</p>");
        assert_eq!(api.message, "the server answered with an HTML page");
        let api = from_body(503, "<html><title></title></html>");
        assert_eq!(api.message, "the server answered with an HTML page");

        for empty in ["", " \r\n\t"] {
            let api = from_body(404, empty);
            assert_eq!(
                (api.error_type.as_str(), api.message.as_str()),
                ("not_found", "the response body is empty")
            );
        }

        let status = StatusCode::INTERNAL_SERVER_ERROR;
        let api = ApiError::from_response(status, None, b"bad \xff byte");
        assert_eq!(api.message, "bad \u{FFFD} byte");
    }

    #[test]
    fn statuses_without_a_type_get_one_from_the_status() {
        for (status, error_type) in [
            (400, "bad_request"),
            (401, "unauthorized"),
            (403, "forbidden"),
            (404, "not_found"),
            (409, "conflict"),
            (422, "unprocessable_entity"),
            (429, "rate_limited"),
            (500, "server_error"),
            (599, "server_error"),
            (402, "http_error"),
            (302, "http_error"),
        ] {
            assert_eq!(from_body(status, "").error_type, error_type, "{status}");
        }
        // A status without a reason phrase still prints.
        let api = from_body(599, "");
        assert_eq!(
            api.to_string(),
            "599 HTTP error: the response body is empty (server_error)"
        );
    }

    #[test]
    fn what_an_error_keeps_of_a_body_is_bounded() {
        let long = format!(
            r#"{{"error": {{"type": "x", "message": "{}"}}}}"#,
            "é".repeat(20_000)
        );
        let api = from_body(500, &long);
        assert!(
            api.body.len() <= BODY_KEPT + '…'.len_utf8(),
            "{}",
            api.body.len()
        );
        assert!(api.body.ends_with('…'));
        assert!(api.message.len() <= 1024 + '…'.len_utf8());
        assert!(api.message.starts_with("éé") && api.message.ends_with('…'));

        let text = "word ".repeat(100);
        let api = from_body(500, &text);
        assert!(api.message.len() <= 200 + '…'.len_utf8());
        assert!(api.message.ends_with('…'));
    }

    #[test]
    fn truncation_cuts_on_a_character_boundary() {
        assert_eq!(truncate_utf8_lossy(b"abc", 3), "abc");
        assert_eq!(truncate_utf8_lossy(b"abcd", 3), "abc…");
        // `é` is two bytes: a cut through it drops the half character.
        assert_eq!(truncate_utf8_lossy("aé".as_bytes(), 2), "a…");
        assert_eq!(truncate_utf8_lossy("aéb".as_bytes(), 3), "aé…");
        assert_eq!(truncate_utf8_lossy(b"", 0), "");
    }
}
