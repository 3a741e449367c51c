//! Decoder / preview: ESC/POS bytes → a picture of the paper and the text lines on it.
//!
//! Decoded: ESC @, LF, CR, ESC d, ESC J, ESC a, ESC E, ESC !, ESC 2/3, GS !, FS & / FS ., FS !, GB18030 two- and
//! four-byte text, GS ( k QR (model, size, error correction, store, print — drawn as a real QR regenerated
//! from the stored data), GS v 0 rasters, GS k barcodes (drawn as a placeholder with their text, not
//! scannable), GS V cuts (a dashed line), DLE EOT/ENQ (ignored). Commands that only change things the preview
//! does not draw (fonts, code pages, barcode geometry, …) are skipped silently; anything else is listed in
//! `warnings` with its offset. Malformed or truncated input never panics: it ends the decode with a warning.

use crate::raster::{self, CELL_H, CELL_W};
use crate::receipt::{Align, Bitmap};

/// The decoded job.
#[derive(Debug, Clone)]
pub struct Preview {
    /// The paper, white background, black print; `width` is 384 or 576 dots.
    pub image: image::GrayImage,
    /// Every printed line that has text on it, in order (trailing spaces trimmed).
    pub text_lines: Vec<String>,
    /// The data of every QR code printed (native GS ( k only).
    pub qr_codes: Vec<String>,
    /// Unknown commands, malformed data and truncation, each with its byte offset.
    pub warnings: Vec<String>,
    /// Whether the job started the printer with ESC @ (anywhere).
    pub init: bool,
    /// Number of GS V cuts.
    pub cuts: usize,
    /// Number of GS v 0 raster images.
    pub rasters: usize,
}

impl Preview {
    /// The paper as PNG bytes.
    pub fn png(&self) -> Result<Vec<u8>, image::ImageError> {
        let mut out = std::io::Cursor::new(Vec::new());
        self.image.write_to(&mut out, image::ImageFormat::Png)?;
        Ok(out.into_inner())
    }
}

/// One tokenised command. Text bytes come one at a time ([`Cmd::Byte`]); the decoder assembles GB18030.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cmd<'a> {
    Byte(u8),
    Lf,
    Cr,
    Init,
    /// ESC d n
    FeedLines(u8),
    /// ESC J n (dots)
    FeedDots(u8),
    /// ESC a n
    Align(u8),
    /// ESC E n
    Bold(u8),
    /// ESC ! n
    EscBang(u8),
    /// GS ! n
    GsBang(u8),
    /// ESC 3 n
    LineSpacing(u8),
    /// ESC 2
    DefaultLineSpacing,
    KanjiOn,
    KanjiOff,
    /// FS ! n
    FsBang(u8),
    /// GS ( k pL pH cn fn params…: `cn`, `fn`, the parameters after them
    Gs2d {
        cn: u8,
        func: u8,
        params: &'a [u8],
    },
    /// GS v 0 m xL xH yL yH data
    Raster {
        width_bytes: usize,
        height: usize,
        data: &'a [u8],
    },
    /// GS k m …
    Barcode {
        m: u8,
        data: &'a [u8],
    },
    /// GS V …
    Cut,
    /// DLE EOT n / DLE ENQ n / DLE DC4 …: real-time commands.
    RealTime(u8, u8),
    /// Known, framed, not drawn.
    Ignored(&'static str),
    /// Not known: the prefix byte and the command byte; consumed as two bytes.
    Unknown(u8, u8),
}

/// Result of reading one command at the start of a buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step<'a> {
    /// A command and how many bytes it took.
    Complete(Cmd<'a>, usize),
    /// The buffer ends inside a command.
    Incomplete,
}

const ESC: u8 = 0x1B;
const GS: u8 = 0x1D;
const FS: u8 = 0x1C;
const DLE: u8 = 0x10;

