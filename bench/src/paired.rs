//! Interleaved timing, for ratios that hold up on a busy machine.
//!
//! Timing one variant for seconds and then the next lets any change in the machine's load land on
//! one of them only. Here the variants take turns in short batches (the order rotating each
//! round), and a ratio is the median over rounds of the two batches' times in that round: both
//! saw nearly the same load.
//!
//! Each batch is timed twice: wall-clock, and CPU time of the calling thread
//! (`CLOCK_THREAD_CPUTIME_ID`, Linux only). The second leaves out the server's work and the time
//! spent waiting for a core, so it shows the client's own cost with much less noise.

use std::time::{Duration, Instant};

/// The per-call times of each variant, one entry per round.
#[derive(Debug, Clone)]
pub struct Timings {
    /// The variants' names, in the order they were given.
    pub names: Vec<&'static str>,
    /// `per_call[v][r]`: the mean wall-clock time of one call of variant `v` in round `r`.
    pub per_call: Vec<Vec<Duration>>,
    /// `cpu_per_call[v][r]`: the mean CPU time of the calling thread for one call; empty where
    /// the platform does not tell.
    pub cpu_per_call: Vec<Vec<Duration>>,
}

/// Which clock a figure is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// Elapsed time.
    Wall,
    /// CPU time of the calling thread.
    Cpu,
}

impl Timings {
    fn series(&self, clock: Clock, name: &str) -> Option<&[Duration]> {
        let all = match clock {
            Clock::Wall => &self.per_call,
            Clock::Cpu => &self.cpu_per_call,
        };
        let series = &all[self.index(name)];
        (!series.is_empty()).then_some(series.as_slice())
    }

    /// The median per-call time of a variant; `None` for CPU time where it is not available.
    pub fn median(&self, clock: Clock, name: &str) -> Option<Duration> {
        let mut times = self.series(clock, name)?.to_vec();
        times.sort();
        Some(times[times.len() / 2])
    }

    /// The median over rounds of `numerator`'s time divided by `denominator`'s in the same round.
    pub fn ratio(&self, clock: Clock, numerator: &str, denominator: &str) -> Option<f64> {
        let (top, bottom) = (
            self.series(clock, numerator)?,
            self.series(clock, denominator)?,
        );
        let mut ratios: Vec<f64> = top
            .iter()
            .zip(bottom)
            .map(|(t, b)| t.as_secs_f64() / b.as_secs_f64())
            .collect();
        ratios.sort_by(f64::total_cmp);
        Some(ratios[ratios.len() / 2])
    }

    fn index(&self, name: &str) -> usize {
        self.names
            .iter()
            .position(|n| *n == name)
            .unwrap_or_else(|| panic!("no variant {name}"))
    }
}

/// A named variant: one call per invocation.
pub type Variant<'a> = (&'static str, &'a mut dyn FnMut());

/// Runs `rounds` rounds; in each, every variant makes `batch` calls in a row, starting with a
/// different variant each round. One untimed round warms everything up first.
pub fn interleave(rounds: usize, batch: usize, variants: &mut [Variant<'_>]) -> Timings {
    assert!(rounds > 0 && batch > 0 && !variants.is_empty());
    let count = variants.len();
    let mut per_call = vec![Vec::with_capacity(rounds); count];
    let mut cpu_per_call = vec![Vec::with_capacity(rounds); count];
    let mut cpu_available = thread_cpu_time().is_some();
    for round in 0..=rounds {
        for turn in 0..count {
            let index = (round + turn) % count;
            let call = &mut variants[index].1;
            let cpu_started = thread_cpu_time();
            let started = Instant::now();
            for _ in 0..batch {
                call();
            }
            let elapsed = started.elapsed();
            let cpu = thread_cpu_time()
                .zip(cpu_started)
                .map(|(end, start)| end.saturating_sub(start));
            if round > 0 {
                per_call[index].push(elapsed / batch as u32);
                match cpu {
                    Some(cpu) => cpu_per_call[index].push(cpu / batch as u32),
                    None => cpu_available = false,
                }
            }
        }
    }
    if !cpu_available {
        cpu_per_call.iter_mut().for_each(Vec::clear);
    }
    Timings {
        names: variants.iter().map(|(name, _)| *name).collect(),
        per_call,
        cpu_per_call,
    }
}

/// The CPU time this thread has used, user and system; `None` where the platform does not tell.
#[cfg(target_os = "linux")]
pub fn thread_cpu_time() -> Option<Duration> {
    use nix::time::{ClockId, clock_gettime};
    let time = clock_gettime(ClockId::CLOCK_THREAD_CPUTIME_ID).ok()?;
    Some(Duration::from(time))
}

/// The CPU time this thread has used, user and system; `None` where the platform does not tell.
#[cfg(not(target_os = "linux"))]
pub fn thread_cpu_time() -> Option<Duration> {
    None
}
