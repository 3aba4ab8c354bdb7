//! Interleaved timing, for ratios that hold up on a busy machine.
//!
//! Timing one variant for seconds and then the next lets any change in the machine's load land on
//! one of them only. Here the variants take turns in short batches (the order rotating each
//! round), and a ratio is the median over rounds of the two batches' times in that round: both
//! saw nearly the same load.
//!
//! Each batch is timed on three clocks: wall-clock; the CPU time of the whole process, every
//! thread included, even those that ended during the batch (`CLOCK_PROCESS_CPUTIME_ID`, the total
//! `getrusage(RUSAGE_SELF)` gives as user + system time; Linux only); and, when the batch talks to
//! a [`Server`] of this crate, the part of that CPU time the server's threads spent. The process
//! figure is what a client costs, helper threads included; taking the server's share out leaves
//! the client's own.

use std::time::{Duration, Instant};

use crate::server::Server;

/// Which clock a figure is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// Elapsed time.
    Wall,
    /// CPU time of the whole process: every thread, user and system.
    Process,
    /// CPU time of the loopback server's connection threads, part of [`Clock::Process`].
    Server,
    /// [`Clock::Process`] less [`Clock::Server`]: the client's CPU time, on every thread it uses.
    Client,
}

impl Clock {
    /// Every clock, in report order.
    pub const ALL: [Clock; 4] = [Clock::Wall, Clock::Process, Clock::Server, Clock::Client];

    /// The clock's name in reports.
    pub fn label(self) -> &'static str {
        match self {
            Clock::Wall => "wall",
            Clock::Process => "cpu",
            Clock::Server => "server_cpu",
            Clock::Client => "client_cpu",
        }
    }
}

/// The per-call times of each variant, one entry per round.
#[derive(Debug, Clone)]
pub struct Timings {
    /// The variants' names, in the order they were given.
    pub names: Vec<&'static str>,
    /// `per_call[v][r]`: the mean wall-clock time of one call of variant `v` in round `r`.
    pub per_call: Vec<Vec<Duration>>,
    /// `cpu_per_call[v][r]`: the mean CPU time of the process for one call; empty where the
    /// platform does not tell.
    pub cpu_per_call: Vec<Vec<Duration>>,
    /// `server_per_call[v][r]`: the mean CPU time of the server's threads for one call; empty
    /// without a server or where the platform does not tell.
    pub server_per_call: Vec<Vec<Duration>>,
}

impl Timings {
    fn series(&self, clock: Clock, name: &str) -> Option<Vec<Duration>> {
        let index = self.index(name);
        let pick = |all: &[Vec<Duration>]| Some(all[index].clone()).filter(|s| !s.is_empty());
        match clock {
            Clock::Wall => pick(&self.per_call),
            Clock::Process => pick(&self.cpu_per_call),
            Clock::Server => pick(&self.server_per_call),
            Clock::Client => {
                let (process, server) = (pick(&self.cpu_per_call)?, pick(&self.server_per_call)?);
                Some(
                    process
                        .iter()
                        .zip(&server)
                        .map(|(p, s)| p.saturating_sub(*s))
                        .collect(),
                )
            }
        }
    }

    /// The median per-call time of a variant; `None` for a clock the run does not have.
    pub fn median(&self, clock: Clock, name: &str) -> Option<Duration> {
        let mut times = self.series(clock, name)?;
        times.sort();
        Some(times[times.len() / 2])
    }

    /// The median over rounds of `numerator`'s time divided by `denominator`'s in the same round.
    pub fn ratio(&self, clock: Clock, numerator: &str, denominator: &str) -> Option<f64> {
        let ratios = self.ratios(clock, numerator, denominator)?;
        Some(ratios[ratios.len() / 2])
    }

    /// The first and third quartiles of the per-round ratios whose median [`Timings::ratio`]
    /// gives: how much they spread.
    pub fn ratio_quartiles(
        &self,
        clock: Clock,
        numerator: &str,
        denominator: &str,
    ) -> Option<(f64, f64)> {
        let ratios = self.ratios(clock, numerator, denominator)?;
        Some((ratios[ratios.len() / 4], ratios[ratios.len() * 3 / 4]))
    }

