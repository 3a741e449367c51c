//! Rasterising: text a printer cannot print itself, QR codes for printers without GS ( k, and the GS v 0
//! encoding of a bitmap. The decoder draws its preview with the same glyph cells.
//!
//! Fonts (embedded): Droid Sans Fallback (Apache-2.0) for CJK — it has no Latin or digits — and DejaVu Sans /
//! DejaVu Sans Bold (Bitstream Vera licence) for everything else. See `ui/fonts/LICENSES.md`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use ab_glyph::{point, Font, FontRef, PxScale, ScaleFont};

use crate::receipt::{char_columns, Align, Bitmap};

static CJK_TTF: &[u8] = include_bytes!("../../ui/fonts/DroidSansFallbackFull.ttf");
static LATIN_TTF: &[u8] = include_bytes!("../../ui/fonts/DejaVuSans.ttf");
static LATIN_BOLD_TTF: &[u8] = include_bytes!("../../ui/fonts/DejaVuSans-Bold.ttf");

/// Width of one half-width column in dots (font A, 12 × 24).
pub const CELL_W: u32 = 12;
/// Height of one character row in dots.
pub const CELL_H: u32 = 24;

struct Fonts {
    cjk: Option<FontRef<'static>>,
    latin: Option<FontRef<'static>>,
    latin_bold: Option<FontRef<'static>>,
}

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| Fonts {
        cjk: FontRef::try_from_slice(CJK_TTF).ok(),
        latin: FontRef::try_from_slice(LATIN_TTF).ok(),
        latin_bold: FontRef::try_from_slice(LATIN_BOLD_TTF).ok(),
    })
}

/// Draw one character into `canvas` with its cell's top-left corner at (x, y); returns the cell width in dots.
/// The cell is `char_columns(c) * 12 * width_mul` wide and `24 * height_mul` high. A character no embedded font
/// has is drawn as an outlined box, never skipped silently. Glyph cells are cached (the decoder draws the same
/// few hundred characters over and over).
pub fn draw_char(
    canvas: &mut Bitmap,
    x: i64,
    y: i64,
    c: char,
    bold: bool,
    width_mul: u32,
    height_mul: u32,
) -> u32 {
    let wm = width_mul.clamp(1, 8);
    let hm = height_mul.clamp(1, 8);
    if c == ' ' {
        return char_columns(c) as u32 * CELL_W * wm;
    }
    let cell = cached_cell(c, bold, wm, hm);
    for (i, d) in cell.dots.iter().enumerate() {
        if *d {
            let (cx, cy) = (
                (i as u32 % cell.width) as i64,
                (i as u32 / cell.width) as i64,
            );
            set(canvas, x + cx, y + cy);
        }
    }
    cell.width
}

type CellKey = (char, bool, u32, u32);

fn cached_cell(c: char, bold: bool, wm: u32, hm: u32) -> Arc<Bitmap> {
    static CACHE: OnceLock<Mutex<HashMap<CellKey, Arc<Bitmap>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let key = (c, bold, wm, hm);
    if let Some(b) = cache.lock().ok().and_then(|m| m.get(&key).cloned()) {
        return b;
    }
    let cell = Arc::new(glyph_cell(c, bold, wm, hm));
    if let Ok(mut m) = cache.lock() {
        if m.len() > 20_000 {
            m.clear();
        }
        m.insert(key, cell.clone());
    }
    cell
}

