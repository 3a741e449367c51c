//! Status and print_job against the virtual printer (TCP on 127.0.0.1, port chosen by the OS), and the
//! file:/preview: transports.

use std::path::Path;
use std::time::{Duration, Instant};

use court_printer::emulator::Emulator;
use court_printer::receipt::Receipt;
use court_printer::{print_job, query_status, render, Fault, JobResult, Paper, Profile};

fn ticket(profile: &Profile) -> Vec<u8> {
    let r = Receipt::new()
        .title("焦作市中级人民法院")
        .text("B023")
        .qr("https://court.example/q/B023")
        .cut();
    render(&r, profile).unwrap()
}

fn wait_for(path: &Path) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        if path.exists() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

#[test]
fn status_reports_each_fault() {
    let dir = tempfile::tempdir().unwrap();
    // (fault, online, paper, cover_open, has error)
    let cases: &[(Fault, bool, Paper, bool, bool)] = &[
        (Fault::None, true, Paper::Ok, false, false),
        (Fault::PaperOut, false, Paper::Out, false, false),
        (Fault::PaperNearEnd, true, Paper::NearEnd, false, false),
        (Fault::CoverOpen, false, Paper::Ok, true, false),
        (Fault::Offline, false, Paper::Ok, false, false),
        (Fault::CutterError, false, Paper::Ok, false, true),
    ];
    for &(fault, online, paper, cover, err) in cases {
        let emu = Emulator::start("127.0.0.1:0", dir.path(), fault, None).unwrap();
        let uri = format!("tcp://{}", emu.addr());
        let s = query_status(&uri, None).unwrap();
        assert_eq!(
            (
                s.online,
                s.paper,
                s.cover_open,
                s.error.is_some(),
                s.is_virtual
            ),
            (online, paper, cover, err, false),
            "{fault:?}"
        );
        emu.stop();
    }
}

#[test]
fn fault_changes_at_run_time_through_the_fault_file() {
    let dir = tempfile::tempdir().unwrap();
    let emu = Emulator::start("127.0.0.1:0", dir.path(), Fault::None, None).unwrap();
    let uri = format!("tcp://{}", emu.addr());
    let seq: &[(&str, Paper, bool)] = &[
        ("paper-out", Paper::Out, false),
        ("cover-open", Paper::Ok, true),
        ("none", Paper::Ok, false),
    ];
    for (name, paper, cover) in seq {
        std::fs::write(dir.path().join("fault"), name).unwrap();
        let s = query_status(&uri, None).unwrap();
        assert_eq!(
            (s.paper, s.cover_open),
            (*paper, *cover),
            "after writing {name}"
        );
    }
    emu.stop();
}

#[test]
fn print_job_to_the_virtual_printer() {
    let dir = tempfile::tempdir().unwrap();
    let profile = Profile::load_embedded("generic-80").unwrap();
    let emu = Emulator::start("127.0.0.1:0", dir.path(), Fault::None, Some(576)).unwrap();
    let uri = format!("tcp://{}", emu.addr());
    let job = ticket(&profile);
    assert_eq!(print_job(&uri, None, &profile, &job), JobResult::Printed);
    // The job is stored without the status queries around it.
    assert!(wait_for(&dir.path().join("1.txt")), "no job stored");
    assert_eq!(std::fs::read(dir.path().join("1.bin")).unwrap(), job);
    let txt = std::fs::read_to_string(dir.path().join("1.txt")).unwrap();
    assert!(
        txt.contains("焦作市中级人民法院") && txt.contains("[QR] https://court.example/q/B023"),
        "{txt}"
    );

    // Paper out: nothing is sent, the result says why.
    std::fs::write(dir.path().join("fault"), "paper-out").unwrap();
    match print_job(&uri, None, &profile, &job) {
        JobResult::Failed { reason } => assert!(reason.contains("paper out"), "{reason}"),
        other => panic!("paper-out printed: {other:?}"),
    }
    emu.stop();
    assert!(
        !dir.path().join("2.bin").exists(),
        "a job reached a printer without paper"
    );
}