    /// The per-round ratios, sorted.
    fn ratios(&self, clock: Clock, numerator: &str, denominator: &str) -> Option<Vec<f64>> {
        let (top, bottom) = (
            self.series(clock, numerator)?,
            self.series(clock, denominator)?,
        );
        let mut ratios: Vec<f64> = top
            .iter()
            .zip(&bottom)
            .map(|(t, b)| t.as_secs_f64() / b.as_secs_f64())
            .collect();
        ratios.sort_by(f64::total_cmp);
        Some(ratios)
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
/// different variant each round. One untimed round warms everything up first. `servers` are the
/// servers the calls go to (none for calls that make no request), whose CPU time is then reported
/// apart.
pub fn interleave(
    rounds: usize,
    batch: usize,
    servers: &[&Server],
    variants: &mut [Variant<'_>],
) -> Timings {
    assert!(rounds > 0 && batch > 0 && !variants.is_empty());
    let count = variants.len();
    let calls = u32::try_from(batch).expect("a batch fits in u32");
    let mut per_call = vec![Vec::with_capacity(rounds); count];
    let mut cpu_per_call = vec![Vec::with_capacity(rounds); count];
    let mut server_per_call = vec![Vec::with_capacity(rounds); count];
    let cpu_available = process_cpu_time().is_some() && thread_cpu_time().is_some();
    let server_cpu = || {
        (!servers.is_empty()).then(|| {
            servers
                .iter()
                .map(|server| server.cpu_time())
                .sum::<Duration>()
        })
    };
    for round in 0..=rounds {
        for turn in 0..count {
            let index = (round + turn) % count;
            let call = &mut variants[index].1;
            let (server_started, cpu_started) = (server_cpu(), process_cpu_time());
            let started = Instant::now();
            for _ in 0..batch {
                call();
            }
            let elapsed = started.elapsed();
            let (cpu_ended, server_ended) = (process_cpu_time(), server_cpu());
            if round == 0 {
                continue;
            }
            per_call[index].push(elapsed / calls);
            if let (Some(end), Some(start)) = (cpu_ended, cpu_started) {
                cpu_per_call[index].push(end.saturating_sub(start) / calls);
            }
            if let (Some(end), Some(start)) = (server_ended, server_started) {
                server_per_call[index].push(end.saturating_sub(start) / calls);
            }
        }
    }
    if !cpu_available {
        cpu_per_call.iter_mut().for_each(Vec::clear);
        server_per_call.iter_mut().for_each(Vec::clear);
    }
    Timings {
        names: variants.iter().map(|(name, _)| *name).collect(),
        per_call,
        cpu_per_call,
        server_per_call,
    }
}

/// The CPU time this thread has used, user and system; `None` where the platform does not tell.
#[cfg(target_os = "linux")]
pub fn thread_cpu_time() -> Option<Duration> {
    cpu_clock(nix::time::ClockId::CLOCK_THREAD_CPUTIME_ID)
}

/// The CPU time this thread has used, user and system; `None` where the platform does not tell.
#[cfg(not(target_os = "linux"))]
pub fn thread_cpu_time() -> Option<Duration> {
    None
}

/// The CPU time the whole process has used, user and system, on every thread it has had (those
/// that have ended included); `None` where the platform does not tell.
#[cfg(target_os = "linux")]
pub fn process_cpu_time() -> Option<Duration> {
    cpu_clock(nix::time::ClockId::CLOCK_PROCESS_CPUTIME_ID)
}

/// The CPU time the whole process has used, user and system, on every thread it has had (those
/// that have ended included); `None` where the platform does not tell.
#[cfg(not(target_os = "linux"))]
pub fn process_cpu_time() -> Option<Duration> {
    None
}

#[cfg(target_os = "linux")]
fn cpu_clock(clock: nix::time::ClockId) -> Option<Duration> {
    let time = nix::time::clock_gettime(clock).ok()?;
    Some(Duration::from(time))
}
