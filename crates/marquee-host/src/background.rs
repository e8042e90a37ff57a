//! A thread that works for its owner and ends with it: dropping the handle
//! tells the thread to stop, then waits for it, so that a server and its
//! tests can start and stop hosts many times over.

use std::thread::JoinHandle;

pub(crate) struct Background {
    stop: Box<dyn Fn() + Send + Sync>,
    thread: Option<JoinHandle<()>>,
}

impl Background {
    /// `stop` wakes the thread and tells it to end.
    pub(crate) fn new(thread: JoinHandle<()>, stop: impl Fn() + Send + Sync + 'static) -> Self {
        Background {
            stop: Box::new(stop),
            thread: Some(thread),
        }
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        (self.stop)();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
