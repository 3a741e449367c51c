//! The receipt model: plain data that callers (queue tickets, fee sheets, risk reports, the test page) build,
//! and that [`render`] turns into ESC/POS bytes for one printer [`Profile`](crate::profile::Profile).
//!
//! ```
//! use court_printer::receipt::{Align, Receipt};
//! use court_printer::profile::Profile;
//!
//! let receipt = Receipt::new()
//!     .title("焦作市中级人民法院")
//!     .text_centered("诉讼服务中心")
//!     .separator()
//!     .kv("业务", "立案登记")
//!     .styled("B023", Align::Center, true, 3, 3)
//!     .kv("前面等候", "4 人")
//!     .qr("https://court.example/q/B023")
//!     .feed(2)
//!     .cut();
//! let profile = Profile::load_embedded("generic-80").unwrap();
//! let bytes = court_printer::receipt::render(&receipt, &profile).unwrap();
//! assert!(bytes.starts_with(&[0x1B, 0x40])); // ESC @
//! ```
//!
//! Layout: 58 mm paper is 384 dots = 32 columns, 80 mm paper is 576 dots = 48 columns (12-dot half-width
//! cells). An ASCII character takes one column; every other character (Chinese, full-width punctuation) takes
//! two, exactly as a printer prints a two-byte GB18030 code in FS & mode. Long text wraps by that display width.

pub use crate::render::{render, RenderError};

/// Horizontal alignment of a line, a QR code, a barcode or an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

/// One-dimensional barcode symbologies the renderer emits natively (GS k, function A).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BarcodeKind {
    /// Code 39: digits, upper-case letters, space and `-.$/+%`.
    Code39,
    /// EAN-13: 12 or 13 digits.
    Ean13,
}

/// A 1-bit picture (`true` = black dot), row-major, `width * height` entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bitmap {
    pub width: u32,
    pub height: u32,
    pub dots: Vec<bool>,
}

impl Bitmap {
    /// An all-white bitmap.
    pub fn new(width: u32, height: u32) -> Self {
        Bitmap {
            width,
            height,
            dots: vec![false; (width as usize) * (height as usize)],
        }
    }

    /// From a grey image: pixels darker than `threshold` (0–255) become black dots.
    pub fn from_gray(img: &image::GrayImage, threshold: u8) -> Self {
        let (width, height) = img.dimensions();
        let dots = img.pixels().map(|p| p.0[0] < threshold).collect();
        Bitmap {
            width,
            height,
            dots,
        }
    }

    /// The dot at (x, y); outside the bitmap is white.
    pub fn get(&self, x: u32, y: u32) -> bool {
        if x >= self.width || y >= self.height {
            return false;
        }
        self.dots
            .get((y as usize) * (self.width as usize) + x as usize)
            .copied()
            .unwrap_or(false)
    }

    /// Set the dot at (x, y); outside the bitmap is ignored.
    pub fn set(&mut self, x: u32, y: u32, black: bool) {
        if x < self.width && y < self.height {
            let i = (y as usize) * (self.width as usize) + x as usize;
            if let Some(d) = self.dots.get_mut(i) {
                *d = black;
            }
        }
    }
}

/// One element of a receipt, printed top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Text, wrapped to the paper width by display width. `width_mul`/`height_mul` are 1–4 (character
    /// magnification); bold is emphasised print.
    Text {
        text: String,
        align: Align,
        bold: bool,
        width_mul: u8,
        height_mul: u8,
    },
    /// A full-width line of `-`.
    Separator,
    /// `key` at the left, `value` at the right, padded with spaces to the paper width (CJK = 2 columns). When
    /// both do not fit on one line, the value goes right-aligned on the next line.
    KeyValue { key: String, value: String },
    /// A QR code (error correction M). `module_size` is the dot size of one module, 1–16 (native QR clamps to
    /// the printer's maximum of 16).
    Qr {
        data: String,
        module_size: u8,
        align: Align,
    },
    /// A one-dimensional barcode with its human-readable text below.
    Barcode {
        kind: BarcodeKind,
        data: String,
        align: Align,
    },
    /// A 1-bit picture; wider than the paper is an error.
    Image { bitmap: Bitmap, align: Align },
    /// Feed `n` blank lines.
    Feed(u8),
    /// Cut the paper (partial feed first so the cut clears the last line); ignored by a profile without cutter.
    Cut,
}

