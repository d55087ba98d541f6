//! Interrupts: on SIGINT, SIGTERM or SIGHUP, the temporary files of outputs not yet renamed into place are removed
//! ([`aims::output::remove_pending`]) before the process ends as the signal would have ended it. Without this, an
//! import interrupted while it stages thousands of system files would leave them behind. (SIGKILL cannot be
//! caught; docs/security.md says what remains then.)

/// Starts a thread that waits for an interrupt; does nothing where signals cannot be handled.
pub fn remove_temporary_files_on_interrupt() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else { return };
        let spawned = std::thread::Builder::new().name("signals".into()).spawn(move || {
            if let Some(signal) = signals.forever().next() {
                aims::output::remove_pending();
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                std::process::exit(128 + signal);
            }
        });
        drop(spawned);
    }
}