/// Read one command at the start of `buf` (non-empty). Never panics.
pub fn next_command(buf: &[u8]) -> Step<'_> {
    use Cmd::*;
    let Some(&b) = buf.first() else {
        return Step::Incomplete;
    };
    let arg = |i: usize| buf.get(i).copied();
    // A command of fixed length `n` whose last byte is its parameter.
    let fixed = |n: usize, f: fn(u8) -> Cmd<'static>| match buf.get(n - 1) {
        Some(&p) => Step::Complete(f(p), n),
        None => Step::Incomplete,
    };
    let skip = |n: usize, name: &'static str| {
        if buf.len() >= n {
            Step::Complete(Ignored(name), n)
        } else {
            Step::Incomplete
        }
    };
    match b {
        0x0A => Step::Complete(Lf, 1),
        0x0D => Step::Complete(Cr, 1),
        ESC => {
            let Some(c) = arg(1) else {
                return Step::Incomplete;
            };
            match c {
                b'@' => Step::Complete(Init, 2),
                b'd' => fixed(3, FeedLines),
                b'J' => fixed(3, FeedDots),
                b'a' => fixed(3, Align),
                b'E' => fixed(3, Bold),
                b'!' => fixed(3, EscBang),
                b'3' => fixed(3, LineSpacing),
                b'2' => Step::Complete(DefaultLineSpacing, 2),
                b'-' => skip(3, "ESC - underline"),
                b'G' => skip(3, "ESC G double-strike"),
                b'M' => skip(3, "ESC M font"),
                b't' => skip(3, "ESC t code page"),
                b'R' => skip(3, "ESC R character set"),
                b'{' => skip(3, "ESC { upside-down"),
                b'V' => skip(3, "ESC V rotation"),
                b' ' => skip(3, "ESC SP spacing"),
                b'r' => skip(3, "ESC r colour"),
                b'c' => skip(4, "ESC c paper sensor"),
                b'p' => skip(5, "ESC p drawer"),
                b'$' => skip(4, "ESC $ position"),
                b'=' => skip(3, "ESC = peripheral"),
                _ => Step::Complete(Unknown(ESC, c), 2),
            }
        }
        FS => {
            let Some(c) = arg(1) else {
                return Step::Incomplete;
            };
            match c {
                b'&' => Step::Complete(KanjiOn, 2),
                b'.' => Step::Complete(KanjiOff, 2),
                b'!' => fixed(3, FsBang),
                b'-' => skip(3, "FS - kanji underline"),
                b'W' => skip(3, "FS W kanji quadruple"),
                b'C' => skip(3, "FS C kanji code system"),
                b'S' => skip(4, "FS S kanji spacing"),
                _ => Step::Complete(Unknown(FS, c), 2),
            }
        }
        GS => {
            let Some(c) = arg(1) else {
                return Step::Incomplete;
            };
            match c {
                b'!' => fixed(3, GsBang),
                b'V' => match arg(2) {
                    None => Step::Incomplete,
                    Some(65 | 66 | 97 | 98 | 103 | 104) => skip(4, "").map_cmd(Cut),
                    Some(_) => Step::Complete(Cut, 3),
                },
                b'(' => {
                    let (Some(fc), Some(pl), Some(ph)) = (arg(2), arg(3), arg(4)) else {
                        return Step::Incomplete;
                    };
                    let len = pl as usize + 256 * ph as usize;
                    let Some(body) = buf.get(5..5 + len) else {
                        return Step::Incomplete;
                    };
                    if fc == b'k' && body.len() >= 2 {
                        Step::Complete(
                            Gs2d {
                                cn: body[0],
                                func: body[1],
                                params: &body[2..],
                            },
                            5 + len,
                        )
                    } else {
                        Step::Complete(Ignored("GS ( function"), 5 + len)
                    }
                }
                b'v' => {
                    let Some(head) = buf.get(2..8) else {
                        return Step::Incomplete;
                    };
                    if head[0] != b'0' && head[0] != 0 {
                        return Step::Complete(Unknown(GS, c), 2);
                    }
                    let wb = head[2] as usize + 256 * head[3] as usize;
                    let h = head[4] as usize + 256 * head[5] as usize;
                    let n = wb * h;
                    match buf.get(8..8 + n) {
                        Some(data) => Step::Complete(
                            Raster {
                                width_bytes: wb,
                                height: h,
                                data,
                            },
                            8 + n,
                        ),
                        None => Step::Incomplete,
                    }
                }
                b'k' => {
                    let Some(m) = arg(2) else {
                        return Step::Incomplete;
                    };
                    if m <= 6 {
                        match buf[3..].iter().position(|&x| x == 0) {
                            Some(end) => Step::Complete(
                                Barcode {
                                    m,
                                    data: &buf[3..3 + end],
                                },
                                3 + end + 1,
                            ),
                            None => Step::Incomplete,
                        }
                    } else {
                        let Some(n) = arg(3) else {
                            return Step::Incomplete;
                        };
                        match buf.get(4..4 + n as usize) {
                            Some(data) => Step::Complete(Barcode { m, data }, 4 + n as usize),
                            None => Step::Incomplete,
                        }
                    }
                }
                b'B' => skip(3, "GS B reverse"),
                b'H' => skip(3, "GS H barcode text"),
                b'h' => skip(3, "GS h barcode height"),
                b'w' => skip(3, "GS w barcode width"),
                b'f' => skip(3, "GS f barcode font"),
                b'b' => skip(3, "GS b smoothing"),
                b'a' => skip(3, "GS a status back"),
                b'r' => skip(3, "GS r status"),
                b'I' => skip(3, "GS I printer id"),
                b'L' => skip(4, "GS L left margin"),
                b'W' => skip(4, "GS W print width"),
                b'P' => skip(4, "GS P motion units"),
                _ => Step::Complete(Unknown(GS, c), 2),
            }
        }
        DLE => {
            let Some(c) = arg(1) else {
                return Step::Incomplete;
            };
            match c {
                0x04 | 0x05 => fixed(3, |n| RealTime(0x04, n)).map_rt(c),
                0x14 => skip(5, "DLE DC4"),
                _ => Step::Complete(Unknown(DLE, c), 2),
            }
        }
        _ => Step::Complete(Byte(b), 1),
    }
}