/// A receipt: items in print order. Build it with the chaining methods or push [`Item`]s directly.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Receipt {
    pub items: Vec<Item>,
}

/// The default QR module size in dots (≈ 0.75 mm at 203 dpi: a 29-module URL QR is ≈ 22 mm wide).
pub const DEFAULT_QR_MODULE: u8 = 6;

impl Receipt {
    pub fn new() -> Self {
        Receipt { items: Vec::new() }
    }

    /// Append an item.
    pub fn push(&mut self, item: Item) -> &mut Self {
        self.items.push(item);
        self
    }

    /// Append an item (by-value chaining).
    pub fn item(mut self, item: Item) -> Self {
        self.items.push(item);
        self
    }

    /// Left-aligned normal text.
    pub fn text(self, text: impl Into<String>) -> Self {
        self.styled(text, Align::Left, false, 1, 1)
    }

    /// Centred normal text.
    pub fn text_centered(self, text: impl Into<String>) -> Self {
        self.styled(text, Align::Center, false, 1, 1)
    }

    /// Centred, bold, double width and height: a heading.
    pub fn title(self, text: impl Into<String>) -> Self {
        self.styled(text, Align::Center, true, 2, 2)
    }

    /// Text with every style option.
    pub fn styled(
        self,
        text: impl Into<String>,
        align: Align,
        bold: bool,
        width_mul: u8,
        height_mul: u8,
    ) -> Self {
        self.item(Item::Text {
            text: text.into(),
            align,
            bold,
            width_mul,
            height_mul,
        })
    }

    /// A full-width separator line.
    pub fn separator(self) -> Self {
        self.item(Item::Separator)
    }

    /// A key–value row padded to the paper width.
    pub fn kv(self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.item(Item::KeyValue {
            key: key.into(),
            value: value.into(),
        })
    }

    /// A centred QR code with the default module size.
    pub fn qr(self, data: impl Into<String>) -> Self {
        self.item(Item::Qr {
            data: data.into(),
            module_size: DEFAULT_QR_MODULE,
            align: Align::Center,
        })
    }

    /// A QR code with an explicit module size and alignment.
    pub fn qr_with(self, data: impl Into<String>, module_size: u8, align: Align) -> Self {
        self.item(Item::Qr {
            data: data.into(),
            module_size,
            align,
        })
    }

    /// A centred barcode.
    pub fn barcode(self, kind: BarcodeKind, data: impl Into<String>) -> Self {
        self.item(Item::Barcode {
            kind,
            data: data.into(),
            align: Align::Center,
        })
    }

    /// A picture.
    pub fn image(self, bitmap: Bitmap, align: Align) -> Self {
        self.item(Item::Image { bitmap, align })
    }

    /// `n` blank lines.
    pub fn feed(self, n: u8) -> Self {
        self.item(Item::Feed(n))
    }

    /// Cut the paper.
    pub fn cut(self) -> Self {
        self.item(Item::Cut)
    }
}

/// Display width of one character on the printer, in half-width columns: 1 for ASCII, 2 for anything else
/// (a two-byte GB18030 code prints full width in FS & mode; the raster fallback uses the same cells).
pub fn char_columns(c: char) -> usize {
    if c.is_ascii() {
        1
    } else {
        2
    }
}

/// Display width of a string in columns.
pub fn display_width(s: &str) -> usize {
    s.chars().map(char_columns).sum()
}

