//! Receipt printing for the court kiosk.
//!
//! - [`receipt`]: the receipt model callers build, and [`receipt::render`] to ESC/POS bytes for a [`Profile`].
//! - [`profile`]: printer profiles (`kiosk-config/printers/*.toml`, embedded).
//! - [`raster`]: text and QR rasterising for printers that cannot print them natively.

pub mod profile;
pub mod raster;
pub mod receipt;
mod render;

pub use profile::{Coverage, Profile, ProfileError};
pub use receipt::{render, Align, BarcodeKind, Bitmap, Item, Receipt, RenderError};
