//! The kiosk shell as a library, so that integration tests (tests/) can drive the same code as the binary.
//! Add one `pub mod` line per shell module here (not in main.rs).

pub mod app;
pub mod cli;
pub mod config;
pub mod config_hooks;
pub mod content;
pub mod fee_sheet;
pub mod headless;
pub mod risk_sheet;
pub mod store;
pub mod sync;
pub mod ticketing;