/// Wrap `text` into lines of at most `columns` display columns. Explicit `\n` starts a new line; ASCII words
/// are kept whole where they fit, CJK text breaks between any two characters. Never returns an empty vector.
pub fn wrap(text: &str, columns: usize) -> Vec<String> {
    let columns = columns.max(2);
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut width = 0usize;
        // Tokens: an ASCII word (non-space run), one space, or one non-ASCII character.
        let mut tokens: Vec<String> = Vec::new();
        let mut word = String::new();
        for c in para.chars() {
            if c.is_ascii() && c != ' ' {
                word.push(c);
            } else {
                if !word.is_empty() {
                    tokens.push(std::mem::take(&mut word));
                }
                tokens.push(c.to_string());
            }
        }
        if !word.is_empty() {
            tokens.push(word);
        }
        for tok in tokens {
            let tw = display_width(&tok);
            if width + tw <= columns {
                line.push_str(&tok);
                width += tw;
                continue;
            }
            if tok == " " {
                // A space at a break is dropped.
                out.push(std::mem::take(&mut line));
                width = 0;
                continue;
            }
            if tw <= columns {
                out.push(std::mem::take(&mut line).trim_end().to_string());
                line.push_str(&tok);
                width = tw;
                continue;
            }
            // A token longer than a line: split it by characters.
            for c in tok.chars() {
                let cw = char_columns(c);
                if width + cw > columns {
                    out.push(std::mem::take(&mut line));
                    width = 0;
                }
                line.push(c);
                width += cw;
            }
        }
        out.push(line.trim_end().to_string());
    }
    if out.is_empty() {
        out.push(String::new());
    }
    out
}

/// Lay out a key–value row for `columns` columns: one line when `key + ≥1 space + value` fits, otherwise the
/// wrapped key followed by the value right-aligned on its own line(s).
pub fn key_value_lines(key: &str, value: &str, columns: usize) -> Vec<String> {
    let kw = display_width(key);
    let vw = display_width(value);
    if kw + 1 + vw <= columns {
        return vec![format!("{key}{}{value}", " ".repeat(columns - kw - vw))];
    }
    let mut lines = wrap(key, columns);
    for v in wrap(value, columns) {
        let pad = columns.saturating_sub(display_width(&v));
        lines.push(format!("{}{v}", " ".repeat(pad)));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_wrap(cases: &[(&str, usize, &[&str])]) {
        for (text, cols, want) in cases {
            let got = wrap(text, *cols);
            assert_eq!(
                got,
                want.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                "wrap({text:?}, {cols})"
            );
            for l in &got {
                assert!(display_width(l) <= *cols, "{l:?} wider than {cols}");
            }
        }
    }

    #[test]
    fn wrap_by_display_width() {
        check_wrap(&[
            ("", 32, &[""]),
            ("hello world", 32, &["hello world"]),
            ("hello world", 8, &["hello", "world"]),
            ("焦作市中级人民法院", 8, &["焦作市中", "级人民法", "院"]),
            ("焦作abc市", 7, &["焦作abc", "市"]),
            ("abcdefghij", 4, &["abcd", "efgh", "ij"]),
            ("一\n二", 32, &["一", "二"]),
            ("请到3号窗口", 6, &["请到3", "号窗口"]),
        ]);
    }

    #[test]
    fn key_value_padding() {
        let cases: &[(&str, &str, usize, &[&str])] = &[
            ("业务", "立案登记", 20, &["业务        立案登记"]),
            ("No.", "B023", 10, &["No.   B023"]),
            (
                "前面等候人数",
                "12 人",
                12,
                &["前面等候人数", "       12 人"],
            ),
        ];
        for (k, v, cols, want) in cases {
            let got = key_value_lines(k, v, *cols);
            assert_eq!(
                got,
                want.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                "kv({k:?},{v:?},{cols})"
            );
            assert!(
                got.iter().all(|l| display_width(l) <= *cols),
                "{got:?} wider than {cols}"
            );
        }
    }
}
