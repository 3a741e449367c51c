//! The idle policy as a plain state machine, ticked once a second by the shell's timer (mock time in tests).
//! After `timeout_s` without a touch the user is warned ("还需要更多时间吗？") and sees a countdown of
//! `warning_s`; a touch keeps the session, the end of the countdown clears it. On the home screen with nothing
//! entered there is nothing to warn about: the session is cleared silently (language and 长辈模式 return to the
//! defaults).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdleEvent {
    /// Nothing to show.
    None,
    /// Show (or update) the warning with this many seconds left.
    Warn(u32),
    /// Clear the session and return to home.
    Reset,
}

#[derive(Debug, Clone)]
pub struct IdleState {
    timeout_s: u32,
    warning_s: u32,
    idle_s: u32,
    warned: bool,
}

impl IdleState {
    pub fn new(timeout_s: u32, warning_s: u32) -> Self {
        IdleState {
            timeout_s,
            warning_s,
            idle_s: 0,
            warned: false,
        }
    }

    /// Someone touched the screen.
    pub fn touch(&mut self) {
        self.idle_s = 0;
        self.warned = false;
    }

    pub fn warning_shown(&self) -> bool {
        self.warned
    }

    /// One second passed. `at_home_untouched` means nothing of a session is on screen (home, defaults).
    pub fn tick(&mut self, at_home_untouched: bool) -> IdleEvent {
        self.idle_s = self.idle_s.saturating_add(1);
        if self.idle_s < self.timeout_s {
            return IdleEvent::None;
        }
        if at_home_untouched && !self.warned {
            // Nothing to clear but the language/长辈模式 choice; do it quietly once, then rest.
            if self.idle_s == self.timeout_s {
                return IdleEvent::Reset;
            }
            return IdleEvent::None;
        }
        let into_warning = self.idle_s - self.timeout_s;
        if into_warning >= self.warning_s {
            self.touch();
            return IdleEvent::Reset;
        }
        self.warned = true;
        IdleEvent::Warn(self.warning_s - into_warning)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ticks `n` seconds and returns the last event.
    fn run(s: &mut IdleState, n: u32, home: bool) -> IdleEvent {
        let mut last = IdleEvent::None;
        for _ in 0..n {
            last = s.tick(home);
        }
        last
    }

    #[test]
    fn table() {
        // (timeout, warning, seconds idle, at home untouched, expected last event)
        let cases = [
            (90, 20, 89, false, IdleEvent::None),
            (90, 20, 90, false, IdleEvent::Warn(20)),
            (90, 20, 91, false, IdleEvent::Warn(19)),
            (90, 20, 109, false, IdleEvent::Warn(1)),
            (90, 20, 110, false, IdleEvent::Reset),
            (90, 20, 90, true, IdleEvent::Reset),
            (90, 20, 200, true, IdleEvent::None),
            (15, 5, 20, false, IdleEvent::Reset),
        ];
        for (timeout, warning, secs, home, want) in cases {
            let mut s = IdleState::new(timeout, warning);
            assert_eq!(
                run(&mut s, secs, home),
                want,
                "timeout {timeout} warning {warning} after {secs}s home={home}"
            );
        }
    }

    #[test]
    fn a_touch_during_the_warning_keeps_the_session() {
        let mut s = IdleState::new(30, 10);
        assert_eq!(run(&mut s, 35, false), IdleEvent::Warn(5));
        assert!(s.warning_shown());
        s.touch();
        assert!(!s.warning_shown());
        assert_eq!(run(&mut s, 29, false), IdleEvent::None);
        assert_eq!(s.tick(false), IdleEvent::Warn(10));
    }
}
