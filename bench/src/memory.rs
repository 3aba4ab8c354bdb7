//! The peak resident set size of this process, from `/proc/self/status`.

/// `VmHWM` ("high water mark") in KiB: the most memory this process has held resident so far.
/// `None` where `/proc` is not available.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