trait StepExt<'a> {
    fn map_cmd(self, cmd: Cmd<'a>) -> Step<'a>;
    fn map_rt(self, c: u8) -> Step<'a>;
}

impl<'a> StepExt<'a> for Step<'a> {
    fn map_cmd(self, cmd: Cmd<'a>) -> Step<'a> {
        match self {
            Step::Complete(_, n) => Step::Complete(cmd, n),
            Step::Incomplete => Step::Incomplete,
        }
    }
    fn map_rt(self, c: u8) -> Step<'a> {
        match self {
            Step::Complete(Cmd::RealTime(_, n), len) => Step::Complete(Cmd::RealTime(c, n), len),
            other => other,
        }
    }
}

/// The tallest preview drawn; longer jobs are cut off with a warning.
pub const MAX_HEIGHT: u32 = 40_000;

#[derive(Clone, Copy)]
struct Glyph {
    c: char,
    bold: bool,
    w: u32,
    h: u32,
}

enum Block {
    Text {
        glyphs: Vec<Glyph>,
        align: Align,
        pitch: u32,
    },
    Space(u32),
    Picture {
        bmp: Bitmap,
        align: Align,
    },
    Cut,
}

#[derive(Default)]
struct State {
    kanji: bool,
    bold: bool,
    ank: (u32, u32),
    gs: (u32, u32),
    fs: (u32, u32),
    align: Align,
    line_align: Option<Align>,
    spacing: u32,
    qr_module: u32,
    qr_ec: u8,
    qr_data: Option<Vec<u8>>,
    pending: Vec<u8>,
    pending_at: usize,
    warned_outside_kanji: bool,
}

fn align_of(n: u8) -> Align {
    match n {
        1 | 49 => Align::Center,
        2 | 50 => Align::Right,
        _ => Align::Left,
    }
}

/// Decode a job; the paper width is guessed (the widest raster, else 576 when any text line is wider than 32
/// columns, else 576).
pub fn decode(bytes: &[u8]) -> Preview {
    decode_with_width(bytes, None)
}

