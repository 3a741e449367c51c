//! The shell, tapped through as a person would, on Slint's testing backend with mock time: home → every service
//! screen → 返回 / 首页; call staff; 长辈模式 enlarges targets; English and back; the idle warning, "继续使用",
//! and the reset that clears the session. One #[test]: Slint's platform is set once per process.

use court_kiosk::app::AppAdapter;
use court_kiosk::config;
use slint::ComponentHandle;

mod common;
use common::{buttons, open_kiosk, screen, tap, wait_secs};

#[test]
fn tap_through_the_shell() {
    i_slint_backend_testing::init_no_event_loop();
    let cfg = config::from_texts(None).expect("default config");
    let (timeout, warning) = (cfg.kiosk.idle_timeout_s, cfg.kiosk.idle_warning_s);
    let (ui, _shell) = open_kiosk(&cfg, (2026, 11, 30, 1, 30));

    // Home shows 取号 and the clock in the court's time zone.
    assert_eq!(screen(&ui), "home");
    assert_eq!(buttons(&ui, "取号").len(), 1);
    assert_eq!(
        ui.global::<AppAdapter>().get_clock_text(),
        "2026年11月30日 星期一 09:30"
    );

    // Every counter service opens a screen that can take a number for it, and 返回 / 首页 lead home.
    for (i, svc) in cfg.services.iter().filter(|s| s.enabled).enumerate() {
        tap(&ui, &svc.name);
        assert_ne!(screen(&ui), "home", "{} opened nothing", svc.name);
        assert!(
            !buttons(&ui, "请工作人员协助").is_empty(),
            "{}: no call-staff button",
            svc.name
        );
        assert!(!buttons(&ui, "首页").is_empty(), "{}: no 首页", svc.name);
        tap(&ui, if i % 2 == 0 { "返回" } else { "首页" });
        assert_eq!(screen(&ui), "home", "back from {}", svc.name);
    }
    // The tools open their screens (or, until built, a screen that explains and offers 取号).
    for tool in ["诉讼风险评估", "诉讼费计算"] {
        tap(&ui, tool);
        assert_ne!(screen(&ui), "home", "{tool} opened nothing");
        tap(&ui, "首页");
        assert_eq!(screen(&ui), "home");
    }

    // 请工作人员协助 on home and on a service screen.
    tap(&ui, "请工作人员协助");
    assert!(ui.global::<AppAdapter>().get_staff_help_visible());
    tap(&ui, "好的");
    assert!(!ui.global::<AppAdapter>().get_staff_help_visible());

    // 长辈模式 enlarges the touch targets.
    let before = buttons(&ui, "取号")[0].size().height;
    tap(&ui, "长辈模式：关");
    assert!(ui.global::<AppAdapter>().get_large_text());
    let after = buttons(&ui, "取号")[0].size().height;
    assert!(
        after > before * 1.2,
        "取号 grew only from {before} to {after}"
    );
    tap(&ui, "长辈模式：开");
    assert!(!ui.global::<AppAdapter>().get_large_text());

    // English and back: fixed strings are translated, data strings come from configuration.
    tap(&ui, "English");
    assert_eq!(ui.global::<AppAdapter>().get_language(), "en");
    assert_eq!(
        buttons(&ui, "Take a number").len(),
        1,
        "the 取号 button is not translated"
    );
    assert!(
        !buttons(&ui, "Case filing").is_empty(),
        "service names are not in English"
    );
    tap(&ui, "中文");
    assert_eq!(buttons(&ui, "取号").len(), 1);

    // Idle: the warning comes after the configured time; 继续使用 keeps the session.
    tap(&ui, "长辈模式：关");
    tap(&ui, "English");
    tap(&ui, "Case filing");
    assert_eq!(screen(&ui), "service-info");
    wait_secs(timeout - 1);
    assert!(
        !ui.global::<AppAdapter>().get_idle_warning_visible(),
        "warned too early"
    );
    wait_secs(1);
    assert!(
        ui.global::<AppAdapter>().get_idle_warning_visible(),
        "no warning after {timeout}s"
    );
    assert_eq!(
        ui.global::<AppAdapter>().get_idle_countdown(),
        warning as i32
    );
    tap(&ui, "Continue");
    assert!(!ui.global::<AppAdapter>().get_idle_warning_visible());
    assert_eq!(
        screen(&ui),
        "service-info",
        "continuing must keep the screen"
    );

    // ...and without a touch the session is cleared: home, default language, normal text.
    wait_secs(timeout + warning);
    let app = ui.global::<AppAdapter>();
    assert_eq!(screen(&ui), "home");
    assert!(!app.get_idle_warning_visible());
    assert_eq!(app.get_language(), "zh");
    assert!(!app.get_large_text());
}
