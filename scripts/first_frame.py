#!/usr/bin/env python3
"""Cold start to first frame, measured from outside: start the kiosk under an X server and poll one pixel of the
root window (the header's court red, Theme.brand #a3161a) with XGetImage through libX11 until it appears.
Prints `first-frame-ms: N` and, after an idle pause, `rss-kib: N`. Used by scripts/bench-startup.sh."""
import ctypes, ctypes.util, os, subprocess, sys, time

BRAND = (0xA3, 0x16, 0x1A)


def main():
    cmd = sys.argv[1:]
    x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XDefaultRootWindow.restype = ctypes.c_ulong
    x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    x11.XGetImage.restype = ctypes.c_void_p
    x11.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int, ctypes.c_uint,
                              ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
    x11.XGetPixel.restype = ctypes.c_ulong
    x11.XGetPixel.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
    x11.XDestroyImage = None  # freed with XFree below
    x11.XFree.argtypes = [ctypes.c_void_p]
    dpy = x11.XOpenDisplay(None)
    if not dpy:
        sys.exit("cannot open the X display")
    root = x11.XDefaultRootWindow(dpy)

    def pixel():
        img = x11.XGetImage(dpy, root, 540, 20, 1, 1, 0xFFFFFFFF, 2)  # ZPixmap
        if not img:
            return None
        p = x11.XGetPixel(img, 0, 0)
        x11.XFree(img)
        return ((p >> 16) & 255, (p >> 8) & 255, p & 255)

    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    first = None
    while time.monotonic() - t0 < 10:
        if pixel() == BRAND:
            first = (time.monotonic() - t0) * 1000
            break
        time.sleep(0.002)
    time.sleep(3)
    rss = 0
    try:
        with open(f"/proc/{proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS"):
                    rss = int(line.split()[1])
    finally:
        proc.terminate()
        proc.wait()
    if first is None:
        sys.exit("the first frame never appeared")
    print(f"first-frame-ms: {first:.0f}")
    print(f"rss-kib: {rss}")


if __name__ == "__main__":
    main()
