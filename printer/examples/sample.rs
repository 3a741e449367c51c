//! Render a sample queue ticket for a profile and write `OUT.bin` and `OUT.png`: `cargo run -p court-printer
//! --example sample -- generic-80 /tmp/ticket`.
use court_printer::preview;
use court_printer::receipt::{Align, Receipt};
use court_printer::Profile;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let profile = Profile::load_embedded(args.get(1).map(String::as_str).unwrap_or("generic-80"))?;
    let out = args.get(2).cloned().unwrap_or_else(|| "/tmp/ticket".into());
    let r = Receipt::new()
        .title("焦作市中级人民法院")
        .text_centered("诉讼服务中心 排队凭条")
        .separator()
        .kv("业务", "立案登记")
        .styled("B023", Align::Center, true, 4, 4)
        .kv("前面等候", "4 人")
        .kv("取号时间", "2026-11-28 09:30")
        .text("当事人：张䶮 李堃 (rare names)")
        .qr("https://court.example/q/B023")
        .text_centered("请留意叫号，过号请重新取号")
        .feed(2)
        .cut();
    let bytes = court_printer::render(&r, &profile)?;
    std::fs::write(format!("{out}.bin"), &bytes)?;
    let p = preview::decode_with_width(&bytes, Some(profile.width_dots()));
    std::fs::write(format!("{out}.png"), p.png()?)?;
    println!(
        "{} bytes; lines {:?}; qr {:?}; warnings {:?}",
        bytes.len(),
        p.text_lines,
        p.qr_codes,
        p.warnings
    );
    Ok(())
}
