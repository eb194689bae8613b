#!/usr/bin/python3
"""report.html in headless Chromium, offline (issue 7).

Opens the page from file:// with the DevTools protocol and fails on any console error, uncaught exception,
JavaScript dialog or request to anything but file:// or data:. The page must have no script at all, show
its headline figures and charts, lay out to several A4 pages when printed, and show hostile text from the
data as text. Saves a screenshot.

usage: report_test.py OUT_DIR [HOSTILE_OUT_DIR] [--screenshot PNG]
Exits 77 (ctest's skip) when Chromium or python3-websocket is not installed.
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

SKIP = 77
try:
    import websocket  # python3-websocket (websocket-client)
except ImportError as e:
    print(f"SKIP: python3-websocket is not installed ({e}); `scripts/install-deps --test` installs it")
    sys.exit(SKIP)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if not CHROMIUM:
    print("SKIP: chromium is not installed; `scripts/install-deps --test` installs it")
    sys.exit(SKIP)

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL:", what)


class Browser:
    """Chromium with a fresh profile and nothing that talks to the network on its own."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="landrenew-chromium-")
        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-default-apps", "--disable-extensions", "--no-default-browser-check", "--hide-scrollbars",
             "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
             f"--user-data-dir={self.profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.time() + 30
        while not (os.path.exists(port_file) and open(port_file).read().count("\n") >= 1):
            if time.time() > deadline or self.proc.poll() is not None:
                raise RuntimeError("Chromium did not start its DevTools endpoint")
            time.sleep(0.05)
        port = open(port_file).read().split("\n")[0].strip()
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10))
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30, suppress_origin=True)
        self.next_id = 0
        self.events = []

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self.events.append(msg)

    def wait_for(self, method, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if any(e.get("method") == method for e in self.events):
                return True
            self.ws.settimeout(max(0.1, deadline - time.time()))
            try:
                self.events.append(json.loads(self.ws.recv()))
            except websocket.WebSocketTimeoutException:
                break
        return False

    def evaluate(self, expression):
        r = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        return r.get("result", {}).get("value")

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def open_page(b, path, screenshot=None):
    """Loads the page in `b`; returns its text after checking what must hold for every report."""
    b.events = []
    url = "file://" + os.path.abspath(path)
    b.call("Page.navigate", url=url)
    check(b.wait_for("Page.loadEventFired"), f"{path}: the page loads")
    b.evaluate("document.fonts.ready.then(() => true)")
    time.sleep(0.3)  # late requests, if any, would show up here
    b.evaluate("1")
    for e in b.events:
        m, p = e.get("method"), e.get("params", {})
        if m == "Network.requestWillBeSent":
            u = p["request"]["url"]
            check(u.startswith("file://") or u.startswith("data:"), f"{path}: no request leaves the file ({u})")
        elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert", "warning"):
            check(False, f"{path}: console {p.get('type')}: {p.get('args')}")
        elif m == "Runtime.exceptionThrown":
            check(False, f"{path}: exception {p.get('exceptionDetails', {}).get('text')}")
        elif m == "Log.entryAdded" and p["entry"].get("level") in ("error", "warning"):
            check(False, f"{path}: log {p['entry'].get('level')}: {p['entry'].get('text')} {p['entry'].get('url', '')}")
        elif m == "Page.javascriptDialogOpening":
            check(False, f"{path}: a JavaScript dialog opened: {p.get('message')}")
    check(b.evaluate("document.querySelectorAll('script').length") == 0, f"{path}: the page has no script")
    check(b.evaluate("document.documentElement.lang") == "zh-CN", f"{path}: the page is in Chinese")
    charts = b.evaluate("document.querySelectorAll('svg.chart').length")
    maps = b.evaluate("document.querySelectorAll('svg.map').length")
    check(charts >= 5 and maps >= 2, f"{path}: charts and maps are drawn ({charts} charts, {maps} maps)")
    text = b.evaluate("document.body.innerText")
    for words in ("三万亩腾出进度", "园区容积率提升", "企业亩均效益评价", "数据覆盖", "数据质量", "数据来源与版本", "SHA-256"):
        check(words in text, f"{path}: the page shows {words}")
    pdf = base64.b64decode(b.call("Page.printToPDF", paperWidth=8.27, paperHeight=11.69)["data"])
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    check(pages >= 4, f"{path}: prints to several A4 pages ({pages})")
    if screenshot:
        shot = b.call("Page.captureScreenshot", format="png")
        with open(screenshot, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
    return text


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    screenshot = sys.argv[sys.argv.index("--screenshot") + 1] if "--screenshot" in sys.argv else None
    if screenshot in args:
        args.remove(screenshot)
    out = args[0]
    summary = json.load(open(os.path.join(out, "summary.json"), encoding="utf-8"))
    b = Browser()
    try:
        for domain in ("Page", "Runtime", "Log", "Network"):
            b.call(f"{domain}.enable")
        b.call("Emulation.setDeviceMetricsOverride", width=1100, height=1500, deviceScaleFactor=1, mobile=False)
        text = open_page(b, os.path.join(out, "report.html"), screenshot)
        mu = f"{summary['freed']['mu']:,.1f}"
        check(mu in text, f"the headline shows the freed mu of summary.json ({mu})")
        if len(args) > 1:
            hostile = args[1]
            planted = json.load(open(os.path.join(hostile, "hostile.json"), encoding="utf-8"))
            text = open_page(b, os.path.join(hostile, "report.html"))
            check(planted["script"] in text, "hostile: the enterprise named <script>… is shown as text")
            check(b.evaluate("document.querySelector('h1').textContent") == planted["project_name"] and
                  b.evaluate("document.querySelector('h1').children.length") == 0,
                  "hostile: the project name with markup and quotes is text, not elements")
    finally:
        b.close()
    print(f"{len(failures)} failed" if failures else "ok: offline, no errors, no requests, hostile text shown as text")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