/// Decode a job for a known paper width in dots (384 or 576), or guess it with `None`.
pub fn decode_with_width(bytes: &[u8], width: Option<u32>) -> Preview {
    let mut st = State {
        ank: (1, 1),
        gs: (1, 1),
        fs: (1, 1),
        spacing: 6,
        qr_module: 3,
        qr_ec: 49,
        ..Default::default()
    };
    let mut blocks: Vec<Block> = Vec::new();
    let mut line: Vec<Glyph> = Vec::new();
    let mut text_lines = Vec::new();
    let mut qr_codes = Vec::new();
    let mut warnings = Vec::new();
    let (mut init, mut cuts, mut rasters) = (false, 0usize, 0usize);
    let mut widest_raster = 0u32;

    let mut pos = 0usize;
    while pos < bytes.len() {
        let step = next_command(&bytes[pos..]);
        let (cmd, len) = match step {
            Step::Complete(c, n) => (c, n.max(1)),
            Step::Incomplete => {
                warnings.push(format!(
                    "offset {pos}: the job ends inside a command (0x{:02X})",
                    bytes[pos]
                ));
                break;
            }
        };
        if !matches!(cmd, Cmd::Byte(_)) {
            flush_pending(&mut st, &mut line, &mut warnings);
        }
        match cmd {
            Cmd::Byte(b) => text_byte(&mut st, &mut line, &mut warnings, b, pos),
            Cmd::Lf => end_line(&mut st, &mut line, &mut blocks, &mut text_lines),
            Cmd::Cr => {}
            Cmd::Init => {
                init = true;
                let keep_qr = st.qr_data.take();
                st = State {
                    ank: (1, 1),
                    gs: (1, 1),
                    fs: (1, 1),
                    spacing: 6,
                    qr_module: 3,
                    qr_ec: 49,
                    ..Default::default()
                };
                st.qr_data = keep_qr;
            }
            Cmd::FeedLines(n) => {
                end_line(&mut st, &mut line, &mut blocks, &mut text_lines);
                if n > 1 {
                    blocks.push(Block::Space((n as u32 - 1) * (CELL_H + st.spacing)));
                }
            }
            Cmd::FeedDots(n) => {
                if !line.is_empty() {
                    end_line(&mut st, &mut line, &mut blocks, &mut text_lines);
                }
                blocks.push(Block::Space(n as u32));
            }
            Cmd::Align(n) => st.align = align_of(n),
            Cmd::Bold(n) => st.bold = n & 1 == 1,
            Cmd::EscBang(n) => {
                st.bold = n & 0x08 != 0;
                st.ank = (1 + ((n >> 5) & 1) as u32, 1 + ((n >> 4) & 1) as u32);
                st.gs = (1, 1);
            }
            Cmd::GsBang(n) => {
                st.gs = (1 + ((n >> 4) & 7) as u32, 1 + (n & 7) as u32);
                st.ank = (1, 1);
            }
            Cmd::LineSpacing(n) => st.spacing = (n as u32).saturating_sub(CELL_H),
            Cmd::DefaultLineSpacing => st.spacing = 6,
            Cmd::KanjiOn => st.kanji = true,
            Cmd::KanjiOff => st.kanji = false,
            Cmd::FsBang(n) => st.fs = (1 + ((n >> 2) & 1) as u32, 1 + ((n >> 3) & 1) as u32),
            Cmd::Gs2d { cn, func, params } => {
                if cn != 49 {
                    // Other 2D symbologies (PDF417 = 48, …) are not drawn.
                    warnings.push(format!("offset {pos}: GS ( k symbology {cn} is not drawn"));
                } else {
                    match func {
                        65 => {}
                        67 => {
                            st.qr_module = params.first().copied().unwrap_or(3).clamp(1, 16) as u32
                        }
                        69 => st.qr_ec = params.first().copied().unwrap_or(49),
                        80 => st.qr_data = Some(params.get(1..).unwrap_or(&[]).to_vec()),
                        81 => {
                            end_line_if_any(&mut st, &mut line, &mut blocks, &mut text_lines);
                            match st.qr_data.as_deref() {
                                Some(data) => match qr_block(data, st.qr_ec, st.qr_module) {
                                    Ok(bmp) => {
                                        qr_codes.push(String::from_utf8_lossy(data).into_owned());
                                        blocks.push(Block::Picture {
                                            bmp,
                                            align: st.align,
                                        });
                                    }
                                    Err(e) => warnings.push(format!(
                                        "offset {pos}: QR data cannot be encoded: {e}"
                                    )),
                                },
                                None => warnings
                                    .push(format!("offset {pos}: QR print without stored data")),
                            }
                        }
                        _ => warnings.push(format!(
                            "offset {pos}: GS ( k QR function {func} is not drawn"
                        )),
                    }
                }
            }
            Cmd::Raster {
                width_bytes,
                height,
                data,
            } => {
                end_line_if_any(&mut st, &mut line, &mut blocks, &mut text_lines);
                rasters += 1;
                let w = (width_bytes as u32).saturating_mul(8);
                widest_raster = widest_raster.max(w);
                if w > 576 {
                    warnings.push(format!(
                        "offset {pos}: raster {w} dots wide, wider than any paper; cropped"
                    ));
                }
                let bw = w.min(576);
                let mut bmp = Bitmap::new(bw, height as u32);
                for y in 0..height {
                    for x in 0..bw as usize {
                        let byte = data.get(y * width_bytes + x / 8).copied().unwrap_or(0);
                        if byte & (0x80 >> (x % 8)) != 0 {
                            bmp.set(x as u32, y as u32, true);
                        }
                    }
                }
                blocks.push(Block::Picture {
                    bmp,
                    align: st.align,
                });
            }
            Cmd::Barcode { m, data } => {
                end_line_if_any(&mut st, &mut line, &mut blocks, &mut text_lines);
                let text = String::from_utf8_lossy(data).into_owned();
                blocks.push(Block::Picture {
                    bmp: barcode_placeholder(data),
                    align: st.align,
                });
                text_lines.push(format!("[barcode {m}] {text}"));
            }
            Cmd::Cut => {
                end_line_if_any(&mut st, &mut line, &mut blocks, &mut text_lines);
                cuts += 1;
                blocks.push(Block::Cut);
            }
            Cmd::RealTime(..) | Cmd::Ignored(_) => {}
            Cmd::Unknown(p, c) => {
                let name = match p {
                    ESC => "ESC",
                    GS => "GS",
                    FS => "FS",
                    _ => "DLE",
                };
                warnings.push(format!("offset {pos}: unknown command {name} 0x{c:02X}"));
            }
        }
        pos += len;
    }
    flush_pending(&mut st, &mut line, &mut warnings);
    end_line_if_any(&mut st, &mut line, &mut blocks, &mut text_lines);

    let widest_text = blocks
        .iter()
        .map(|b| match b {
            Block::Text { glyphs, .. } => glyphs.iter().map(glyph_width).sum::<u32>(),
            _ => 0,
        })
        .max()
        .unwrap_or(0);
    let paper = match width {
        Some(w) => w,
        None if widest_raster == 384 && widest_text <= 384 => 384,
        None => 576,
    };
    let image = draw(&blocks, paper, &mut warnings);
    Preview {
        image,
        text_lines,
        qr_codes,
        warnings,
        init,
        cuts,
        rasters,
    }
}

