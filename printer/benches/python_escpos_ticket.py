#!/usr/bin/env python3
"""The queue ticket of printer/benches/ticket_size.rs, written with python-escpos 3.x and its defaults.

Usage: python_escpos_ticket.py OUT.bin [--qr-size N]

Same content as the Rust bench: court name (bold, double size, centred), service, ticket number (4x4),
waiting count, time, a QR of the ticket URL, cut. python-escpos's qr() defaults to native=False: the QR is
sent as a raster image (GS v 0), size=3 dots per module. --qr-size changes only that module size (ours is 6).
Requires `pip install python-escpos` (3.x).
"""
import sys

try:
    import escpos
    from escpos.printer import Dummy
except ImportError:
    sys.exit("python-escpos is not installed: pip install 'python-escpos>=3,<4'")

from ticket_content import COURT, SERVICE, NUMBER, WAITING, TIME, URL  # noqa: E402


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    qr_size = 3
    if "--qr-size" in sys.argv:
        qr_size = int(sys.argv[sys.argv.index("--qr-size") + 1])
    p = Dummy()
    p.set(align="center", bold=True, double_height=True, double_width=True)
    p.text(COURT + "\n")
    p.set(normal_textsize=True, bold=False, align="left")
    p.text(SERVICE + "\n")
    p.set(align="center", bold=True, custom_size=True, width=4, height=4)
    p.text(NUMBER + "\n")
    p.set(normal_textsize=True, bold=False, align="left")
    p.text(WAITING + "\n")
    p.text(TIME + "\n")
    p.qr(URL, size=qr_size)
    p.cut()
    with open(out, "wb") as f:
        f.write(p.output)
    print(f"python-escpos {getattr(escpos, '__version__', '3.x')}: {len(p.output)} bytes (qr size {qr_size}, raster)")


if __name__ == "__main__":
    main()
