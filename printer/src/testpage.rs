//! The printer test page: court name, every text style, a QR, a line of rare name characters, the profile.

use crate::profile::Profile;
use crate::receipt::{Align, BarcodeKind, Receipt};

/// The court name printed when the configuration gives none.
pub const DEFAULT_COURT: &str = "焦作市中级人民法院 诉讼服务中心";

/// Rare characters found in real names: 䶮 (U+4DAE, GB 18030 four-byte area in Unicode terms, FE9F) is outside
/// GB 2312 and GBK; 堃 玥 喆 燚 are in GBK but not GB 2312.
pub const RARE_CHARACTERS: &str = "䶮 堃 玥 喆 燚";

/// Build the test page for `profile`.
pub fn test_page(court_name: &str, profile: &Profile) -> Receipt {
    let court = if court_name.trim().is_empty() {
        DEFAULT_COURT
    } else {
        court_name
    };
    let mut r = Receipt::new()
        .styled(court, Align::Center, true, 1, 2)
        .text_centered("打印机自检页 Printer test page")
        .separator();
    r = r
        .text("普通 Normal 0123456789")
        .styled("加粗 Bold", Align::Left, true, 1, 1)
        .styled("倍宽 Double width", Align::Left, false, 2, 1)
        .styled("倍高 Double height", Align::Left, false, 1, 2)
        .styled("倍宽高 2×2", Align::Left, false, 2, 2)
        .styled("3×3", Align::Left, true, 3, 3)
        .styled("4×4", Align::Left, true, 4, 4)
        .styled("居中 Centre", Align::Center, false, 1, 1)
        .styled("居右 Right", Align::Right, false, 1, 1)
        .kv("键 Key", "值 Value")
        .separator()
        .text("生僻字 Rare characters:")
        .styled(RARE_CHARACTERS, Align::Center, false, 2, 2)
        .separator()
        .qr("https://court.example/printer-test")
        .text_centered("扫码应显示 https://court.example/printer-test")
        .barcode(BarcodeKind::Code39, "TEST-123")
        .separator()
        .kv("打印机型号 Profile", profile.name.clone())
        .kv(
            "纸宽 Paper",
            format!("{} mm / {} dots", profile.width_mm, profile.width_dots()),
        )
        .kv(
            "中文字库 Chinese font",
            match (profile.chinese_font, profile.coverage) {
                (true, Some(c)) => format!("{c:?}"),
                _ => "none (raster)".to_string(),
            },
        )
        .kv(
            "二维码 QR",
            if profile.native_qr {
                "native GS ( k"
            } else {
                "raster"
            },
        )
        .kv("切刀 Cutter", if profile.cutter { "yes" } else { "no" })
        .feed(3)
        .cut();
    r
}