/// Rasterise one character into its own cell bitmap.
fn glyph_cell(c: char, bold: bool, wm: u32, hm: u32) -> Bitmap {
    let cell_w = char_columns(c) as u32 * CELL_W * wm;
    let cell_h = CELL_H * hm;
    let mut canvas = Bitmap::new(cell_w, cell_h);
    let (x, y) = (0i64, 0i64);
    let f = fonts();
    let latin = if bold {
        f.latin_bold.as_ref().or(f.latin.as_ref())
    } else {
        f.latin.as_ref()
    };
    // DejaVu for what it has, Droid Sans Fallback for CJK.
    let choice = [latin, f.cjk.as_ref()]
        .into_iter()
        .flatten()
        .find(|font| font.glyph_id(c).0 != 0);
    let Some(font) = choice else {
        draw_box(
            &mut canvas,
            x + 1,
            y + 2,
            cell_w.saturating_sub(2),
            cell_h.saturating_sub(4),
        );
        return canvas;
    };
    // Scale so that the glyph fills the cell like a printer font: CJK 24 px em; Latin a little narrower.
    let (sx, sy) = if c.is_ascii() {
        (20.0, 22.0)
    } else {
        (24.0, 24.0)
    };
    let scale = PxScale {
        x: sx * wm as f32,
        y: sy * hm as f32,
    };
    let scaled = font.as_scaled(scale);
    let id = font.glyph_id(c);
    let advance = scaled.h_advance(id);
    let ascent = scaled.ascent();
    let descent = scaled.descent();
    // Vertically centre the font's line box in the cell.
    let line_h = ascent - descent;
    let top = (cell_h as f32 - line_h) / 2.0;
    let gx = x as f32 + ((cell_w as f32 - advance) / 2.0).max(0.0);
    let gy = y as f32 + top + ascent;
    let glyph = id.with_scale_and_position(scale, point(gx, gy));
    if let Some(outlined) = font.outline_glyph(glyph) {
        let b = outlined.px_bounds();
        let (left, topb) = (b.min.x as i64, b.min.y as i64);
        let passes: &[i64] = if bold && !c.is_ascii() { &[0, 1] } else { &[0] };
        outlined.draw(|px, py, cov| {
            if cov > 0.45 {
                for dx in passes {
                    let xx = left + px as i64 + dx;
                    let yy = topb + py as i64;
                    if xx >= x && xx < x + cell_w as i64 && yy >= y && yy < y + cell_h as i64 {
                        set(&mut canvas, xx, yy);
                    }
                }
            }
        });
    }
    canvas
}

fn set(canvas: &mut Bitmap, x: i64, y: i64) {
    if x >= 0 && y >= 0 && x <= u32::MAX as i64 && y <= u32::MAX as i64 {
        canvas.set(x as u32, y as u32, true);
    }
}

fn draw_box(canvas: &mut Bitmap, x: i64, y: i64, w: u32, h: u32) {
    for i in 0..w as i64 {
        set(canvas, x + i, y);
        set(canvas, x + i, y + h as i64 - 1);
    }
    for j in 0..h as i64 {
        set(canvas, x, y + j);
        set(canvas, x + w as i64 - 1, y + j);
    }
}

/// Left edge of something `w` dots wide placed on a line `paper` dots wide.
pub fn align_x(paper: u32, w: u32, align: Align) -> u32 {
    match align {
        Align::Left => 0,
        Align::Center => paper.saturating_sub(w) / 2,
        Align::Right => paper.saturating_sub(w),
    }
}

/// One line of text as a full-paper-width bitmap, exactly as the printer would lay it out with its own font.
pub fn text_line(
    line: &str,
    align: Align,
    bold: bool,
    width_mul: u32,
    height_mul: u32,
    paper: u32,
) -> Bitmap {
    let wm = width_mul.clamp(1, 8);
    let hm = height_mul.clamp(1, 8);
    let text_w: u32 = line
        .chars()
        .map(|c| char_columns(c) as u32 * CELL_W * wm)
        .sum();
    let mut bmp = Bitmap::new(paper, CELL_H * hm);
    let mut x = align_x(paper, text_w, align) as i64;
    for c in line.chars() {
        x += draw_char(&mut bmp, x, 0, c, bold, wm, hm) as i64;
    }
    bmp
}

/// A QR code (error correction M) with `module` dots per module and a 4-module quiet zone.
pub fn qr(data: &str, module: u32) -> Result<Bitmap, qrcode::types::QrError> {
    let code = qrcode::QrCode::with_error_correction_level(data.as_bytes(), qrcode::EcLevel::M)?;
    Ok(qr_modules(&code, module))
}