fn glyph_width(g: &Glyph) -> u32 {
    crate::receipt::char_columns(g.c) as u32 * CELL_W * g.w
}

fn text_byte(st: &mut State, line: &mut Vec<Glyph>, warnings: &mut Vec<String>, b: u8, pos: usize) {
    if st.pending.is_empty() {
        if b < 0x20 || b == 0x7F {
            return; // other control characters (HT, NUL, …) print nothing here
        }
        if b < 0x80 {
            push_glyph(st, line, b as char, false);
            return;
        }
        if !st.kanji && !st.warned_outside_kanji {
            st.warned_outside_kanji = true;
            warnings.push(format!(
                "offset {pos}: two-byte text outside FS & … FS . (a printer whose Chinese mode is off prints code-page symbols)"
            ));
        }
        st.pending.push(b);
        st.pending_at = pos;
        return;
    }
    st.pending.push(b);
    let want = if st.pending.len() >= 2 && (0x30..=0x39).contains(&st.pending[1]) {
        4
    } else {
        2
    };
    if st.pending.len() >= want {
        let (text, bad) = encoding_rs::GB18030.decode_without_bom_handling(&st.pending);
        if bad {
            warnings.push(format!(
                "offset {}: malformed GB18030 bytes {:02X?}",
                st.pending_at, st.pending
            ));
        }
        let chars: Vec<char> = text.chars().collect();
        for c in chars {
            push_glyph(st, line, c, true);
        }
        st.pending.clear();
    }
}

fn flush_pending(st: &mut State, line: &mut Vec<Glyph>, warnings: &mut Vec<String>) {
    if !st.pending.is_empty() {
        warnings.push(format!(
            "offset {}: incomplete GB18030 character {:02X?}",
            st.pending_at, st.pending
        ));
        st.pending.clear();
        push_glyph(st, line, '\u{FFFD}', true);
    }
}

fn push_glyph(st: &mut State, line: &mut Vec<Glyph>, c: char, two_byte: bool) {
    if line.is_empty() {
        st.line_align = Some(st.align);
    }
    let (w, h) = if two_byte {
        (
            st.gs.0.max(st.fs.0).max(st.ank.0),
            st.gs.1.max(st.fs.1).max(st.ank.1),
        )
    } else {
        (st.gs.0.max(st.ank.0), st.gs.1.max(st.ank.1))
    };
    if line.len() < 4096 {
        line.push(Glyph {
            c,
            bold: st.bold,
            w,
            h,
        });
    }
}

