//! Receipt → ESC/POS bytes for one printer profile.
//!
//! Commands go through the `escpos` crate's command builder (ESC @, ESC a, ESC E, GS !, ESC d, GS ( k QR with
//! error correction M, GS k barcodes, GS V cut, GB18030 text through encoding_rs). A few commands are emitted
//! through its `custom` call because the crate has no method for them or its method costs bytes on every line:
//! FS & / FS . (enter/leave two-byte mode), FS ! (Chinese character size), a bare LF (its `writeln` ends a line
//! with ESC d 1, three bytes) and GS v 0 rasters (its raster needs the `image` feature and a file; ours are
//! already 1-bit). Style commands are only sent when the style changes.

use std::cell::RefCell;
use std::rc::Rc;

use escpos::driver::Driver;
use escpos::printer::Printer;
use escpos::utils::{
    BarcodeFont, BarcodeHeight, BarcodeOption, BarcodePosition, BarcodeWidth, Encoder, JustifyMode,
    Protocol, QRCodeCorrectionLevel, QRCodeModel, QRCodeOption,
};

use crate::profile::Profile;
use crate::raster;
use crate::receipt::{key_value_lines, wrap, Align, BarcodeKind, Item, Receipt};

/// Why a receipt could not be rendered.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RenderError {
    #[error("item {item}: {field} is {value}; accepted 1–{max}")]
    OutOfRange {
        item: usize,
        field: &'static str,
        value: u32,
        max: u32,
    },
    #[error("item {item}: QR data of {len} bytes cannot be encoded (error correction M holds at most 2331 bytes)")]
    QrTooLong { item: usize, len: usize },
    #[error("item {item}: barcode {kind:?} cannot encode {data:?}: {why}")]
    Barcode {
        item: usize,
        kind: BarcodeKind,
        data: String,
        why: String,
    },
    #[error("item {item}: image is {width} dots wide; the paper is {paper} dots")]
    ImageTooWide { item: usize, width: u32, paper: u32 },
    #[error("ESC/POS encoding failed: {0}")]
    Escpos(String),
}

/// In-memory sink for the escpos crate's printer.
#[derive(Clone, Default)]
struct Memory(Rc<RefCell<Vec<u8>>>);

impl Driver for Memory {
    fn name(&self) -> String {
        "memory".into()
    }
    fn write(&self, data: &[u8]) -> escpos::errors::Result<()> {
        self.0.borrow_mut().extend_from_slice(data);
        Ok(())
    }
    fn read(&self, _buf: &mut [u8]) -> escpos::errors::Result<usize> {
        Ok(0)
    }
    fn flush(&self) -> escpos::errors::Result<()> {
        Ok(())
    }
}

const FS_KANJI_ON: &[u8] = &[0x1C, 0x26];
const FS_KANJI_OFF: &[u8] = &[0x1C, 0x2E];
const LF: &[u8] = &[0x0A];

/// What the printer is currently set to, so that unchanged styles are not re-sent.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Style {
    align: Align,
    bold: bool,
    size: (u8, u8),
    kanji_size: u8,
}

const DEFAULT_STYLE: Style = Style {
    align: Align::Left,
    bold: false,
    size: (1, 1),
    kanji_size: 0,
};

struct Out<'p> {
    p: Printer<Memory>,
    profile: &'p Profile,
    style: Style,
}

fn esc(e: escpos::errors::PrinterError) -> RenderError {
    RenderError::Escpos(e.to_string())
}

impl Out<'_> {
    fn align(&mut self, a: Align) -> Result<(), RenderError> {
        if self.style.align != a {
            let mode = match a {
                Align::Left => JustifyMode::LEFT,
                Align::Center => JustifyMode::CENTER,
                Align::Right => JustifyMode::RIGHT,
            };
            self.p.justify(mode).map_err(esc)?;
            self.style.align = a;
        }
        Ok(())
    }

    fn bold(&mut self, b: bool) -> Result<(), RenderError> {
        if self.style.bold != b {
            self.p.bold(b).map_err(esc)?;
            self.style.bold = b;
        }
        Ok(())
    }

    fn size(&mut self, w: u8, h: u8) -> Result<(), RenderError> {
        if self.style.size != (w, h) {
            self.p.size(w, h).map_err(esc)?;
            self.style.size = (w, h);
        }
        Ok(())
    }

    /// FS ! n: two-byte character mode — bit 2 double width, bit 3 double height.
    fn kanji_size(&mut self, w: u8, h: u8) -> Result<(), RenderError> {
        let n = if w >= 2 { 0x04 } else { 0 } | if h >= 2 { 0x08 } else { 0 };
        if self.style.kanji_size != n {
            self.p.custom(&[0x1C, 0x21, n]).map_err(esc)?;
            self.style.kanji_size = n;
        }
        Ok(())
    }

    fn custom(&mut self, bytes: &[u8]) -> Result<(), RenderError> {
        self.p.custom(bytes).map_err(esc)?;
        Ok(())
    }

    /// One laid-out line: natively when the printer's fonts hold every character, else as a raster.
    fn line(
        &mut self,
        line: &str,
        align: Align,
        bold: bool,
        w: u8,
        h: u8,
    ) -> Result<(), RenderError> {
        if line.chars().all(|c| self.profile.prints_natively(c)) {
            self.align(align)?;
            self.bold(bold)?;
            self.size(w, h)?;
            if line.is_ascii() {
                if !line.is_empty() {
                    self.p.write(line).map_err(esc)?;
                }
            } else {
                self.kanji_size(w, h)?;
                self.custom(FS_KANJI_ON)?;
                self.p.write(line).map_err(esc)?;
                self.custom(FS_KANJI_OFF)?;
            }
            self.custom(LF)
        } else {
            let paper = self.profile.width_dots();
            let bmp = raster::text_line(line, align, bold, w as u32, h as u32, paper);
            self.raster(&bmp)?;
            // ESC J 6: the 6-dot gap a printed text line has below its 24-dot characters.
            self.custom(&[0x1B, 0x4A, 6])
        }
    }

    /// A full-width bitmap, left-aligned (its own position is already in it).
    fn raster(&mut self, bmp: &crate::receipt::Bitmap) -> Result<(), RenderError> {
        self.align(Align::Left)?;
        let bytes = raster::gs_v0(bmp);
        self.custom(&bytes)
    }
}