/// Draw an encoded QR symbol with a 4-module quiet zone.
pub fn qr_modules(code: &qrcode::QrCode, module: u32) -> Bitmap {
    let m = module.clamp(1, 16);
    let n = code.width() as u32;
    let side = (n + 8) * m;
    let mut bmp = Bitmap::new(side, side);
    let colors = code.to_colors();
    for (i, col) in colors.iter().enumerate() {
        if *col == qrcode::Color::Dark {
            let (mx, my) = ((i as u32) % n, (i as u32) / n);
            for dy in 0..m {
                for dx in 0..m {
                    bmp.set((mx + 4) * m + dx, (my + 4) * m + dy, true);
                }
            }
        }
    }
    bmp
}

/// Place `bmp` on a full-width strip of the paper according to `align` (cropped if wider).
pub fn place(bmp: &Bitmap, paper: u32, align: Align) -> Bitmap {
    let mut out = Bitmap::new(paper, bmp.height);
    let x0 = align_x(paper, bmp.width, align);
    for y in 0..bmp.height {
        for x in 0..bmp.width.min(paper) {
            if bmp.get(x, y) {
                out.set(x0 + x, y, true);
            }
        }
    }
    out
}

/// Band height for GS v 0: cheap printers have small receive buffers, so large images go in bands.
pub const BAND_ROWS: u32 = 256;

/// `GS v 0 m xL xH yL yH d1…dk` (m = 0, normal size) in bands of at most [`BAND_ROWS`] rows. Each row is
/// `ceil(width / 8)` bytes, most significant bit leftmost, 1 = black.
pub fn gs_v0(bmp: &Bitmap) -> Vec<u8> {
    let wb = bmp.width.div_ceil(8);
    let mut out = Vec::new();
    let mut y0 = 0;
    while y0 < bmp.height {
        let rows = (bmp.height - y0).min(BAND_ROWS);
        out.extend_from_slice(&[0x1D, 0x76, 0x30, 0x00]);
        out.extend_from_slice(&(wb as u16).to_le_bytes());
        out.extend_from_slice(&(rows as u16).to_le_bytes());
        for y in y0..y0 + rows {
            for bx in 0..wb {
                let mut byte = 0u8;
                for bit in 0..8 {
                    if bmp.get(bx * 8 + bit, y) {
                        byte |= 0x80 >> bit;
                    }
                }
                out.push(byte);
            }
        }
        y0 += rows;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn black(b: &Bitmap) -> usize {
        b.dots.iter().filter(|d| **d).count()
    }

    #[test]
    fn every_kind_of_character_draws_ink() {
        // Latin (DejaVu), common and rare hanzi (Droid Sans Fallback), full-width punctuation.
        for s in ["A", "8", "法", "䶮", "堃", "（", "￥"] {
            let b = text_line(s, Align::Left, false, 1, 1, 384);
            assert!(black(&b) > 10, "{s} drew {} dots", black(&b));
        }
    }

    #[test]
    fn alignment_and_size() {
        let cases: &[(Align, u32, u32)] = &[
            (Align::Left, 0, 24),
            (Align::Center, 180, 204),
            (Align::Right, 360, 384),
        ];
        for (align, lo, hi) in cases {
            let b = text_line("国", *align, false, 1, 1, 384);
            let xs: Vec<u32> = (0..384).filter(|x| (0..24).any(|y| b.get(*x, y))).collect();
            assert!(
                xs.iter().all(|x| x >= lo && x < hi),
                "{align:?}: ink at {:?}..{:?}",
                xs.first(),
                xs.last()
            );
        }
        assert_eq!(text_line("国", Align::Left, false, 2, 3, 576).height, 72);
    }

    #[test]
    fn gs_v0_layout() {
        let mut b = Bitmap::new(10, 2);
        b.set(0, 0, true);
        b.set(9, 1, true);
        assert_eq!(
            gs_v0(&b),
            vec![0x1D, 0x76, 0x30, 0, 2, 0, 2, 0, 0x80, 0x00, 0x00, 0x40]
        );
        let tall = Bitmap::new(8, 300);
        let bytes = gs_v0(&tall);
        assert_eq!(bytes.len(), 8 + 256 + 8 + 44);
    }
}
