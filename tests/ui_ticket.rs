//! 取号 tapped through as a person would (Slint testing backend): home 取号 → service → 绿色通道 → 预约 code →
//! 确认取号 → the ticket screen, printed to a preview printer; a double tap gives one ticket; 完成 clears the
//! screen; then the same with a printer that fails: the ticket stays valid and the screen says 请拍照保存.
//! One #[test]: Slint's platform is set once per process.

use std::rc::Rc;

use court_kiosk::app::{AppWindow, Shell, TicketAdapter};
use court_kiosk::config;
use court_kiosk::store::Store;
use slint::ComponentHandle;

mod common;
use common::{open_kiosk, screen, settle, tap};

fn kiosk(data: &std::path::Path, printer: &str) -> (AppWindow, Rc<Shell>) {
    let machine = format!(
        "[storage]\ndata_dir = \"{}\"\n[printer]\nuri = \"{printer}\"\n",
        data.display()
    );
    let cfg = config::from_texts(Some(("test.toml", &machine))).expect("test config");
    // 10:30 in Asia/Shanghai.
    let (ui, shell) = open_kiosk(&cfg, (2026, 11, 30, 2, 30));
    (ui, shell)
}

#[test]
fn take_a_number_on_the_touch_screen() {
    i_slint_backend_testing::init_no_event_loop();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (ui, _shell) = kiosk(&data, "preview:printer-preview");
    let a = ui.global::<TicketAdapter>();

    tap(&ui, "取号");
    assert_eq!(screen(&ui), "ticket-services");
    tap(&ui, "立案登记");
    assert_eq!(screen(&ui), "ticket-options");
    tap(&ui, "60周岁以上老年人");
    assert_eq!(a.get_chosen_priority(), "senior");
    tap(&ui, "我有预约码");
    assert!(a.get_entering_code());
    // A too-short code is refused with the accepted form; then a good one.
    tap(&ui, "1");
    tap(&ui, "确认取号");
    assert_eq!(screen(&ui), "ticket-options");
    assert!(
        a.get_error().contains("4 至 12 位数字"),
        "{}",
        a.get_error()
    );
    for k in ["2", "3", "4"] {
        tap(&ui, k);
    }
    assert_eq!(a.get_appointment_code(), "1234");
    tap(&ui, "确认取号");
    assert_eq!(screen(&ui), "ticket-issued");
    assert_eq!(a.get_number(), "B001");
    assert_eq!(a.get_issued_service(), "立案登记");
    assert_eq!(a.get_issued_time(), "10:30");
    assert_eq!(a.get_priority_label(), "60周岁以上老年人");
    assert!(a.get_printed(), "{}", a.get_print_problem());
    assert!(a.get_qr().size().width > 0, "the QR is drawn");
    // The paper ticket went to the preview printer in the data directory.
    let previews = std::fs::read_dir(data.join("printer-preview"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert!(previews > 0, "nothing printed to the preview printer");

    // 完成 goes home and clears the ticket from the screen (the next person must not see it).
    tap(&ui, "完成");
    assert_eq!(screen(&ui), "home");
    assert_eq!(a.get_number(), "");
    assert_eq!(a.get_appointment_code(), "");

    // The next person: an ordinary filing ticket; the service list shows who waits.
    tap(&ui, "取号");
    let tiles = a.get_services();
    let filing = (0..slint::Model::row_count(&tiles))
        .filter_map(|i| slint::Model::row_data(&tiles, i))
        .find(|t| t.code == "filing")
        .unwrap();
    assert_eq!(filing.subtitle, "等候 1 人");
    tap(&ui, "立案登记");
    tap(&ui, "确认取号");
    assert_eq!(
        (a.get_number().as_str(), a.get_ahead()),
        ("B002", 1),
        "the senior ticket is ahead"
    );
    // A second tap on 确认取号 that arrives late replays the same request: still one ticket.
    a.invoke_confirm();
    settle();
    tap(&ui, "完成");

    let store = Store::open_in(&data).unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let tickets = store.tickets_on(day).unwrap();
    let rows: Vec<(&str, Option<&str>, Option<&str>, bool)> = tickets
        .iter()
        .map(|t| {
            (
                t.number.as_str(),
                t.priority.as_deref(),
                t.appointment_code.as_deref(),
                t.printed,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("B001", Some("senior"), Some("1234"), true),
            ("B002", None, None, true)
        ]
    );
    drop(store);
    drop(ui);

    // A printer that cannot print: the number is still issued and shown, with 请拍照保存或联系工作人员.
    let (ui, _shell) = kiosk(&data, "tcp://127.0.0.1:9");
    let a = ui.global::<TicketAdapter>();
    tap(&ui, "取号");
    tap(&ui, "司法救助");
    tap(&ui, "确认取号");
    assert_eq!(screen(&ui), "ticket-issued");
    assert_eq!(a.get_number(), "C001");
    assert!(!a.get_printed());
    assert!(!a.get_print_problem().is_empty());
    tap(&ui, "完成");
    // Printing is suspended now: the service list says so before the next number is taken.
    tap(&ui, "取号");
    assert!(
        a.get_printer_notice().contains("拍照"),
        "{}",
        a.get_printer_notice()
    );
}
