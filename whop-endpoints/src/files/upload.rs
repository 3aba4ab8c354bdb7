//! Uploading a file in one call: [`upload`] and [`upload_with`]. Written by hand; the generated
//! `files` module declares and re-exports it.

use std::time::{Duration, Instant};

use whop_core::http::{HeaderMap, HeaderName, HeaderValue};
use whop_core::{Client, Error, UploadError};

use super::{CreateFile, File, FileVisibility, RetrieveFile, UploadStatus};

/// Settings of [`upload_with`].
///
/// ```
/// use std::time::Duration;
/// use whop_endpoints::files::{FileVisibility, UploadOptions};
///
/// let options = UploadOptions::new()
///     .visibility(FileVisibility::Private)
///     .deadline(Duration::from_secs(300));
/// # let _ = options;
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct UploadOptions {
    /// Public (on the CDN) or private; `None` leaves it to Whop, which makes files public.
    pub visibility: Option<FileVisibility>,
    /// How long to wait, once the bytes are sent, for Whop to finish processing the file.
    pub deadline: Duration,
    /// How long to wait between two checks of the file's status.
    pub poll_interval: Duration,
    /// The bound of sending the bytes; `None` uses the client's per-attempt timeout.
    pub put_timeout: Option<Duration>,
}

impl UploadOptions {
    /// The default deadline for processing, as in Whop's TypeScript SDK.
    pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(120);
    /// The default time between two status checks.
    pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(1);

    /// The defaults: visibility left to Whop, a 120 s deadline, a check every second.
    pub fn new() -> UploadOptions {
        UploadOptions {
            visibility: None,
            deadline: UploadOptions::DEFAULT_DEADLINE,
            poll_interval: UploadOptions::DEFAULT_POLL_INTERVAL,
            put_timeout: None,
        }
    }

    /// Makes the file public or private.
    pub fn visibility(mut self, visibility: FileVisibility) -> UploadOptions {
        self.visibility = Some(visibility);
        self
    }

    /// How long to wait for Whop to process the file once its bytes are sent (default 120 s).
    pub fn deadline(mut self, deadline: Duration) -> UploadOptions {
        self.deadline = deadline;
        self
    }

    /// The time between two checks of the file's status (default 1 s).
    pub fn poll_interval(mut self, interval: Duration) -> UploadOptions {
        self.poll_interval = interval;
        self
    }

    /// The bound of sending the bytes (default: the client's per-attempt timeout, 60 s unless
    /// set otherwise); raise it for large files on slow links.
    pub fn put_timeout(mut self, timeout: Duration) -> UploadOptions {
        self.put_timeout = Some(timeout);
        self
    }
}

impl Default for UploadOptions {
    fn default() -> Self {
        UploadOptions::new()
    }
}

/// Uploads `bytes` as a file named `filename` and returns the file once Whop has processed it,
/// with the default [`UploadOptions`].
///
/// ```no_run
/// # fn main() -> Result<(), whop_core::Error> {
/// let client = whop_core::Client::from_env()?;
/// let file = whop_endpoints::files::upload(&client, "logo.png", &std::fs::read("logo.png").unwrap())?;
/// println!("{} is at {:?}", file.id, file.url);
/// # Ok(())
/// # }
/// ```
///
/// See [`upload_with`] for the steps and the errors.
pub fn upload(client: &Client, filename: &str, bytes: &[u8]) -> Result<File, Error> {
    upload_with(client, filename, bytes, &UploadOptions::new())
}

/// Uploads `bytes` as a file named `filename`, with `options`.
///
/// The three steps:
///
/// 1. [`CreateFile`] (`POST /files`) creates the record and answers with a presigned
///    `upload_url` and the `upload_headers` to send with it;
/// 2. the bytes go to that URL with `PUT` and exactly those headers, through
///    [`Client::put_presigned`]: the URL is used byte for byte, and the API key is not sent;
/// 3. [`RetrieveFile`] is called at once, then every
///    [`poll_interval`](UploadOptions::poll_interval), until `upload_status` is `ready` (the
///    file is returned) or `failed`, or until the [`deadline`](UploadOptions::deadline) has
///    passed.
///
/// Every failure is [`Error::Upload`] with the [`UploadError`] variant of its step:
/// [`Create`](UploadError::Create) or [`BadUploadTarget`](UploadError::BadUploadTarget) (step 1),
/// [`Put`](UploadError::Put) (step 2, e.g. the storage host answered 403),
/// [`Poll`](UploadError::Poll), [`Failed`](UploadError::Failed) or
/// [`Deadline`](UploadError::Deadline) (step 3).
pub fn upload_with(
    client: &Client,
    filename: &str,
    bytes: &[u8],
    options: &UploadOptions,
) -> Result<File, Error> {
    let mut create = CreateFile::new(filename);
    if let Some(visibility) = &options.visibility {
        create.visibility = visibility.clone().into();
    }
    let created = create.send(client).map_err(|err| UploadError::Create {
        source: Box::new(err),
    })?;
    let file_id = created.id;
    let bad_target = |message: String| UploadError::BadUploadTarget {
        file_id: file_id.clone(),
        message,
    };
    let url = created
        .upload_url
        .filter(|url| !url.trim().is_empty())
        .ok_or_else(|| bad_target("the answer has no upload_url".to_owned()))?;
    let headers = upload_headers(created.upload_headers.unwrap_or_default()).map_err(bad_target)?;

    client
        .put_presigned(&url, &headers, bytes, options.put_timeout)
        .map_err(|err| UploadError::Put {
            file_id: file_id.clone(),
            source: Box::new(err),
        })?;

    let started = Instant::now();
    let retrieve = RetrieveFile::new(file_id.clone());
    loop {
        let file = retrieve.send(client).map_err(|err| UploadError::Poll {
            file_id: file_id.clone(),
            source: Box::new(err),
        })?;
        match file.upload_status {
            UploadStatus::Ready => return Ok(file),
            UploadStatus::Failed => return Err(UploadError::Failed { file_id }.into()),
            // pending, processing, or a status this version does not know: keep waiting.
            _ => {}
        }
        let waited = started.elapsed();
        if waited >= options.deadline {
            return Err(UploadError::Deadline {
                file_id,
                waited,
                status: file.upload_status.to_string(),
            }
            .into());
        }
        std::thread::sleep(options.poll_interval.min(options.deadline - waited));
    }
}

/// The `upload_headers` object as headers: string values as they are, numbers and booleans as
/// their JSON text, `null` left out.
fn upload_headers(object: serde_json::Map<String, serde_json::Value>) -> Result<HeaderMap, String> {
    let mut headers = HeaderMap::new();
    for (name, value) in object {
        let text = match value {
            serde_json::Value::String(text) => text,
            serde_json::Value::Number(number) => number.to_string(),
            serde_json::Value::Bool(flag) => flag.to_string(),
            serde_json::Value::Null => continue,
            _ => return Err(format!("the upload header {name:?} is not a string")),
        };
        let header = HeaderName::try_from(name.as_str())
            .map_err(|_| format!("{name:?} is not a valid header name"))?;
        // The value is not quoted: it may be a credential for the storage host.
        let value = HeaderValue::try_from(text)
            .map_err(|_| format!("the value of the upload header {name} cannot be sent"))?;
        headers.append(header, value);
    }
    Ok(headers)
}
