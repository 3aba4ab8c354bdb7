//! What happened on the wire during one attempt: was a new connection opened, did any byte of the
//! request leave, did any byte of the answer arrive.
//!
//! The retry rules need these facts and ureq's errors do not carry them. A connector at the end of
//! ureq's chain wraps every new connection; the wrapper records activity in a thread-local record
//! that [`Wire::attempt`](super::Wire::attempt) resets before each attempt. ureq is blocking and
//! runs a call (body included) on the caller's thread, so the record belongs to exactly one
//! attempt.

use std::cell::Cell;

use ureq::unversioned::transport::{Buffers, ConnectionDetails, Connector, NextTimeout, Transport};

use crate::attempt::Activity;

thread_local! {
    static ACTIVITY: Cell<Activity> = const { Cell::new(Activity { connected: false, sent: false, received: false }) };
}

/// Starts recording a new attempt on this thread.
pub(crate) fn begin() {
    ACTIVITY.set(Activity::default());
}

/// The activity recorded since [`begin`].
pub(crate) fn current() -> Activity {
    ACTIVITY.get()
}

fn record(update: impl FnOnce(&mut Activity)) {
    let mut activity = ACTIVITY.get();
    update(&mut activity);
    ACTIVITY.set(activity);
}

/// The last link of the connector chain: wraps each new connection in a [`Watched`].
#[derive(Debug)]
pub(crate) struct Watch;

impl Connector<Box<dyn Transport>> for Watch {
    type Out = Watched;

    fn connect(
        &self,
        _details: &ConnectionDetails<'_>,
        chained: Option<Box<dyn Transport>>,
    ) -> Result<Option<Watched>, ureq::Error> {
        Ok(chained.map(|inner| {
            record(|a| a.connected = true);
            Watched { inner }
        }))
    }
}

/// A connection that reports its activity; otherwise it forwards every call unchanged.
#[derive(Debug)]
pub(crate) struct Watched {
    inner: Box<dyn Transport>,
}

impl Transport for Watched {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.inner.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        // Recorded before writing: a write that fails halfway may still have reached the server.
        if amount > 0 {
            record(|a| a.sent = true);
        }
        self.inner.transmit_output(amount, timeout)
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        let progressed = self.inner.await_input(timeout)?;
        if progressed {
            record(|a| a.received = true);
        }
        Ok(progressed)
    }

    fn is_open(&mut self) -> bool {
        self.inner.is_open()
    }

    fn is_tls(&self) -> bool {
        self.inner.is_tls()
    }
}
