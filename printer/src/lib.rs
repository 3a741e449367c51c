//! Receipt printing for the court kiosk.
//!
//! - [`receipt`]: the receipt model callers build, and [`receipt::render`] to ESC/POS bytes for a [`Profile`].
//! - [`profile`]: printer profiles (`kiosk-config/printers/*.toml`, embedded).
//! - [`raster`]: text and QR rasterising for printers that cannot print them natively.
//! - [`transport`]: printer URIs, [`print_job`] and [`query_status`]; [`status`]: DLE EOT.
//! - [`preview`]: ESC/POS decoder → PNG + text; [`emulator`]: the virtual TCP printer.
//! - [`testpage`]: the test page.

pub mod emulator;
pub mod preview;
pub mod profile;
pub mod raster;
pub mod receipt;
mod render;
pub mod status;
pub mod testpage;
pub mod transport;

pub use preview::{decode, Preview};
pub use profile::{Coverage, Profile, ProfileError};
pub use receipt::{render, Align, BarcodeKind, Bitmap, Item, Receipt, RenderError};
pub use status::{Fault, Paper, Status};
pub use transport::{
    print_job, print_receipt, query_status, JobResult, PrinterUri, TransportError,
};
