//! `court-kiosk printer …` end to end: test page to a file and to the virtual printer, preview, status JSON for
//! each fault, and the errors for bad flags.

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn kiosk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_court-kiosk"))
        .args(args)
        .output()
        .expect("run court-kiosk")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Emu(Child);

impl Drop for Emu {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn emulate(port: u16, dir: &Path, fault: &str) -> Emu {
    let child = Command::new(env!("CARGO_BIN_EXE_court-kiosk"))
        .args([
            "printer",
            "emulate",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--out",
        ])
        .arg(dir)
        .args(["--fault", fault])
        .stderr(Stdio::null())
        .spawn()
        .expect("start emulator");
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "emulator did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Emu(child)
}

fn png_width(path: &Path) -> u32 {
    image::open(path).expect("a PNG").width()
}

#[test]
fn test_page_to_file_then_preview() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("test.bin");
    let o = kiosk(&[
        "printer",
        "test",
        "--printer",
        &format!("file:{}", bin.display()),
    ]);
    assert!(o.status.success(), "{o:?}");
    assert!(
        stdout(&o).starts_with("unconfirmed"),
        "a file write is never reported as printed: {}",
        stdout(&o)
    );
    let png = dir.path().join("test.png");
    let o = kiosk(&[
        "printer",
        "preview",
        bin.to_str().unwrap(),
        "-o",
        png.to_str().unwrap(),
        "--text",
    ]);
    assert!(o.status.success(), "{o:?}");
    let text = stdout(&o);
    for want in [
        "焦作市中级人民法院",
        "倍宽高",
        "generic-80",
        "[QR] https://court.example/printer-test",
    ] {
        assert!(text.contains(want), "preview text lacks {want}: {text}");
    }
    assert!(!text.contains("[warning]"), "{text}");
    assert_eq!(png_width(&png), 576);
    // The QR in the picture scans (zbarimg is a system tool; checked where installed).
    if let Ok(z) = Command::new("zbarimg")
        .args(["-q", "--raw"])
        .arg(&png)
        .output()
    {
        if z.status.code().is_some_and(|c| c != 127) {
            assert!(
                String::from_utf8_lossy(&z.stdout).contains("https://court.example/printer-test"),
                "{z:?}"
            );
        }
    }
}

#[test]
fn status_json_for_each_fault() {
    let dir = tempfile::tempdir().unwrap();
    // (fault, expected JSON)
    let cases: &[(&str, &str)] = &[
        (
            "none",
            r#"{"online":true,"paper":"ok","cover_open":false,"error":null,"virtual":false}"#,
        ),
        (
            "paper-out",
            r#"{"online":false,"paper":"out","cover_open":false,"error":null,"virtual":false}"#,
        ),
        (
            "cover-open",
            r#"{"online":false,"paper":"ok","cover_open":true,"error":null,"virtual":false}"#,
        ),
        (
            "offline",
            r#"{"online":false,"paper":"ok","cover_open":false,"error":null,"virtual":false}"#,
        ),
    ];
    for (fault, want) in cases {
        let port = free_port();
        let _emu = emulate(port, &dir.path().join(fault), fault);
        let o = kiosk(&[
            "printer",
            "status",
            "--printer",
            &format!("tcp://127.0.0.1:{port}"),
            "--json",
        ]);
        assert_eq!(stdout(&o).trim(), *want, "{fault}: {o:?}");
        assert_eq!(
            o.status.code(),
            Some(if *fault == "none" { 0 } else { 2 }),
            "{fault}"
        );
    }
}

#[test]
fn test_page_on_the_virtual_printer() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let _emu = emulate(port, dir.path(), "none");
    let o = kiosk(&[
        "printer",
        "test",
        "--printer",
        &format!("tcp://127.0.0.1:{port}"),
        "--profile",
        "generic-58",
    ]);
    assert!(
        o.status.success() && stdout(&o).starts_with("printed"),
        "{o:?}"
    );
    let png = dir.path().join("1.png");
    let start = Instant::now();
    while !dir.path().join("1.txt").exists() {
        assert!(start.elapsed() < Duration::from_secs(10), "job not stored");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(png_width(&png), 384);
    // Paper out at run time: the next test page fails with the reason.
    std::fs::write(dir.path().join("fault"), "paper-out").unwrap();
    let o = kiosk(&[
        "printer",
        "test",
        "--printer",
        &format!("tcp://127.0.0.1:{port}"),
    ]);
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("paper out"),
        "{o:?}"
    );
}

#[test]
fn bad_flags_say_what_is_accepted() {
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "printer",
                "emulate",
                "--listen",
                "127.0.0.1:0",
                "--fault",
                "jammed",
            ],
            "paper-out",
        ),
        (
            &[
                "printer", "preview", "x.bin", "-o", "x.png", "--width", "70",
            ],
            "accepted: 58, 80",
        ),
        (
            &["printer", "status", "--printer", "lpt1", "--json"],
            "tcp://HOST:PORT",
        ),
        (
            &[
                "printer",
                "test",
                "--printer",
                "file:/dev/null",
                "--profile",
                "epson",
            ],
            "generic-80",
        ),
    ];
    for (args, want) in cases {
        let o = kiosk(args);
        assert!(!o.status.success(), "{args:?} succeeded");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(want), "{args:?}: {err}");
    }
}
