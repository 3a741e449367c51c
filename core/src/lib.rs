//! Pure domain of the court kiosk. No I/O, no clock, no UI, no async: every function takes what it needs
//! (including "now" and "today") as arguments and fails only through typed errors.
pub mod calendar;
pub mod fees;
pub mod limitation;
pub mod money;
pub mod queue;
pub mod risk;
pub mod sync_api;