fn end_line(
    st: &mut State,
    line: &mut Vec<Glyph>,
    blocks: &mut Vec<Block>,
    text_lines: &mut Vec<String>,
) {
    let pitch = line.iter().map(|g| g.h * CELL_H).max().unwrap_or(CELL_H) + st.spacing;
    let text: String = line.iter().map(|g| g.c).collect();
    let text = text.trim_end().to_string();
    if !text.is_empty() {
        text_lines.push(text);
    }
    let align = st.line_align.take().unwrap_or(st.align);
    blocks.push(Block::Text {
        glyphs: std::mem::take(line),
        align,
        pitch,
    });
}

fn end_line_if_any(
    st: &mut State,
    line: &mut Vec<Glyph>,
    blocks: &mut Vec<Block>,
    text_lines: &mut Vec<String>,
) {
    if !line.is_empty() {
        end_line(st, line, blocks, text_lines);
    }
}

fn qr_block(data: &[u8], ec: u8, module: u32) -> Result<Bitmap, qrcode::types::QrError> {
    let level = match ec {
        48 | 0 => qrcode::EcLevel::L,
        50 | 2 => qrcode::EcLevel::Q,
        51 | 3 => qrcode::EcLevel::H,
        _ => qrcode::EcLevel::M,
    };
    let code = qrcode::QrCode::with_error_correction_level(data, level)?;
    Ok(raster::qr_modules(&code, module))
}

/// A barcode stand-in: bars from the data bits (not scannable), 60 dots high.
fn barcode_placeholder(data: &[u8]) -> Bitmap {
    let bits: Vec<bool> = data
        .iter()
        .take(40)
        .flat_map(|b| (0..8).map(move |i| b & (1 << i) != 0))
        .collect();
    let w = (bits.len() as u32 * 2 + 8).min(576);
    let mut bmp = Bitmap::new(w, 60);
    for (i, bit) in bits.iter().enumerate() {
        let x = 4 + i as u32 * 2;
        for y in 0..60 {
            bmp.set(x, y, true);
            if *bit {
                bmp.set(x + 1, y, true);
            }
        }
    }
    bmp
}

fn block_height(b: &Block) -> u32 {
    match b {
        Block::Text { pitch, .. } => *pitch,
        Block::Space(n) => *n,
        Block::Picture { bmp, .. } => bmp.height,
        Block::Cut => 24,
    }
}

const MARGIN: u32 = 16;

fn draw(blocks: &[Block], paper: u32, warnings: &mut Vec<String>) -> image::GrayImage {
    let total: u64 = blocks.iter().map(|b| block_height(b) as u64).sum::<u64>() + 2 * MARGIN as u64;
    let height = if total > MAX_HEIGHT as u64 {
        warnings.push(format!(
            "the preview is {total} dots long; only the first {MAX_HEIGHT} are drawn"
        ));
        MAX_HEIGHT
    } else {
        total as u32
    };
    let mut canvas = Bitmap::new(paper, height);
    let mut y = MARGIN;
    for b in blocks {
        if y >= height {
            break;
        }
        match b {
            Block::Text {
                glyphs,
                align,
                pitch,
            } => {
                let text_w: u32 = glyphs.iter().map(glyph_width).sum();
                let base = glyphs.iter().map(|g| g.h * CELL_H).max().unwrap_or(CELL_H);
                let mut x = raster::align_x(paper, text_w, *align) as i64;
                for g in glyphs {
                    // Characters sit on a common baseline: shorter ones go to the bottom of the line.
                    let gy = y as i64 + (base - g.h * CELL_H) as i64;
                    x += raster::draw_char(&mut canvas, x, gy, g.c, g.bold, g.w, g.h) as i64;
                }
                y += pitch;
            }
            Block::Space(n) => y += n,
            Block::Picture { bmp, align } => {
                let x0 = raster::align_x(paper, bmp.width, *align);
                for yy in 0..bmp.height {
                    for xx in 0..bmp.width {
                        if bmp.get(xx, yy) {
                            canvas.set(x0 + xx, y + yy, true);
                        }
                    }
                }
                y += bmp.height;
            }
            Block::Cut => {
                for x in (0..paper).filter(|x| (x / 8) % 2 == 0) {
                    canvas.set(x, y + 12, true);
                }
                y += 24;
            }
        }
    }
    let raw: Vec<u8> = canvas
        .dots
        .iter()
        .map(|d| if *d { 0 } else { 255 })
        .collect();
    image::GrayImage::from_raw(paper, height, raw)
        .unwrap_or_else(|| image::GrayImage::from_pixel(paper, height, image::Luma([255])))
}