fn check_mul(item: usize, field: &'static str, v: u8) -> Result<u8, RenderError> {
    if (1..=4).contains(&v) {
        Ok(v)
    } else {
        Err(RenderError::OutOfRange {
            item,
            field,
            value: v as u32,
            max: 4,
        })
    }
}

/// Render a receipt for a printer profile. Starts with ESC @; never cuts unless the receipt has [`Item::Cut`]
/// (and then only a printer with a cutter; one without gets four lines of feed to clear the tear bar).
pub fn render(receipt: &Receipt, profile: &Profile) -> Result<Vec<u8>, RenderError> {
    let mem = Memory::default();
    let protocol = Protocol::new(Encoder::new(encoding_rs::GB18030));
    let mut out = Out {
        p: Printer::new(mem.clone(), protocol, None),
        profile,
        style: DEFAULT_STYLE,
    };
    out.p.init().map_err(esc)?;
    let cols = profile.columns();
    let paper = profile.width_dots();
    for (i, item) in receipt.items.iter().enumerate() {
        match item {
            Item::Text {
                text,
                align,
                bold,
                width_mul,
                height_mul,
            } => {
                let w = check_mul(i, "width_mul", *width_mul)?;
                let h = check_mul(i, "height_mul", *height_mul)?;
                for line in wrap(text, cols / w as usize) {
                    out.line(&line, *align, *bold, w, h)?;
                }
            }
            Item::Separator => out.line(&"-".repeat(cols), Align::Left, false, 1, 1)?,
            Item::KeyValue { key, value } => {
                for line in key_value_lines(key, value, cols) {
                    out.line(&line, Align::Left, false, 1, 1)?;
                }
            }
            Item::Qr {
                data,
                module_size,
                align,
            } => {
                let m = check_mul_range(i, "module_size", *module_size, 16)?;
                let code = qrcode::QrCode::with_error_correction_level(
                    data.as_bytes(),
                    qrcode::EcLevel::M,
                )
                .map_err(|_| RenderError::QrTooLong {
                    item: i,
                    len: data.len(),
                })?;
                if profile.native_qr {
                    out.align(*align)?;
                    // The crate clamps the module size to 15 (GS ( k allows 1–16).
                    let opt = QRCodeOption::new(QRCodeModel::Model2, m, QRCodeCorrectionLevel::M);
                    out.p.qrcode_option(data, opt).map_err(esc)?;
                } else {
                    let bmp = raster::place(&raster::qr_modules(&code, m as u32), paper, *align);
                    out.raster(&bmp)?;
                }
            }
            Item::Barcode { kind, data, align } => {
                let bad = |why: String| RenderError::Barcode {
                    item: i,
                    kind: *kind,
                    data: data.clone(),
                    why,
                };
                check_barcode(*kind, data).map_err(bad)?;
                out.align(*align)?;
                let opt = BarcodeOption::new(
                    BarcodeWidth::M,
                    BarcodeHeight::S,
                    BarcodeFont::A,
                    BarcodePosition::Below,
                );
                let r = match kind {
                    BarcodeKind::Code39 => out.p.code39_option(data, opt),
                    BarcodeKind::Ean13 => out.p.ean13_option(data, opt),
                };
                r.map_err(|e| bad(e.to_string()))?;
            }
            Item::Image { bitmap, align } => {
                if bitmap.width > paper {
                    return Err(RenderError::ImageTooWide {
                        item: i,
                        width: bitmap.width,
                        paper,
                    });
                }
                out.raster(&raster::place(bitmap, paper, *align))?;
            }
            Item::Feed(n) => {
                out.p.feeds(*n).map_err(esc)?;
            }
            Item::Cut => {
                if profile.cutter {
                    // GS V A 0: feed to the cutting position, then cut.
                    out.p.cut().map_err(esc)?;
                } else {
                    out.p.feeds(4).map_err(esc)?;
                }
            }
        }
    }
    out.p.print().map_err(esc)?;
    drop(out);
    let bytes = mem.0.borrow().clone();
    Ok(bytes)
}

fn check_mul_range(item: usize, field: &'static str, v: u8, max: u8) -> Result<u8, RenderError> {
    if (1..=max).contains(&v) {
        Ok(v)
    } else {
        Err(RenderError::OutOfRange {
            item,
            field,
            value: v as u32,
            max: max as u32,
        })
    }
}

fn check_barcode(kind: BarcodeKind, data: &str) -> Result<(), String> {
    match kind {
        BarcodeKind::Code39 => {
            let ok =
                |c: char| c.is_ascii_digit() || c.is_ascii_uppercase() || " -.$/+%".contains(c);
            if data.is_empty() || !data.chars().all(ok) {
                return Err("Code 39 takes digits, A–Z, space and -.$/+%".into());
            }
        }
        BarcodeKind::Ean13 => {
            if !(data.len() == 12 || data.len() == 13) || !data.chars().all(|c| c.is_ascii_digit())
            {
                return Err("EAN-13 takes 12 or 13 digits".into());
            }
        }
    }
    Ok(())
}