#[test]
fn unreachable_printer_is_a_typed_error_within_the_timeout() {
    // A port nobody listens on: connection refused at once.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let start = Instant::now();
    let e = query_status(&format!("tcp://127.0.0.1:{port}"), None).unwrap_err();
    assert!(e.to_string().contains("cannot connect"), "{e}");
    assert!(start.elapsed() < Duration::from_secs(4));
    let profile = Profile::load_embedded("generic-80").unwrap();
    assert!(matches!(
        print_job(&format!("tcp://127.0.0.1:{port}"), None, &profile, b"x"),
        JobResult::Failed { .. }
    ));
    // usb:// with no such device attached: a typed failure naming the device, not a silent success.
    match print_job("usb://0416:5011", None, &profile, b"x") {
        JobResult::Failed { reason } => assert!(reason.contains("usb://0416:5011"), "{reason}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn file_and_preview_transports() {
    let dir = tempfile::tempdir().unwrap();
    let profile = Profile::load_embedded("generic-58").unwrap();
    let job = ticket(&profile);
    // file: appends and is never reported as printed; relative paths resolve against the base directory.
    for _ in 0..2 {
        assert!(matches!(
            print_job("file:jobs/out.bin", Some(dir.path()), &profile, &job),
            JobResult::Unconfirmed { .. }
        ));
    }
    assert_eq!(
        std::fs::read(dir.path().join("jobs/out.bin"))
            .unwrap()
            .len(),
        2 * job.len()
    );
    // preview: numbers jobs and never overwrites.
    std::fs::create_dir_all(dir.path().join("prev")).unwrap();
    std::fs::write(dir.path().join("prev/7.bin"), b"older").unwrap();
    for want in [8, 9] {
        match print_job("preview:prev", Some(dir.path()), &profile, &job) {
            JobResult::Previewed { bin, png } => {
                assert_eq!(bin, dir.path().join(format!("prev/{want}.bin")));
                let img = image::open(&png).unwrap();
                assert_eq!(img.width(), 384);
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(
        std::fs::read(dir.path().join("prev/7.bin")).unwrap(),
        b"older"
    );
    // print_receipt renders first: a receipt that cannot be rendered is a failed job, nothing written.
    let bad = Receipt::new().styled("x", court_printer::Align::Left, false, 9, 1);
    match court_printer::print_receipt("preview:prev", Some(dir.path()), &profile, &bad) {
        JobResult::Failed { reason } => assert!(reason.contains("width_mul"), "{reason}"),
        other => panic!("{other:?}"),
    }
    let good = Receipt::new().text("ok");
    assert!(matches!(
        court_printer::print_receipt("preview:prev", Some(dir.path()), &profile, &good),
        JobResult::Previewed { .. }
    ));
    assert!(dir.path().join("prev/10.bin").exists() && !dir.path().join("prev/11.bin").exists());
    let s = query_status("preview:prev", Some(dir.path())).unwrap();
    assert!(s.is_virtual && s.online && s.paper == Paper::Ok);
}

#[test]
fn silent_printer_is_failed_not_printed() {
    // A printer that takes the connection but never answers (many go silent when the paper runs out).
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let hold = std::thread::spawn(move || {
        let conn = listener.accept().map(|(s, _)| s);
        std::thread::sleep(Duration::from_secs(5));
        drop(conn);
    });
    let profile = Profile::load_embedded("generic-80").unwrap();
    let start = Instant::now();
    match print_job(&format!("tcp://{addr}"), None, &profile, &ticket(&profile)) {
        JobResult::Failed { reason } => {
            assert!(reason.contains("did not answer DLE EOT 1"), "{reason}")
        }
        other => panic!("a silent printer gave {other:?}"),
    }
    let took = start.elapsed();
    assert!(
        took >= Duration::from_secs(2) && took < Duration::from_millis(4500),
        "{took:?}"
    );
    hold.join().unwrap();
}

#[test]
fn device_file_is_unconfirmed() {
    let dir = tempfile::tempdir().unwrap();
    let dev = dir.path().join("lp0");
    std::fs::write(&dev, b"").unwrap();
    let profile = Profile::load_embedded("generic-80").unwrap();
    let job = ticket(&profile);
    let uri = format!("dev:{}", dev.display());
    match print_job(&uri, None, &profile, &job) {
        JobResult::Unconfirmed { reason } => assert!(reason.contains("not confirmed"), "{reason}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read(&dev).unwrap(), job);
    assert!(query_status(&uri, None)
        .unwrap_err()
        .to_string()
        .contains("no read-back"));
    // A device that is not there is a failure, not a silent success.
    let missing = format!("dev:{}", dir.path().join("lp9").display());
    assert!(matches!(
        print_job(&missing, None, &profile, &job),
        JobResult::Failed { .. }
    ));
}
